package io.emotioncluster.node.data.synthfacs;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Glasses frames: a realistic occluder around the eyes that does not move with expression, so a
 * model must look through it at the lids and brows.
 *
 * @param frames lens rims, temples and bridge, all drawn as lines
 */
record GlassesGeometry(List<Shape> frames) {

  static GlassesGeometry build(Identity id) {
    List<Shape> frames = new ArrayList<>();
    if (id.glasses() == Identity.Glasses.NONE) {
      return new GlassesGeometry(frames);
    }
    double rx = id.eyeHalfWidth() * 1.55;
    double ry = Math.max(id.eyeOpening() * 1.5, 0.055);
    double y = id.eyeY() + 0.004;
    for (int side = -1; side <= 1; side += 2) {
      double x = 0.5 + side * id.eyeSeparation();
      if (id.glasses() == Identity.Glasses.ROUND) {
        frames.add(new Ellipse2D.Double(x - rx, y - ry, 2 * rx, 2 * ry));
      } else {
        frames.add(new RoundRectangle2D.Double(x - rx, y - ry * 0.9, 2 * rx, 1.8 * ry, 0.03,
            0.03));
      }
      double outer = x + side * rx;
      frames.add(new Line2D.Double(outer, y - ry * 0.5, 0.5 + side * id.faceHalfWidth(),
          y - ry * 0.7));
    }
    double inner = id.eyeSeparation() - rx;
    frames.add(new Line2D.Double(0.5 - inner, y - ry * 0.4, 0.5 + inner, y - ry * 0.4));
    return new GlassesGeometry(frames);
  }
}
