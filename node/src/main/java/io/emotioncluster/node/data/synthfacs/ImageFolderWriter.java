package io.emotioncluster.node.data.synthfacs;

import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes a data set as PNG files in the one-folder-per-class layout. */
final class ImageFolderWriter {

  private ImageFolderWriter() {
  }

  static Path write(SynthFacs facs, Path root) throws IOException {
    for (Emotion e : Emotion.all()) {
      Files.createDirectories(root.resolve(e.label()));
    }
    for (int i = 0; i < facs.size(); i++) {
      SynthFace face = facs.get(i);
      Path file = root.resolve(face.emotion().label()).resolve(face.id() + ".png");
      try (OutputStream out = Files.newOutputStream(file)) {
        if (!ImageIO.write(toBufferedImage(face.image()), "png", out)) {
          throw new IOException("no PNG writer available in this JVM");
        }
      }
    }
    return root;
  }

  /** Gray stays 8-bit gray (so a loader reads back exactly one channel), RGB stays RGB. */
  static BufferedImage toBufferedImage(PixelImage img) {
    int w = img.width();
    int h = img.height();
    if (img.channels() == 1) {
      BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      out.getRaster().setDataElements(0, 0, w, h, img.pixels());
      return out;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    byte[] p = img.pixels();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        out.setRGB(x, y, (p[i] & 0xFF) << 16 | (p[i + 1] & 0xFF) << 8 | (p[i + 2] & 0xFF));
      }
    }
    return out;
  }
}
