package io.emotioncluster.node.data.synthfacs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;

/** Flat colours with dark outlines: a cartoon look where every feature edge is a line. */
final class LineStyle implements RenderStyle {

  private static final Color INK = new Color(38, 28, 26);

  @Override
  public void skin(Graphics2D g, Shape region, Color colour) {
    g.setColor(colour);
    g.fill(region);
  }

  @Override
  public void hair(Graphics2D g, Shape region, Color colour) {
    g.setColor(colour);
    g.fill(region);
    stroke(g, region, INK, 0.010, 1.0);
  }

  @Override
  public void fill(Graphics2D g, Shape region, Color colour) {
    g.setColor(colour);
    g.fill(region);
  }

  @Override
  public void line(Graphics2D g, Shape path, Color colour, double width, LineKind kind,
      double strength) {
    if (kind == LineKind.CREASE) {
      // Creases are ink lines whose darkness is the AU intensity.
      stroke(g, path, INK, width, Math.min(1.0, 0.15 + 0.85 * strength));
    } else {
      stroke(g, path, kind == LineKind.CONTOUR ? INK : colour, width, strength);
    }
  }

  @Override
  public void shadow(Graphics2D g, Shape region, double strength) {
    // Flat style: no modelling.
  }

  @Override
  public void highlight(Graphics2D g, Shape region, double strength) {
    // Flat style: no modelling.
  }

  @Override
  public double softenSigma() {
    return 0.0;
  }

  static void stroke(Graphics2D g, Shape path, Color c, double width, double alpha) {
    int a = (int) Math.round(255 * Math.max(0, Math.min(1, alpha)));
    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), a));
    g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(path);
  }
}
