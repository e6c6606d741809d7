package io.emotioncluster.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.image.PixelImage;
import org.junit.jupiter.api.Test;

class FaceCropTest {

  private static PixelImage ramp(int w, int h) {
    byte[] p = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        p[i] = (byte) x;
        p[i + 1] = (byte) y;
        p[i + 2] = 7;
      }
    }
    return new PixelImage(w, h, 3, p);
  }

  @Test
  void addsTheMarginOnEachSide() {
    PixelImage img = ramp(200, 100);
    PixelImage crop = FaceCrop.crop(img, new FaceBox(50, 30, 40, 20));
    // 20%: 8 px left/right, 4 px top/bottom
    assertThat(crop.width()).isEqualTo(56);
    assertThat(crop.height()).isEqualTo(28);
    assertThat(crop.get(0, 0, 0)).isEqualTo(42);
    assertThat(crop.get(0, 0, 1)).isEqualTo(26);
    assertThat(crop.get(55, 27, 0)).isEqualTo(97);
    assertThat(crop.get(55, 27, 1)).isEqualTo(53);
    assertThat(crop.get(3, 3, 2)).isEqualTo(7);
  }

  @Test
  void clampsToTheImage() {
    assertThat(FaceCrop.expand(new FaceBox(0, 0, 50, 50), 60, 55, 0.2))
        .isEqualTo(new FaceBox(0, 0, 60, 55));
    PixelImage gray = new PixelImage(10, 10, 1, new byte[100]);
    PixelImage c = FaceCrop.crop(gray, new FaceBox(8, 8, 2, 2));
    assertThat(c.channels()).isEqualTo(1);
    assertThat(c.width()).isEqualTo(2);
    assertThat(c.height()).isEqualTo(2);
  }
}
