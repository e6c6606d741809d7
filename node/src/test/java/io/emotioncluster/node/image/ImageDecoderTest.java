package io.emotioncluster.node.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.node.ServiceException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(100_000, 200, 20_000));

  @ParameterizedTest
  @ValueSource(strings = {"png", "bmp", "jpg", "gif"})
  void decodesEveryAdvertisedFormat(String format) throws Exception {
    BufferedImage img = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
    img.setRGB(3, 4, 0xFFFFFF);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, format, out)).isTrue();

    PixelImage decoded = decoder.decode(out.toByteArray());

    assertThat(decoded.width()).isEqualTo(20);
    assertThat(decoded.height()).isEqualTo(10);
    assertThat(decoded.get(3, 4, 0)).isGreaterThan(150);
    assertThat(decoded.get(15, 8, 0)).isLessThan(60);
  }

  @Test
  void refusesEmptyAndUndecodableBytes() {
    assertThatThrownBy(() -> decoder.decode(new byte[0]))
        .isInstanceOf(ServiceException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> decoder.decode("not an image".getBytes()))
        .isInstanceOf(ServiceException.class).hasMessageContaining("not a PNG, JPEG, BMP or GIF");
  }

  @Test
  void truncatedPngIsInvalidInputNotACrash() throws Exception {
    BufferedImage img = new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_GRAY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), 40);
    assertThatThrownBy(() -> decoder.decode(cut))
        .isInstanceOf(ServiceException.class)
        .extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.INVALID_INPUT);
  }

  @Test
  void refusesOversizedImagesBeforeDecodingThem() throws Exception {
    BufferedImage wide = new BufferedImage(300, 2, BufferedImage.TYPE_BYTE_GRAY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(wide, "png", out);
    assertThatThrownBy(() -> decoder.decode(out.toByteArray()))
        .hasMessageContaining("300x2").hasMessageContaining("200 px per side");
    assertThatThrownBy(() -> decoder.fromRaw(new byte[150 * 150], 150, 150, 1))
        .hasMessageContaining("22500 pixels").hasMessageContaining("limit is 20000");
    assertThatThrownBy(() -> decoder.decode(new byte[100_001]))
        .hasMessageContaining("limit is 100000 bytes");
  }

  @Test
  void rawPixelsAreCheckedAndRgbaLosesAlpha() {
    assertThatThrownBy(() -> decoder.fromRaw(new byte[10], 4, 4, 1))
        .hasMessageContaining("needs exactly 16 bytes, got 10");
    assertThatThrownBy(() -> decoder.fromRaw(new byte[32], 4, 4, 2))
        .hasMessageContaining("channels must be 1 (gray), 3 (RGB) or 4 (RGBA)");
    assertThatThrownBy(() -> decoder.fromRaw(new byte[0], 0, 4, 1))
        .hasMessageContaining("at least 1");

    byte[] rgba = {10, 20, 30, (byte) 255, 40, 50, 60, 0};
    PixelImage rgb = decoder.fromRaw(rgba, 2, 1, 4);
    assertThat(rgb.channels()).isEqualTo(3);
    assertThat(rgb.pixels()).containsExactly(10, 20, 30, 40, 50, 60);
  }
}
