package io.emotioncluster.node.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

  @Test
  void splitsOnLfAndCrLfAndKeepsALastLineWithoutNewline() throws IOException {
    BoundedLineReader r = new BoundedLineReader(new StringReader("a,b\r\n\nc\nlast"), 100);
    assertThat(r.readLine()).isEqualTo("a,b");
    assertThat(r.readLine()).isEmpty();
    assertThat(r.readLine()).isEqualTo("c");
    assertThat(r.readLine()).isEqualTo("last");
    assertThat(r.readLine()).isNull();
    assertThat(r.readLine()).isNull();
  }

  @Test
  void overLongLinesAreFlaggedAndConsumedWholeAcrossBufferBoundaries() throws IOException {
    String longLine = "x".repeat(200_000); // spans several internal 64K buffers
    BoundedLineReader r = new BoundedLineReader(
        new StringReader("ok\n" + longLine + "\n" + "y".repeat(100) + "\r\nafter\n"), 100);
    assertThat(r.readLine()).isEqualTo("ok");
    assertThat(r.lastLineTooLong()).isFalse();
    assertThat(r.readLine()).isEmpty();
    assertThat(r.lastLineTooLong()).isTrue();
    assertThat(r.readLine()).hasSize(100); // exactly the cap, with its \r removed
    assertThat(r.lastLineTooLong()).isFalse();
    assertThat(r.readLine()).isEqualTo("after");
    assertThat(r.readLine()).isNull();
  }
}
