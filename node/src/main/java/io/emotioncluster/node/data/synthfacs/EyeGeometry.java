package io.emotioncluster.node.data.synthfacs;

import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU12;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU4;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU43;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU5;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU6;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU7;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU9;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * One eye: lid contours, iris and the creases around it, after AU5 (upper lid raised: white shows
 * above the iris), AU7 (both lids tightened, lower lid straight), AU6 (lower lid pushed up into a
 * crescent, cheek line and crow's feet) and AU43 (closure).
 *
 * @param opening the visible eyeball, the region between the lids
 * @param upperLid upper lid contour, drawn heavier (lashes)
 * @param lowerLid lower lid contour
 * @param iris iris disc, to be clipped to {@link #opening}
 * @param pupil pupil disc, likewise
 * @param glint specular highlight that makes the eye read as wet and round
 * @param socket area between brow and eye that shaded styles darken
 * @param creases lid crease, cheek line and crow's feet with their strengths
 */
record EyeGeometry(Shape opening, Shape upperLid, Shape lowerLid, Shape iris, Shape pupil,
    Shape glint, Shape socket, List<Crease> creases) {

  /**
   * @param side -1 for the eye on the image left, +1 for the image right
   * @param rest scale of the identity's resting bias
   */
  static EyeGeometry build(Identity id, ActionUnits au, double rest, Nuisance n, int side,
      double browY) {
    double a4 = au.get(AU4);
    double a5 = au.get(AU5);
    double a6 = au.get(AU6);
    double a7 = au.get(AU7);
    double a9 = au.get(AU9);
    double a12 = au.get(AU12);
    double a43 = au.get(AU43);

    double ex = 0.5 + side * id.eyeSeparation();
    double ey = id.eyeY();
    double h = id.eyeOpening() * (1 + 0.15 * rest * id.restEyeOpening());
    double hw = id.eyeHalfWidth() * (1 + 0.06 * a5 - 0.07 * a7 - 0.05 * a6);

    // Lid heights above / below the corner line; AU5 shows sclera above the iris, AU7 and AU6
    // narrow from below, which is what tells anger's glare from surprise's stare.
    double up = h * (0.50 + 0.80 * a5 - 0.30 * a7 - 0.16 * a6 - 0.85 * a43 - 0.10 * a4);
    double lo = h * (0.48 - 0.50 * a6 - 0.34 * a7 - 0.14 * a9 + 0.10 * a5 - 0.30 * a43
        - 0.06 * a12);
    up = Math.max(up, 0.08 * h);
    lo = Math.max(lo, -0.15 * h);
    // Keep a slit open unless AU43 closes the eye: a smile narrows the eye, it does not shut it.
    double minOpen = h * (0.30 - 0.22 * a43);
    if (up + lo < minOpen) {
      up = minOpen - lo;
    }
    // AU6 lifts the outer corner a little: the "smiling eyes" tilt.
    double innerY = ey;
    double outerY = ey - id.eyeTilt() - 0.10 * h * a6;
    double innerX = ex - side * hw;
    double outerX = ex + side * hw;
    // AU7 straightens the lower lid: a flatter curve has a larger exponent.
    double lowerShape = 2.0 + 2.5 * a7;
    final double upF = up;
    final double loF = lo;

    double[][] upper = Curves.sampleAcross(innerX, outerX,
        t -> lerp(innerY, outerY, (t + 1) / 2) - upF * Math.pow(Curves.bulge(t, 2.0), 0.75));
    double[][] lower = Curves.sampleAcross(innerX, outerX,
        t -> lerp(innerY, outerY, (t + 1) / 2) + loF * Curves.bulge(t, lowerShape));
    Path2D.Double opening = Curves.between(upper, lower);

    double irisR = h * 0.62;
    double ix = ex + n.gazeX() * hw * 0.32;
    double iy = ey - 0.04 * h + n.gazeY() * h * 0.12;
    Shape iris = new Ellipse2D.Double(ix - irisR, iy - irisR, 2 * irisR, 2 * irisR);
    double pr = irisR * 0.45;
    Shape pupil = new Ellipse2D.Double(ix - pr, iy - pr, 2 * pr, 2 * pr);
    double gr = irisR * 0.22;
    Shape glint = new Ellipse2D.Double(ix + irisR * 0.25 - gr, iy - irisR * 0.35 - gr, 2 * gr, 2 * gr);

    double socketTop = browY + 0.01;
    double socketBottom = ey;
    Shape socket = new Ellipse2D.Double(ex - hw * 1.35, socketTop,
        hw * 2.7, Math.max(0.01, (socketBottom - socketTop) * 1.2));

    List<Crease> creases = new ArrayList<>();
    // Upper lid fold; it retracts out of sight when AU5 pulls the lid up.
    double crease = Math.max(up, 0.5 * h) + 0.016 + 0.008 * a5;
    double[][] fold = Curves.sampleAcross(ex - side * hw * 0.7, ex + side * hw * 0.9,
        t -> lerp(innerY, outerY, (t + 1) / 2) - crease * Math.pow(Curves.bulge(t * 0.95, 2), 0.8));
    creases.add(new Crease(Curves.open(fold), 0.35 * (1 - a5) * (1 - 0.6 * a43)));
    // Cheek raised by AU6 (and a little by a strong smile) bulges under the eye.
    double cheek = Math.max(lo, 0) + 0.024 - 0.006 * a6;
    double[][] cheekLine = Curves.sampleAcross(ex - side * hw * 0.75, ex + side * hw * 0.95,
        t -> ey + cheek + 0.010 * t * t - 0.004);
    creases.add(new Crease(Curves.open(cheekLine), 0.9 * a6 + 0.25 * a12));
    // Crow's feet fan out from the outer corner with AU6.
    double cf = 0.95 * a6 - 0.15;
    for (int k = -1; k <= 1; k++) {
      double ang = Math.toRadians(28 * k);
      double sx = outerX + side * 0.014;
      double len = 0.024 - 0.004 * Math.abs(k);
      creases.add(new Crease(Curves.quad(sx, outerY, sx + side * len * 0.55 * Math.cos(ang),
              outerY + len * 0.5 * Math.sin(ang), sx + side * len * Math.cos(ang),
              outerY + len * Math.sin(ang)), cf));
    }
    return new EyeGeometry(opening, Curves.open(upper), Curves.open(lower), iris, pupil, glint,
        socket, creases);
  }

  private static double lerp(double a, double b, double f) {
    return a + (b - a) * f;
  }
}
