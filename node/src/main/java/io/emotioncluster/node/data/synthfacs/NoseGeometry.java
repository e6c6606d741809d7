package io.emotioncluster.node.data.synthfacs;

import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU10;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU12;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU20;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU9;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The nose and the folds it anchors: AU9 wrinkles the bridge, raises and flares the nostrils;
 * AU12, AU9 and AU10 deepen the nasolabial folds that run to the mouth corners.
 *
 * @param bridge one side line of the nose bridge
 * @param base the curve under the tip
 * @param wings the two nostril wings (alae)
 * @param nostrils dark nostril openings
 * @param sideShadow the bridge side that shaded styles darken
 * @param underShadow the shadow under the tip in shaded styles
 * @param tipY height of the tip, which AU9 and AU10 raise
 */
record NoseGeometry(Shape bridge, Shape base, List<Shape> wings, List<Shape> nostrils,
    Shape sideShadow, Shape underShadow, double tipY, List<Crease> creases) {

  /** The resting tip height, the anchor of the mouth (which must not move with AU9). */
  static double restingTipY(Identity id) {
    return id.eyeY() + id.noseLength();
  }

  static NoseGeometry build(Identity id, ActionUnits au, double mouthCornerX,
      double mouthCornerY) {
    double a9 = au.get(AU9);
    double a10 = au.get(AU10);
    double a12 = au.get(AU12);
    double a20 = au.get(AU20);
    double cx = 0.5;
    double ey = id.eyeY();
    double nw = id.noseWidth() * (1 + 0.18 * a9);
    double tip = restingTipY(id) - 0.015 * a9 - 0.006 * a10;
    int ns = id.noseSide();

    Shape bridge = Curves.quad(cx + ns * 0.020, ey + 0.02, cx + ns * 0.026, (ey + tip) / 2,
        cx + ns * nw * 0.55, tip - 0.026);
    Shape base = Curves.quad(cx - nw * 0.50, tip - 0.004, cx, tip + 0.016, cx + nw * 0.50,
        tip - 0.004);
    List<Shape> wings = new ArrayList<>();
    List<Shape> nostrils = new ArrayList<>();
    for (int side = -1; side <= 1; side += 2) {
      double wx = cx + side * nw;
      wings.add(Curves.quad(cx + side * nw * 0.50, tip + 0.002, wx + side * 0.008, tip - 0.004,
          wx - side * 0.002, tip - 0.024 - 0.008 * a9));
      double rx = 0.011 * (1 + 0.4 * a9);
      double ry = 0.0065 * (1 + 0.6 * a9);
      double nx = cx + side * nw * 0.45;
      double ny = tip - 0.002 - 0.004 * a9;
      nostrils.add(new Ellipse2D.Double(nx - rx, ny - ry, 2 * rx, 2 * ry));
    }
    Shape sideShadow = new Ellipse2D.Double(cx + (ns > 0 ? 0.004 : -0.034), ey + 0.01, 0.030,
        tip - ey);
    Shape underShadow = new Ellipse2D.Double(cx - nw * 0.9, tip, nw * 1.8, 0.03);

    List<Crease> creases = new ArrayList<>();
    // AU9: short horizontal wrinkles across the upper bridge and oblique ones on its sides.
    for (int k = 0; k < 3; k++) {
      double y = ey + 0.012 + 0.016 * k;
      double s = 0.022 + 0.004 * k;
      creases.add(new Crease(Curves.quad(cx - s, y + 0.004, cx, y - 0.004, cx + s, y + 0.004),
          1.05 * a9 - 0.05 * k));
    }
    for (int side = -1; side <= 1; side += 2) {
      creases.add(new Crease(Curves.quad(cx + side * 0.030, ey + 0.020, cx + side * 0.040,
          ey + 0.036, cx + side * 0.050, ey + 0.058), 0.9 * a9));
    }
    // Nasolabial folds from the nose wing to just outside the mouth corner.
    double fold = 0.16 + 0.85 * a12 + 0.6 * a9 + 0.5 * a10 + 0.25 * a20;
    for (int side = -1; side <= 1; side += 2) {
      double sx = cx + side * (nw + 0.012);
      double sy = tip - 0.014;
      double tx = cx + side * (mouthCornerX + 0.022);
      double ty = mouthCornerY + 0.018;
      creases.add(new Crease(Curves.quad(sx, sy, cx + side * Math.max(mouthCornerX + 0.03,
          nw + 0.045 + 0.012 * a12), (sy + ty) / 2, tx, ty), fold));
    }
    return new NoseGeometry(bridge, base, wings, nostrils, sideShadow, underShadow, tip, creases);
  }
}
