package io.emotioncluster.node.reliability;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Seeded generators of hostile inputs: broken images, odd sizes, strange strings. */
final class Mutations {

  private final Random rnd;
  private final byte[] png;
  private final byte[] jpeg;

  Mutations(long seed) throws IOException {
    this.rnd = new Random(seed);
    BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        img.getRaster().setSample(x, y, 0, (x * 5 + y * 3) & 0xff);
      }
    }
    png = encode(img, "png");
    BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().fillOval(8, 8, 48, 48);
    jpeg = encode(rgb, "jpg");
  }

  Random random() {
    return rnd;
  }

  private static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  /** A valid image, or one truncated, bit-flipped, with a forged huge size, or plain noise. */
  byte[] encodedImage() {
    byte[] base = rnd.nextBoolean() ? png : jpeg;
    return switch (rnd.nextInt(7)) {
      case 0 -> base.clone();
      case 1 -> Arrays.copyOf(base, rnd.nextInt(base.length));
      case 2 -> flip(base, 1 + rnd.nextInt(20));
      case 3 -> hugePngHeader();
      case 4 -> bytes(rnd.nextInt(4096));
      case 5 -> new byte[0];
      default -> concat(Arrays.copyOf(base, Math.min(base.length, 33)), bytes(rnd.nextInt(512)));
    };
  }

  /** A PNG whose header claims up to 2^31-1 x 2^31-1 pixels (decompression-bomb shape). */
  byte[] hugePngHeader() {
    byte[] b = png.clone();
    int w = rnd.nextBoolean() ? Integer.MAX_VALUE : 1 + rnd.nextInt(1 << 20);
    int h = rnd.nextBoolean() ? Integer.MAX_VALUE : 1 + rnd.nextInt(1 << 20);
    putInt(b, 16, w); // IHDR width/height follow the 8-byte signature and the chunk header
    putInt(b, 20, h);
    return b;
  }

  int dimension() {
    return switch (rnd.nextInt(6)) {
      case 0 -> 0;
      case 1 -> 1;
      case 2 -> 48;
      case 3 -> 65535;
      case 4 -> Integer.MAX_VALUE;
      default -> rnd.nextInt(5000);
    };
  }

  int channels() {
    return rnd.nextInt(4) == 0 ? rnd.nextInt(Integer.MAX_VALUE) : rnd.nextInt(6);
  }

  /** Version or job ids: empty, plausible, unknown, path-like, unicode, very long. */
  String id() {
    return switch (rnd.nextInt(8)) {
      case 0 -> "";
      case 1 -> "v" + (2 + rnd.nextInt(1_000_000));
      case 2 -> "../../etc/passwd";
      case 3 -> "\u00e9\u00e8\u2603\ud83d\ude00";
      case 4 -> "x".repeat(rnd.nextInt(10_000));
      case 5 -> "job-" + Long.toHexString(rnd.nextLong());
      case 6 -> " \t\n";
      default -> new String(bytes(rnd.nextInt(40)), java.nio.charset.StandardCharsets.ISO_8859_1);
    };
  }

  int anyInt() {
    return switch (rnd.nextInt(5)) {
      case 0 -> 0;
      case 1 -> -1;
      case 2 -> Integer.MAX_VALUE;
      case 3 -> Integer.MIN_VALUE;
      default -> rnd.nextInt(2000) - 100;
    };
  }

  float anyFloat() {
    return switch (rnd.nextInt(6)) {
      case 0 -> Float.NaN;
      case 1 -> Float.POSITIVE_INFINITY;
      case 2 -> -1f;
      case 3 -> 0f;
      case 4 -> Float.MAX_VALUE;
      default -> rnd.nextFloat() * 2;
    };
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private byte[] flip(byte[] base, int times) {
    byte[] b = base.clone();
    for (int i = 0; i < times; i++) {
      b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
