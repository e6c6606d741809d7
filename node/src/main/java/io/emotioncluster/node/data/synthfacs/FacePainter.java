package io.emotioncluster.node.data.synthfacs;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.util.List;

/**
 * Draws a {@link FaceGeometry} back to front with a {@link RenderStyle}. The order matters:
 * hair behind the head, then skin, shading, creases, features, brows, front hair and glasses
 * (occluders last, as in a photograph).
 */
final class FacePainter {

  // Line widths in canvas units (1 = image width): at 48 px, 0.012 is about half a pixel, which
  // after supersampling still shows as a clear dark edge.
  private static final double FACE_CONTOUR = 0.014;
  private static final double FEATURE_CONTOUR = 0.010;
  private static final double UPPER_LID = 0.016;
  private static final double LOWER_LID = 0.008;
  private static final double SEAM = 0.013;
  private static final double CREASE = 0.009;
  private static final double FRAME = 0.010;

  private static final Color SCLERA = new Color(240, 238, 232);
  private static final Color PUPIL = new Color(12, 10, 10);
  private static final Color MOUTH = new Color(60, 18, 22);
  private static final Color TEETH = new Color(238, 234, 222);
  private static final Color LASH = new Color(28, 20, 18);

  private final RenderStyle style;

  FacePainter(RenderStyle style) {
    this.style = style;
  }

  void paint(Graphics2D g, Identity id, FaceGeometry f) {
    HeadGeometry head = f.head();
    Color skin = id.skin();
    Color darkSkin = scale(skin, 0.86);

    if (head.hairBack() != null) {
      style.hair(g, head.hairBack(), id.hair());
    }
    style.skin(g, head.neck(), darkSkin);
    style.shadow(g, head.neckShadow(), 1.5);
    for (Shape ear : head.ears()) {
      style.skin(g, ear, darkSkin);
      style.line(g, ear, skin, FEATURE_CONTOUR, RenderStyle.LineKind.CONTOUR, 1);
    }
    style.skin(g, head.face(), skin);
    style.line(g, head.face(), skin, FACE_CONTOUR, RenderStyle.LineKind.CONTOUR, 1);

    // Modelling (shaded style only): sockets, nose side, cheek apples, under lip.
    style.shadow(g, f.leftEye().socket(), 0.9);
    style.shadow(g, f.rightEye().socket(), 0.9);
    style.shadow(g, f.nose().sideShadow(), 0.8);
    style.shadow(g, f.nose().underShadow(), 1.0);
    style.shadow(g, f.mouth().lowerLipShadow(), 0.9);
    for (Shape cheek : f.cheeks()) {
      style.highlight(g, cheek, f.cheekStrength());
    }

    creases(g, f.brows().creases());
    creases(g, f.leftEye().creases());
    creases(g, f.rightEye().creases());
    creases(g, f.nose().creases());
    creases(g, f.mouth().creases());

    eye(g, id, f.leftEye());
    eye(g, id, f.rightEye());
    nose(g, id, f.nose());
    mouth(g, id, f.mouth());

    style.fill(g, f.brows().left(), id.brows());
    style.fill(g, f.brows().right(), id.brows());

    if (head.hairFront() != null) {
      style.hair(g, head.hairFront(), id.hair());
    }
    for (Shape frame : f.glasses().frames()) {
      style.line(g, frame, id.glassesColor(), FRAME, RenderStyle.LineKind.LID, 1);
    }
  }

  private void creases(Graphics2D g, List<Crease> creases) {
    for (Crease c : creases) {
      if (c.visible()) {
        style.line(g, c.path(), Color.BLACK, CREASE, RenderStyle.LineKind.CREASE,
            Math.min(1, c.strength()));
      }
    }
  }

  private void eye(Graphics2D g, Identity id, EyeGeometry e) {
    style.fill(g, e.opening(), SCLERA);
    Shape oldClip = g.getClip();
    g.clip(e.opening());
    style.fill(g, e.iris(), id.iris());
    style.fill(g, e.pupil(), PUPIL);
    style.fill(g, e.glint(), Color.WHITE);
    g.setClip(oldClip);
    style.line(g, e.upperLid(), LASH, UPPER_LID, RenderStyle.LineKind.LID, 1);
    style.line(g, e.lowerLid(), scale(id.skin(), 0.45), LOWER_LID, RenderStyle.LineKind.LID, 1);
  }

  private void nose(Graphics2D g, Identity id, NoseGeometry n) {
    Color line = scale(id.skin(), 0.55);
    style.line(g, n.bridge(), line, FEATURE_CONTOUR, RenderStyle.LineKind.CONTOUR, 0.7);
    for (Shape wing : n.wings()) {
      style.line(g, wing, line, FEATURE_CONTOUR, RenderStyle.LineKind.CONTOUR, 1);
    }
    for (Shape nostril : n.nostrils()) {
      style.fill(g, nostril, scale(id.skin(), 0.35));
    }
    style.line(g, n.base(), line, FEATURE_CONTOUR, RenderStyle.LineKind.CONTOUR, 0.8);
  }

  private void mouth(Graphics2D g, Identity id, MouthGeometry m) {
    if (m.interior() != null) {
      style.fill(g, m.interior(), MOUTH);
      Shape oldClip = g.getClip();
      g.clip(m.interior());
      if (m.upperTeeth() != null) {
        style.fill(g, m.upperTeeth(), TEETH);
      }
      if (m.lowerTeeth() != null) {
        style.fill(g, m.lowerTeeth(), TEETH);
      }
      g.setClip(oldClip);
    }
    style.fill(g, m.upperLip(), id.lips());
    style.fill(g, m.lowerLip(), id.lips());
    style.line(g, m.outline(), id.lips(), FEATURE_CONTOUR, RenderStyle.LineKind.CONTOUR, 0.8);
    Color seam = scale(id.lips(), 0.35);
    style.line(g, m.seam(), seam, SEAM, RenderStyle.LineKind.SEAM, 1);
  }

  static Color scale(Color c, double f) {
    return new Color(IdentitySampler.clamp(c.getRed() * f), IdentitySampler.clamp(c.getGreen() * f),
        IdentitySampler.clamp(c.getBlue() * f));
  }
}
