package io.emotioncluster.node.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines like {@link java.io.BufferedReader#readLine()}, but never holds more than
 * {@code maxChars} of one line: a file that is one 300 MB line (a wrong upload, a file with
 * old-Mac line endings) would otherwise become a 600 MB String. Over-long lines are consumed up
 * to their end and returned as "" with {@link #lastLineTooLong()} set, so the caller can report
 * them and go on.
 */
final class BoundedLineReader implements Closeable {

  private final Reader in;
  private final int maxChars;
  private final char[] buf = new char[1 << 16];
  private final StringBuilder line = new StringBuilder();
  private int pos;
  private int lim;
  private boolean tooLong;

  BoundedLineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line without its '\n' or "\r\n", or null at the end of the input. */
  String readLine() throws IOException {
    line.setLength(0);
    tooLong = false;
    boolean any = false;
    while (true) {
      if (pos >= lim) {
        int n = in.read(buf, 0, buf.length);
        pos = 0;
        lim = Math.max(n, 0);
        if (n < 0) {
          return any ? finish() : null;
        }
        continue;
      }
      any = true;
      int start = pos;
      while (pos < lim && buf[pos] != '\n') {
        pos++;
      }
      append(start, pos);
      if (pos < lim) {
        pos++; // the '\n'
        return finish();
      }
    }
  }

  boolean lastLineTooLong() {
    return tooLong;
  }

  private void append(int from, int to) {
    if (tooLong) {
      return;
    }
    if (line.length() + (to - from) > maxChars + 1) { // + 1: room for a '\r' before '\n'
      tooLong = true;
      line.setLength(0);
    } else {
      line.append(buf, from, to - from);
    }
  }

  private String finish() {
    int n = line.length();
    if (n > 0 && line.charAt(n - 1) == '\r') {
      line.setLength(n - 1);
    }
    if (line.length() > maxChars) {
      tooLong = true;
      return "";
    }
    return tooLong ? "" : line.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
