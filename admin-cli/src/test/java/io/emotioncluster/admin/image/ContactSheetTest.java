package io.emotioncluster.admin.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ContactSheetTest {

  static byte[] png(int size, Color color) throws Exception {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    var g = img.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, size, size);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void oneRowPerEmotionAndOneColumnPerImage() throws Exception {
    byte[] black = png(48, Color.BLACK);
    byte[] sheet = ContactSheet.render(List.of(new ContactSheet.Tile("anger", black), new ContactSheet.Tile("anger", black),
        new ContactSheet.Tile("anger", black), new ContactSheet.Tile("happiness", black)), 96);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(sheet));
    assertThat(img.getWidth()).isEqualTo(ContactSheet.LABEL_WIDTH + 3 * (96 + ContactSheet.GAP) + ContactSheet.GAP);
    assertThat(img.getHeight()).isEqualTo(2 * (96 + ContactSheet.GAP) + ContactSheet.GAP);
    int x = ContactSheet.LABEL_WIDTH + 10;
    assertThat(img.getRGB(x, ContactSheet.GAP + 10) & 0xffffff).as("a scaled tile").isEqualTo(0);
    assertThat(img.getRGB(ContactSheet.LABEL_WIDTH + 2 * (96 + ContactSheet.GAP) + 10, 96 + 2 * ContactSheet.GAP + 10) & 0xffffff)
        .as("happiness has one image only: background").isEqualTo(0xffffff);
  }
}
