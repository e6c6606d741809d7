package io.emotioncluster.node.data.synthfacs;

import io.emotioncluster.node.model.Emotion;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A grid of subjects (rows) by the seven emotions (columns, in {@link Emotion} order), enlarged
 * with nearest-neighbour so single pixels stay visible: for a person to check that expressions
 * are recognisable before a model is trained on them.
 *
 * <p>Usage: {@code java ... ContactSheet out.png [subjects] [imageSize] [style] [difficulty]
 * [seed] [index] [channels]}.
 */
public final class ContactSheet {

  private ContactSheet() {
  }

  public static BufferedImage render(SynthFacs facs, int subjects, int index, int zoom) {
    int size = facs.config().imageSize();
    int gap = 2;
    int cell = size * zoom + gap;
    int rows = Math.min(subjects, facs.config().subjects());
    BufferedImage sheet = new BufferedImage(Emotion.COUNT * cell + gap, rows * cell + gap,
        BufferedImage.TYPE_INT_RGB);
    for (int s = 0; s < rows; s++) {
      for (Emotion e : Emotion.all()) {
        BufferedImage tile = ImageFolderWriter.toBufferedImage(
            facs.get(facs.indexOf(s, e, index)).image());
        int ox = gap + e.index() * cell;
        int oy = gap + s * cell;
        for (int y = 0; y < size * zoom; y++) {
          for (int x = 0; x < size * zoom; x++) {
            sheet.setRGB(ox + x, oy + y, tile.getRGB(x / zoom, y / zoom));
          }
        }
      }
    }
    return sheet;
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "synthfacs-sheet.png");
    int subjects = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 96;
    String style = args.length > 3 ? args[3] : SynthFacsConfig.STYLE_LINE;
    double difficulty = args.length > 4 ? Double.parseDouble(args[4]) : 0.0;
    long seed = args.length > 5 ? Long.parseLong(args[5]) : 0L;
    int index = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    int channels = args.length > 7 ? Integer.parseInt(args[7]) : 3;
    SynthFacsConfig config = new SynthFacsConfig(subjects, index + 1, difficulty, seed, size,
        channels, style);
    int zoom = Math.max(1, 192 / size);
    ImageIO.write(render(new SynthFacs(config), subjects, index, zoom), "png", out.toFile());
    System.out.println("wrote " + out);
  }
}
