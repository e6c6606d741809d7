package io.emotioncluster.node.data.synthfacs;

import java.awt.geom.Path2D;
import java.util.function.DoubleUnaryOperator;

/**
 * Small builders for the paths the face is made of. Features are described as functions
 * y(t) over a parameter t in [-1, 1] (lid and lip contours) and sampled into polylines, which is
 * simpler to drive from AU intensities than hand-placed Bezier control points.
 */
final class Curves {

  /** Samples per feature contour: smooth at 512 px, cheap at 48 px. */
  static final int SAMPLES = 17;

  private Curves() {
  }

  /** Points (x(t), y(t)) for t from -1 to 1. */
  static double[][] sample(DoubleUnaryOperator x, DoubleUnaryOperator y) {
    double[][] p = new double[SAMPLES][2];
    for (int i = 0; i < SAMPLES; i++) {
      double t = -1.0 + 2.0 * i / (SAMPLES - 1);
      p[i][0] = x.applyAsDouble(t);
      p[i][1] = y.applyAsDouble(t);
    }
    return p;
  }

  /** Points for x linear from x0 to x1 as t runs -1..1 and y = y(t). */
  static double[][] sampleAcross(double x0, double x1, DoubleUnaryOperator y) {
    return sample(t -> x0 + (x1 - x0) * (t + 1) / 2, y);
  }

  static Path2D.Double open(double[][] pts) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(pts[0][0], pts[0][1]);
    for (int i = 1; i < pts.length; i++) {
      p.lineTo(pts[i][0], pts[i][1]);
    }
    return p;
  }

  /** The closed region between two contours that share their end points (lids, lips). */
  static Path2D.Double between(double[][] first, double[][] second) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(first[0][0], first[0][1]);
    for (int i = 1; i < first.length; i++) {
      p.lineTo(first[i][0], first[i][1]);
    }
    for (int i = second.length - 1; i >= 0; i--) {
      p.lineTo(second[i][0], second[i][1]);
    }
    p.closePath();
    return p;
  }

  /** A smooth closed curve through the points (uniform Catmull-Rom as cubic Beziers). */
  static Path2D.Double closedSmooth(double[][] pts) {
    int n = pts.length;
    Path2D.Double p = new Path2D.Double();
    p.moveTo(pts[0][0], pts[0][1]);
    for (int i = 0; i < n; i++) {
      double[] p0 = pts[(i - 1 + n) % n];
      double[] p1 = pts[i];
      double[] p2 = pts[(i + 1) % n];
      double[] p3 = pts[(i + 2) % n];
      p.curveTo(
          p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6,
          p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6,
          p2[0], p2[1]);
    }
    p.closePath();
    return p;
  }

  /** A quadratic curve from a to b bending through control c. */
  static Path2D.Double quad(double ax, double ay, double cx, double cy, double bx, double by) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(ax, ay);
    p.quadTo(cx, cy, bx, by);
    return p;
  }

  /** 1 - |t|^p: 1 at the centre, 0 at the ends; larger p is flatter in the middle. */
  static double bulge(double t, double p) {
    return Math.max(0.0, 1.0 - Math.pow(Math.abs(t), p));
  }

  static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
