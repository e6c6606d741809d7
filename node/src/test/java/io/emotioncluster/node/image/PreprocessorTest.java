package io.emotioncluster.node.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

  @Test
  void producesChwFloatsScaledToUnitRange() {
    byte[] rgb = {(byte) 255, 0, 0, 0, (byte) 255, 0};
    float[] out = new Preprocessor(InputSpec.of(2, 1, 3)).apply(new PixelImage(2, 1, 3, rgb));
    // channel planes: R = [1, 0], G = [0, 1], B = [0, 0]
    assertThat(out).containsExactly(1f, 0f, 0f, 1f, 0f, 0f);
  }

  @Test
  void grayToRgbToGrayIsLossless() {
    byte[] gray = new byte[64];
    new Random(1).nextBytes(gray);
    PixelImage g = new PixelImage(8, 8, 1, gray);
    PixelImage rgb = Preprocessor.convertChannels(g, 3);
    assertThat(Preprocessor.convertChannels(rgb, 1).pixels()).isEqualTo(gray);
  }

  @Test
  void downscalingAveragesAreas() {
    // 4x4 checkerboard of 0/200 in 2x2 blocks -> 2x2 of block values
    byte[] px = new byte[16];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        px[y * 4 + x] = (byte) (((x / 2 + y / 2) % 2) * 200);
      }
    }
    PixelImage small = Resize.to(new PixelImage(4, 4, 1, px), 2, 2);
    assertThat(small.pixels()).containsExactly(0, (byte) 200, (byte) 200, 0);
    // uniform image stays uniform at any size, up or down
    byte[] flat = new byte[30 * 20];
    java.util.Arrays.fill(flat, (byte) 77);
    PixelImage f = new PixelImage(30, 20, 1, flat);
    for (int[] size : new int[][] {{48, 48}, {7, 13}, {100, 3}}) {
      PixelImage r = Resize.to(f, size[0], size[1]);
      for (byte b : r.pixels()) {
        assertThat(b & 0xFF).isEqualTo(77);
      }
    }
  }

  @Test
  void largeCameraFrameIsReducedToModelInput() {
    byte[] px = new byte[640 * 480 * 3];
    new Random(7).nextBytes(px);
    float[] out = new Preprocessor(InputSpec.of(48, 48, 1)).apply(new PixelImage(640, 480, 3, px));
    assertThat(out).hasSize(48 * 48);
    double mean = 0;
    for (float v : out) {
      assertThat(v).isBetween(0f, 1f);
      mean += v;
    }
    // random bytes average to ~0.5 after area averaging
    assertThat(mean / out.length).isCloseTo(0.5, within(0.05));
  }
}
