package io.emotioncluster.node.data.synthfacs;

import java.awt.Color;

/**
 * Everything that makes one subject look like themselves across all their images. Lengths are
 * in canvas units (the image is the unit square, y down), so an identity renders the same at any
 * image size. Produced by {@link IdentitySampler}; never changes with the expression.
 *
 * <p>The {@code rest*} fields, each in [-1, 1], are the subject's resting expression (a natural
 * upturned mouth, low brows, ...): they make "neutral" differ between people, so a model has to
 * compare a face with the person's neutral rather than with a global template.
 */
record Identity(
    // Head outline.
    double faceHalfWidth,
    double headTop,
    double chinDrop,
    double jawWidth,
    double chinWidth,
    // Eyes and brows.
    double eyeY,
    double eyeSeparation,
    double eyeHalfWidth,
    double eyeOpening,
    double eyeTilt,
    double browGap,
    double browThickness,
    double browLength,
    double browArch,
    // Nose and mouth.
    double noseLength,
    double noseWidth,
    double mouthGap,
    double mouthHalfWidth,
    double lipThickness,
    int noseSide,
    // Colours.
    Color skin,
    Color lips,
    Color brows,
    Color hair,
    Color iris,
    Color background,
    // Hair and accessories.
    HairStyle hairStyle,
    double hairline,
    Glasses glasses,
    Color glassesColor,
    // Resting expression bias, each in [-1, 1].
    double restMouthCurve,
    double restBrowRaise,
    double restBrowSlant,
    double restEyeOpening) {

  enum HairStyle { BALD, SHORT, BANGS, LONG, SIDE_PART }

  enum Glasses { NONE, ROUND, RECTANGULAR }
}
