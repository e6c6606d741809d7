package io.emotioncluster.node.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** JPEGs decoded natively give the pixels ImageIO gives (up to IDCT rounding), gray stays gray. */
class NativeJpegTest {

  @Test
  void aPhotoDecodesLikeImageIo() throws Exception {
    byte[] jpeg;
    try (InputStream in = NativeJpegTest.class.getResourceAsStream("/faces/faceapi-sample3.jpg")) {
      jpeg = in.readAllBytes();
    }
    PixelImage fast = NativeJpeg.decode(jpeg);
    PixelImage viaDecoder = new ImageDecoder(ImageLimits.DEFAULT).decode(jpeg);
    PixelImage imageIo = ImageDecoder.fromBuffered(ImageIO.read(new ByteArrayInputStream(jpeg)));
    assertThat(fast).isNotNull();
    assertThat(viaDecoder.pixels()).isEqualTo(fast.pixels());
    assertThat(fast.width()).isEqualTo(imageIo.width());
    assertThat(fast.height()).isEqualTo(imageIo.height());
    assertThat(fast.channels()).isEqualTo(3);
    long sum = 0;
    int worst = 0;
    for (int i = 0; i < fast.pixels().length; i++) {
      int d = Math.abs((fast.pixels()[i] & 0xFF) - (imageIo.pixels()[i] & 0xFF));
      sum += d;
      worst = Math.max(worst, d);
    }
    double mean = (double) sum / fast.pixels().length;
    System.out.printf("native vs ImageIO JPEG: mean |diff| %.3f, max %d (0..255)%n", mean, worst);
    assertThat(mean).isLessThan(1.0); // same colours: a channel swap would give tens
  }

  @Test
  void grayStaysGrayAndGarbageIsNull() throws Exception {
    BufferedImage g = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
    g.getRaster().setSample(5, 6, 0, 200);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(g, "jpg", out);
    PixelImage img = new ImageDecoder(ImageLimits.DEFAULT).decode(out.toByteArray());
    assertThat(img.channels()).isEqualTo(1);
    assertThat(img.width()).isEqualTo(40);
    assertThat(NativeJpeg.decode(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3})).isNull();
  }
}
