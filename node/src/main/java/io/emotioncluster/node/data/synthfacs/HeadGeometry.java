package io.emotioncluster.node.data.synthfacs;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Head outline, ears, neck and hair. Only AU26 changes it (the chin moves down with the jaw);
 * everything else here is identity, which is what lets a model learn to ignore it.
 *
 * @param face the skin region of the face
 * @param ears both ears, drawn behind the face
 * @param neck the neck, drawn behind the face
 * @param neckShadow shadow the chin casts on the neck (shaded styles)
 * @param hairBack hair behind the head (long styles), or null
 * @param hairFront hair on top of the head, or null when bald
 */
record HeadGeometry(Shape face, List<Shape> ears, Shape neck, Shape neckShadow, Shape hairBack,
    Shape hairFront) {

  static HeadGeometry build(Identity id, double jawDrop) {
    double cx = 0.5;
    double cy = 0.5;
    double w = id.faceHalfWidth();
    double top = cy - id.headTop();
    double chin = cy + id.chinDrop() + 0.8 * jawDrop;
    double jawY = cy + id.chinDrop() * 0.62 + 0.5 * jawDrop;

    double[][] half = {
        {0.0, top},
        {0.72 * w, top + 0.07},
        {0.98 * w, cy - 0.16},
        {1.00 * w, cy + 0.01},
        {w * id.jawWidth(), jawY},
        {w * id.chinWidth(), chin - 0.028},
    };
    double[][] pts = new double[half.length * 2][];
    int k = 0;
    for (double[] p : half) {
      pts[k++] = new double[] {cx + p[0], p[1]};
    }
    pts[k++] = new double[] {cx, chin};
    for (int i = half.length - 1; i >= 1; i--) {
      pts[k++] = new double[] {cx - half[i][0], half[i][1]};
    }
    Path2D.Double face = Curves.closedSmooth(java.util.Arrays.copyOf(pts, k));

    double earY = id.eyeY() + 0.03;
    List<Shape> ears = List.of(
        new Ellipse2D.Double(cx - w - 0.035, earY - 0.055, 0.07, 0.11),
        new Ellipse2D.Double(cx + w - 0.035, earY - 0.055, 0.07, 0.11));
    double nw = w * 0.56;
    Shape neck = new Rectangle2D.Double(cx - nw, jawY - 0.05, 2 * nw, 1.5);
    Shape neckShadow = new Ellipse2D.Double(cx - nw * 1.1, chin - 0.06, nw * 2.2, 0.12);

    Shape hairBack = null;
    Shape hairFront = null;
    if (id.hairStyle() != Identity.HairStyle.BALD) {
      // Hair depends on identity only (never on the AUs, or it would leak the label). The
      // hairline stays above the highest brow position, so only bangs can hide raised brows.
      double browTopY = id.eyeY() - id.browGap() - id.browThickness() / 2 - id.browArch();
      double hairY = browTopY - 0.065 - id.hairline();
      Area cap = new Area(new Ellipse2D.Double(cx - w - 0.03, top - 0.04, 2 * w + 0.06,
          2 * (cy - top) + 0.02));
      cap.intersect(new Area(hairlineRegion(id, cx, w, hairY, browTopY)));
      hairFront = cap;
      if (id.hairStyle() == Identity.HairStyle.LONG) {
        Path2D.Double back = new Path2D.Double();
        back.moveTo(cx - w - 0.07, 1.2);
        back.lineTo(cx - w - 0.07, cy - 0.05);
        back.curveTo(cx - w - 0.07, top - 0.06, cx + w + 0.07, top - 0.06, cx + w + 0.07,
            cy - 0.05);
        back.lineTo(cx + w + 0.07, 1.2);
        back.closePath();
        hairBack = back;
      }
    }
    return new HeadGeometry(face, ears, neck, neckShadow, hairBack, hairFront);
  }

  /** Everything above the hairline, whose shape depends on the hair style. */
  private static Path2D.Double hairlineRegion(Identity id, double cx, double w, double hairY,
      double browTopY) {
    double sideY = id.eyeY() - 0.03;
    double left = hairY + 0.05;
    double right = hairY + 0.05;
    double centre = hairY;
    double centreX = cx;
    boolean bangs = id.hairStyle() == Identity.HairStyle.BANGS;
    if (id.hairStyle() == Identity.HairStyle.SIDE_PART) {
      // A swoop: low on one side, the parting high on the other.
      centreX = cx + id.noseSide() * 0.12;
      left = hairY + (id.noseSide() > 0 ? 0.08 : 0.02);
      right = hairY + (id.noseSide() > 0 ? 0.02 : 0.08);
    }
    if (bangs) {
      centre = browTopY - 0.045;
      left = centre - 0.01;
      right = centre - 0.01;
    }
    Path2D.Double p = new Path2D.Double();
    p.moveTo(cx - w - 0.2, sideY);
    p.lineTo(cx - w + 0.025, sideY - 0.01);
    p.lineTo(cx - w + 0.05, left);
    if (bangs) {
      // A ragged fringe: alternate short and long locks across the forehead.
      int locks = 8;
      double x0 = cx - w + 0.05;
      double x1 = cx + w - 0.05;
      for (int i = 1; i < locks * 2; i++) {
        double x = x0 + (x1 - x0) * i / (locks * 2);
        p.lineTo(x, centre + (i % 2 == 0 ? -0.022 : 0.0));
      }
    } else {
      p.quadTo(cx - w * 0.5, centre + 0.004, centreX, centre);
      p.quadTo(cx + w * 0.5, centre + 0.004, cx + w - 0.05, right);
    }
    p.lineTo(cx + w - 0.05, right);
    p.lineTo(cx + w - 0.025, sideY - 0.01);
    p.lineTo(cx + w + 0.2, sideY);
    p.lineTo(cx + w + 0.2, -1);
    p.lineTo(cx - w - 0.2, -1);
    p.closePath();
    return p;
  }
}
