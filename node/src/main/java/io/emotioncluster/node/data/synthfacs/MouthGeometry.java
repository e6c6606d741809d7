package io.emotioncluster.node.data.synthfacs;

import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU10;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU12;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU14;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU15;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU16;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU17;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU20;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU23;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU25;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU26;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU9;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Lips, mouth opening and teeth, plus the chin and corner creases. The mouth is four contours
 * over t in [-1, 1] between the two corners: upper outer, upper inner, lower inner, lower outer.
 * AUs move the corners (12 up and out, 15 down, 20 out, 23 in), separate the inner contours (26
 * jaw drop, 25 lips part, 16 lower lip down, 10 and 9 upper lip up) and thin the lips (23, 20).
 *
 * @param interior the dark mouth opening, or null when the lips are closed
 * @param upperTeeth visible upper teeth (clip to interior), or null
 * @param lowerTeeth visible lower teeth (clip to interior), or null
 * @param seam the line where the lips meet (the upper inner contour)
 * @param outline outer contour of both lips
 * @param lowerLipShadow shadow under the lower lip for shaded styles
 * @param cornerHalfWidth horizontal distance of the corners from the face midline
 * @param cornerY height of the corners
 * @param jawDrop how far AU26 moves the chin down
 */
record MouthGeometry(Shape interior, Shape upperTeeth, Shape lowerTeeth, Shape upperLip,
    Shape lowerLip, Shape seam, Shape outline, Shape lowerLipShadow, double cornerHalfWidth,
    double cornerY, double jawDrop, List<Crease> creases) {

  /** Openings smaller than this are drawn as a closed mouth with a seam line. */
  private static final double CLOSED = 0.004;

  static MouthGeometry build(Identity id, ActionUnits au, double rest) {
    double a9 = au.get(AU9);
    double a10 = au.get(AU10);
    double a12 = au.get(AU12);
    double a14 = au.get(AU14);
    double a15 = au.get(AU15);
    double a16 = au.get(AU16);
    double a17 = au.get(AU17);
    double a20 = au.get(AU20);
    double a23 = au.get(AU23);
    double a25 = au.get(AU25);
    double a26 = au.get(AU26);

    double cx = 0.5;
    double my = NoseGeometry.restingTipY(id) + id.mouthGap();
    double restCurve = rest * id.restMouthCurve();

    // Corner lift: positive is up (smile), negative down (AU15 frown).
    double lift = 0.054 * a12 - 0.040 * a15 + 0.006 * a10 + 0.004 * a14 - 0.006 * a20
        + 0.020 * restCurve;
    double hw = id.mouthHalfWidth() * (1 + 0.16 * a12 + 0.32 * a20 - 0.22 * a23
        - 0.20 * a26 * (1 - a20) - 0.07 * a14 + 0.04 * a15);
    double jawDrop = 0.115 * a26;
    double open = jawDrop + 0.014 * a25 + 0.030 * a16;
    if (open < CLOSED) {
      open = 0;
    }
    double upperRaise = 0.016 * a10 + 0.011 * a9;
    double innerTop = my - upperRaise - 0.008 * a17;
    double innerBottom = innerTop + open;
    // Corners sit about a third of the way down an open mouth.
    double cornerY = my - lift + 0.30 * open + 0.004 * a20;

    // Round "O" when the jaw drops without stretching (surprise); box when stretched (fear).
    double round = a26 * (1 - a20);
    double flat = 2.0 + 2.5 * a20 + 1.0 * a23;
    double tu = id.lipThickness() * Math.max(0.18, 1 - 0.70 * a23 - 0.35 * a20 - 0.30 * a12
        + 0.15 * a10);
    double tl = id.lipThickness() * Math.max(0.2, 1.25 * (1 - 0.70 * a23 - 0.35 * a20
        - 0.25 * a12) + 0.30 * a16 + 0.25 * a17);

    double[][] upperInner = Curves.sampleAcross(cx - hw, cx + hw,
        t -> cornerY + (innerTop - cornerY) * shape(t, flat, round));
    double[][] lowerInner = Curves.sampleAcross(cx - hw, cx + hw,
        t -> cornerY + (innerBottom - cornerY) * shape(t, flat, round));
    double[][] upperOuter = Curves.sampleAcross(cx - hw, cx + hw,
        t -> cornerY + (innerTop - cornerY) * shape(t, flat, round)
            - tu * (0.2 + 0.8 * Math.sqrt(Curves.bulge(t, 2))) * (1 + 0.35 * cupid(t)));
    double[][] lowerOuter = Curves.sampleAcross(cx - hw, cx + hw,
        t -> cornerY + (innerBottom - cornerY) * shape(t, flat, round)
            + tl * (0.2 + 0.8 * Math.sqrt(Curves.bulge(t, 2))));

    Shape interior = open > 0 ? Curves.between(upperInner, lowerInner) : null;
    Shape upperTeeth = null;
    Shape lowerTeeth = null;
    if (open > 0) {
      double upperShow = a12 + a10 + a9 + 0.6 * a25 + 0.3 * a16 + 0.25 * a20;
      if (upperShow > 0.3) {
        double th = Math.min(0.022, 0.55 * open);
        double[][] edge = Curves.sampleAcross(cx - hw, cx + hw,
            t -> cornerY + (innerTop - cornerY) * shape(t, flat, round) + th);
        upperTeeth = Curves.between(upperInner, edge);
      }
      double lowerShow = a16 + 0.6 * a20 + 0.3 * a9;
      if (lowerShow > 0.3) {
        double th = Math.min(0.016, 0.35 * open);
        double[][] edge = Curves.sampleAcross(cx - hw, cx + hw,
            t -> cornerY + (innerBottom - cornerY) * shape(t, flat, round) - th);
        lowerTeeth = Curves.between(edge, lowerInner);
      }
    }
    Shape upperLip = Curves.between(upperOuter, upperInner);
    Shape lowerLip = Curves.between(lowerInner, lowerOuter);
    Shape outline = Curves.between(upperOuter, lowerOuter);
    double lipBottom = innerBottom + tl;
    Shape lowerLipShadow = new Ellipse2D.Double(cx - hw * 0.6, lipBottom - 0.002, hw * 1.2, 0.026);

    List<Crease> creases = new ArrayList<>();
    // AU17 pushes the chin boss up: a curved line under the lower lip.
    double chinY = lipBottom + 0.035 + 0.3 * jawDrop;
    creases.add(new Crease(Curves.quad(cx - 0.04, chinY + 0.006, cx, chinY - 0.010, cx + 0.04,
        chinY + 0.006), 0.9 * a17 + 0.25 * a15));
    for (int side = -1; side <= 1; side += 2) {
      double x = cx + side * (hw + 0.010);
      // AU14 dimples beside the corners.
      creases.add(new Crease(Curves.quad(x, cornerY - 0.012, x + side * 0.006, cornerY,
          x, cornerY + 0.012), 0.9 * a14));
      // AU15 pulls lines down and out from the corners.
      creases.add(new Crease(Curves.quad(x - side * 0.004, cornerY + 0.006, x + side * 0.004,
          cornerY + 0.022, x + side * 0.002, cornerY + 0.040), 0.9 * a15 - 0.1));
    }
    return new MouthGeometry(interior, upperTeeth, lowerTeeth, upperLip, lowerLip,
        Curves.open(upperInner), outline, lowerLipShadow, hw, cornerY, jawDrop, creases);
  }

  /** Profile of an inner lip contour: 1 at the centre, 0 at the corners. */
  private static double shape(double t, double flatness, double round) {
    double parabola = Curves.bulge(t, flatness);
    double ellipse = Math.sqrt(Curves.bulge(t, 2));
    return parabola + (ellipse - parabola) * round;
  }

  /** Cupid's bow: the upper lip is fuller at two peaks beside the centre and dips between. */
  private static double cupid(double t) {
    double peaks = Math.exp(-Math.pow((Math.abs(t) - 0.3) / 0.18, 2));
    double dip = Math.exp(-Math.pow(t / 0.1, 2));
    return peaks - 0.7 * dip;
  }
}
