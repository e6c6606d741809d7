package io.emotioncluster.admin.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * One PNG showing many generated images at a glance: a row per label (emotion), its images left
 * to right, each scaled to a common tile size, the label written at the start of the row.
 */
public final class ContactSheet {

  /** One image of the sheet. */
  public record Tile(String label, byte[] png) { }

  static final int LABEL_WIDTH = 90;
  static final int GAP = 4;

  private ContactSheet() {}

  /** Writes a row label; a machine without any font gets the sheet without labels rather than no sheet. */
  private static void label(Graphics2D g, String text, int baseline) {
    try {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.setColor(Color.DARK_GRAY);
      g.drawString(text, 6, baseline);
    } catch (RuntimeException | InternalError e) {
      // headless JDK without fontconfig fonts: rows stay in label order
    }
  }

  /**
   * @param tileSize the side of each square tile in pixels (small faces are scaled up, without smoothing)
   */
  public static byte[] render(List<Tile> tiles, int tileSize) throws IOException {
    if (tiles.isEmpty()) {
      throw new IllegalArgumentException("no images for a contact sheet");
    }
    Map<String, List<BufferedImage>> rows = new LinkedHashMap<>();
    for (Tile t : tiles) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(t.png()));
      if (img == null) {
        throw new IOException("not a readable image for '" + t.label() + "'");
      }
      rows.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(img);
    }
    int columns = rows.values().stream().mapToInt(List::size).max().orElse(1);
    int width = LABEL_WIDTH + columns * (tileSize + GAP) + GAP;
    int height = rows.size() * (tileSize + GAP) + GAP;
    BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      int y = GAP;
      for (Map.Entry<String, List<BufferedImage>> row : rows.entrySet()) {
        label(g, row.getKey(), y + tileSize / 2 + 5);
        int x = LABEL_WIDTH;
        for (BufferedImage img : row.getValue()) {
          g.drawImage(img, x, y, tileSize, tileSize, null);
          x += tileSize + GAP;
        }
        y += tileSize + GAP;
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(sheet, "png", out);
    return out.toByteArray();
  }
}
