package io.emotioncluster.node.data.synthfacs;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.Paint;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;

/**
 * Soft gradients and shadows without outlines: a second visual domain with the same AU content,
 * for testing how a model trained on one rendering transfers to another. Wrinkles become soft
 * shadows instead of ink lines; lids and the lip seam stay as dark soft edges because without
 * them the expression would be lost.
 */
final class ShadedStyle implements RenderStyle {

  private static final Color SHADOW = new Color(40, 20, 15);

  @Override
  public void skin(Graphics2D g, Shape region, Color c) {
    Rectangle2D b = region.getBounds2D();
    // Light from above-left: brighter centre, darker rim, like a rounded surface.
    Point2D centre = new Point2D.Double(b.getCenterX() - b.getWidth() * 0.12,
        b.getCenterY() - b.getHeight() * 0.15);
    float radius = (float) (0.62 * Math.max(b.getWidth(), b.getHeight()));
    Paint p = new RadialGradientPaint(centre, radius, new float[] {0f, 0.6f, 1f},
        new Color[] {scale(c, 1.10), c, scale(c, 0.70)}, MultipleGradientPaint.CycleMethod.NO_CYCLE);
    g.setPaint(p);
    g.fill(region);
  }

  @Override
  public void hair(Graphics2D g, Shape region, Color c) {
    Rectangle2D b = region.getBounds2D();
    Point2D centre = new Point2D.Double(b.getCenterX() - b.getWidth() * 0.15, b.getMinY());
    float radius = (float) Math.max(b.getWidth(), b.getHeight());
    g.setPaint(new RadialGradientPaint(centre, radius, new float[] {0f, 1f},
        new Color[] {scale(c, 1.25), scale(c, 0.75)}, MultipleGradientPaint.CycleMethod.NO_CYCLE));
    g.fill(region);
  }

  @Override
  public void fill(Graphics2D g, Shape region, Color c) {
    g.setColor(c);
    g.fill(region);
  }

  @Override
  public void line(Graphics2D g, Shape path, Color colour, double width, LineKind kind,
      double strength) {
    switch (kind) {
      case CONTOUR -> {
        // No outlines; a faint wide shade hints at the edge, as a real fold would.
        LineStyle.stroke(g, path, SHADOW, width * 2.5, 0.10 * strength);
      }
      case LID, SEAM -> {
        LineStyle.stroke(g, path, colour, width * 1.8, 0.35 * strength);
        LineStyle.stroke(g, path, colour, width * 0.9, 0.85 * strength);
      }
      case CREASE -> {
        // A soft groove: a faint wide shade with a narrower darker core.
        LineStyle.stroke(g, path, SHADOW, width * 1.9, 0.16 * strength);
        LineStyle.stroke(g, path, SHADOW, width * 0.9, 0.34 * strength);
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  @Override
  public void shadow(Graphics2D g, Shape region, double strength) {
    soft(g, region, new Color(20, 10, 5), 0.30 * strength);
  }

  @Override
  public void highlight(Graphics2D g, Shape region, double strength) {
    soft(g, region, new Color(255, 250, 245), 0.22 * strength);
  }

  /** A blob that fades from the centre of the region's bounds to nothing at its edge. */
  private static void soft(Graphics2D g, Shape region, Color c, double alpha) {
    Rectangle2D b = region.getBounds2D();
    if (b.getWidth() <= 0 || b.getHeight() <= 0) {
      return;
    }
    int a = (int) Math.round(255 * Math.max(0, Math.min(1, alpha)));
    AffineTransform toBounds = new AffineTransform();
    toBounds.translate(b.getCenterX(), b.getCenterY());
    toBounds.scale(b.getWidth() / 2, b.getHeight() / 2);
    g.setPaint(new RadialGradientPaint(new Point2D.Double(), 1f, new Point2D.Double(),
        new float[] {0f, 1f},
        new Color[] {new Color(c.getRed(), c.getGreen(), c.getBlue(), a),
            new Color(c.getRed(), c.getGreen(), c.getBlue(), 0)},
        MultipleGradientPaint.CycleMethod.NO_CYCLE, MultipleGradientPaint.ColorSpaceType.SRGB,
        toBounds));
    g.fill(region);
  }

  @Override
  public double softenSigma() {
    return 0.5;
  }

  private static Color scale(Color c, double f) {
    return new Color(IdentitySampler.clamp(c.getRed() * f), IdentitySampler.clamp(c.getGreen() * f),
        IdentitySampler.clamp(c.getBlue() * f));
  }
}
