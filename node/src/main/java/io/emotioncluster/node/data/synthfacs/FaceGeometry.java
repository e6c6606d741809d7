package io.emotioncluster.node.data.synthfacs;

import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU12;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU6;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole face for one image in canvas units: identity plus AU intensities turned into shapes.
 * Kept separate from painting so the AU semantics are identical in every {@link RenderStyle}.
 *
 * @param cheeks cheek apples, which AU6 and AU12 lift (highlighted by shaded styles)
 * @param cheekStrength how prominent the cheek apples are
 */
record FaceGeometry(HeadGeometry head, BrowGeometry brows, EyeGeometry leftEye,
    EyeGeometry rightEye, NoseGeometry nose, MouthGeometry mouth, GlassesGeometry glasses,
    List<Shape> cheeks, double cheekStrength) {

  static FaceGeometry build(Identity id, ActionUnits au, double restingBias, Nuisance n) {
    BrowGeometry brows = BrowGeometry.build(id, au, restingBias);
    EyeGeometry left = EyeGeometry.build(id, au, restingBias, n, -1, brows.leftY());
    EyeGeometry right = EyeGeometry.build(id, au, restingBias, n, 1, brows.rightY());
    MouthGeometry mouth = MouthGeometry.build(id, au, restingBias);
    NoseGeometry nose = NoseGeometry.build(id, au, mouth.cornerHalfWidth(), mouth.cornerY());
    HeadGeometry head = HeadGeometry.build(id, mouth.jawDrop());
    GlassesGeometry glasses = GlassesGeometry.build(id);

    double a6 = au.get(AU6);
    double a12 = au.get(AU12);
    List<Shape> cheeks = new ArrayList<>();
    for (int side = -1; side <= 1; side += 2) {
      double x = 0.5 + side * (id.eyeSeparation() + 0.012);
      double y = id.eyeY() + 0.10 - 0.025 * a6 - 0.02 * a12;
      cheeks.add(new Ellipse2D.Double(x - 0.055, y - 0.035, 0.11, 0.07));
    }
    return new FaceGeometry(head, brows, left, right, nose, mouth, glasses, cheeks,
        0.3 + 0.6 * Math.max(a6, a12));
  }
}
