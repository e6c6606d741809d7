package io.emotioncluster.node.data.synthfacs;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;

/**
 * How the primitives of a face look. {@link FacePainter} decides what to draw from the geometry;
 * a style decides only how a region, a line or a shadow is rendered, so two styles carry exactly
 * the same AU information in two visual domains.
 */
interface RenderStyle {

  /** What a line is, so a style can drop outlines but keep lids and the lip seam. */
  enum LineKind {
    /** Outline of a region (head, lips, nose); a drawing convention, not a feature. */
    CONTOUR,
    /** Eyelid edge: carries AU5/6/7 and must stay visible. */
    LID,
    /** Where the lips meet: carries AU12/15/20/23 on a closed mouth. */
    SEAM,
    /** A wrinkle, with a strength from the AU that causes it. */
    CREASE
  }

  /** Large skin areas (face, neck, ears). */
  void skin(Graphics2D g, Shape region, Color colour);

  void hair(Graphics2D g, Shape region, Color colour);

  /** Small solid features: eye white, iris, lips, teeth, mouth interior, brows, nostrils. */
  void fill(Graphics2D g, Shape region, Color colour);

  /**
   * @param width line width in canvas units
   * @param strength 0..1 opacity scale; creases pass their AU strength
   */
  void line(Graphics2D g, Shape path, Color colour, double width, LineKind kind, double strength);

  /** Soft modelling shadow; only shaded styles draw it. */
  void shadow(Graphics2D g, Shape region, double strength);

  /** Soft modelling highlight; only shaded styles draw it. */
  void highlight(Graphics2D g, Shape region, double strength);

  /** Extra blur in output pixels that belongs to the style (softness), not to the difficulty. */
  double softenSigma();

  static RenderStyle named(String name) {
    return switch (name) {
      case SynthFacsConfig.STYLE_LINE -> new LineStyle();
      case SynthFacsConfig.STYLE_SHADED -> new ShadedStyle();
      default -> throw new IllegalArgumentException("unknown style " + name);
    };
  }
}
