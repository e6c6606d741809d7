package io.emotioncluster.node.data.synthfacs;

import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU1;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU2;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU4;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU9;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Both brows and the forehead / glabella lines: AU1 lifts the inner ends (the oblique "sad"
 * brow), AU2 the outer ends and the arch, AU4 pulls the brows down and together and carves
 * vertical lines between them. Combined AU1+AU4 kinks the inner end up, as in sadness and fear.
 *
 * @param left brow on the image left, a filled tapered band
 * @param right brow on the image right
 * @param leftY mean height of the left brow, for the eye socket of shaded styles
 * @param rightY mean height of the right brow
 */
record BrowGeometry(Shape left, Shape right, double leftY, double rightY, List<Crease> creases) {

  static BrowGeometry build(Identity id, ActionUnits au, double rest) {
    double a1 = au.get(AU1);
    double a2 = au.get(AU2);
    double a4 = au.get(AU4);
    double a9 = au.get(AU9);

    double[] ys = new double[2];
    Shape[] shapes = new Shape[2];
    double innerYs = 0;
    double topY = Double.MAX_VALUE;
    for (int k = 0; k < 2; k++) {
      int side = k == 0 ? -1 : 1;
      double ex = 0.5 + side * id.eyeSeparation();
      double baseY = id.eyeY() - id.browGap() - 0.022 * rest * id.restBrowRaise();
      double slant = 0.014 * rest * id.restBrowSlant();

      double innerX = ex - side * id.browLength() * 0.45 - side * 0.026 * a4;
      double outerX = ex + side * id.browLength() * 0.55 - side * 0.006 * a4;
      // AU4 lowers the inner end more than the outer one: the V of a frown.
      double innerY = baseY - 0.060 * a1 + 0.044 * a4 + 0.014 * a9 - slant;
      double outerY = baseY - 0.050 * a2 + 0.016 * a4 + 0.008 * a9 + 0.006 * a1 + slant;
      double arch = id.browArch() + 0.016 * a2 + 0.004 * a1 - 0.006 * a4;
      double kink = 0.026 * Math.min(a1, a4 + 0.3 * a1);
      double thick = id.browThickness() * (1 + 0.18 * a4);

      double cxm = (innerX + outerX) / 2;
      double cym = (innerY + outerY) / 2 - 2 * arch;
      int m = Curves.SAMPLES;
      double[][] top = new double[m][2];
      double[][] bottom = new double[m][2];
      for (int i = 0; i < m; i++) {
        double t = (double) i / (m - 1);
        double x = (1 - t) * (1 - t) * innerX + 2 * t * (1 - t) * cxm + t * t * outerX;
        double y = (1 - t) * (1 - t) * innerY + 2 * t * (1 - t) * cym + t * t * outerY
            - kink * Math.pow(1 - t, 3) * 0.6;
        // Tangent of the quadratic gives the normal along which the band gets its thickness.
        double dx = 2 * (1 - t) * (cxm - innerX) + 2 * t * (outerX - cxm);
        double dy = 2 * (1 - t) * (cym - innerY) + 2 * t * (outerY - cym);
        double len = Math.hypot(dx, dy);
        double nx = -dy / len;
        double ny = dx / len;
        if (ny > 0) {
          nx = -nx;
          ny = -ny;
        }
        double w = thick * (1.05 - 0.55 * t) / 2;
        top[i][0] = x + nx * w;
        top[i][1] = y + ny * w;
        bottom[i][0] = x - nx * w;
        bottom[i][1] = y - ny * w;
      }
      shapes[k] = Curves.between(top, bottom);
      ys[k] = (innerY + outerY) / 2 - arch;
      innerYs += innerY / 2;
      topY = Math.min(topY, Math.min(innerY, outerY) - arch);
    }

    List<Crease> creases = new ArrayList<>();
    // Glabella: vertical lines between the brows when they are pulled together.
    double g = 1.0 * a4 + 0.35 * a9;
    for (int side = -1; side <= 1; side += 2) {
      double x = 0.5 + side * 0.013;
      creases.add(new Crease(Curves.quad(x - side * 0.002, innerYs - 0.012, x + side * 0.004,
          innerYs + 0.012, x, innerYs + 0.034), g));
    }
    // Forehead: horizontal lines from raised brows; AU2 widens them, AU1 alone keeps them central.
    double f = 0.95 * Math.max(a1, a2) - 0.05;
    double span = 0.07 + 0.09 * a2 / Math.max(1e-6, a1 + a2);
    for (int k = 0; k < 3; k++) {
      double y0 = topY - 0.045 - 0.028 * k;
      double s = span * (1 - 0.12 * k);
      creases.add(new Crease(Curves.quad(0.5 - s, y0 + 0.010, 0.5, y0 - 0.012, 0.5 + s,
          y0 + 0.010), f * (1 - 0.2 * k)));
    }
    return new BrowGeometry(shapes[0], shapes[1], ys[0], ys[1], creases);
  }
}
