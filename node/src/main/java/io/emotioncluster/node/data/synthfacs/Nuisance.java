package io.emotioncluster.node.data.synthfacs;

/**
 * Per-image conditions that are unrelated to the label: how the head sits in the frame, how it
 * is lit, how sharp and how noisy the picture is, and where the eyes look. A classifier has to
 * become invariant to all of these.
 *
 * @param rollRadians in-plane rotation of the head around the image centre
 * @param scale face scale factor (1 = nominal framing)
 * @param shiftX horizontal shift as a fraction of the image width
 * @param shiftY vertical shift as a fraction of the image height
 * @param lightDirX unit vector of the light gradient, x
 * @param lightDirY unit vector of the light gradient, y
 * @param lightStrength brightness change from the centre to the edge along the light direction
 * @param brightness additive exposure change as a fraction of full scale
 * @param contrast multiplicative contrast factor around mid-gray
 * @param blurSigma Gaussian blur sigma in output pixels
 * @param noiseSigma Gaussian noise sigma in gray levels
 * @param gazeX gaze direction, -1 (image left) .. 1 (image right)
 * @param gazeY gaze direction, -1 (up) .. 1 (down)
 */
record Nuisance(
    double rollRadians,
    double scale,
    double shiftX,
    double shiftY,
    double lightDirX,
    double lightDirY,
    double lightStrength,
    double brightness,
    double contrast,
    double blurSigma,
    double noiseSigma,
    double gazeX,
    double gazeY) {
}
