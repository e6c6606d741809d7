/**
 * SynthFACS: a procedural, seed-deterministic generator of labelled face images.
 *
 * <p>Faces are drawn with Java2D from a per-subject {@link
 * io.emotioncluster.node.data.synthfacs.Identity identity} and a per-image set of FACS
 * {@link io.emotioncluster.node.data.synthfacs.ActionUnit action units} that follow Ekman's
 * EMFACS prototypes, then degraded by pose, lighting, blur and noise whose strength follows one
 * {@code difficulty} knob (see {@link io.emotioncluster.node.data.synthfacs.DifficultyProfile}).
 * The point is a data set with known ground truth, any size, no licensing, and a difficulty dial,
 * for testing the training and serving pipeline end to end.
 *
 * <p>Pipeline of one image: {@link io.emotioncluster.node.data.synthfacs.Seeds} →
 * {@link io.emotioncluster.node.data.synthfacs.IdentitySampler} +
 * {@link io.emotioncluster.node.data.synthfacs.ExpressionSampler} +
 * {@link io.emotioncluster.node.data.synthfacs.NuisanceSampler} →
 * {@link io.emotioncluster.node.data.synthfacs.FaceGeometry} →
 * {@link io.emotioncluster.node.data.synthfacs.FacePainter} (with a
 * {@link io.emotioncluster.node.data.synthfacs.RenderStyle}) →
 * {@link io.emotioncluster.node.data.synthfacs.PostProcessor}.
 */
package io.emotioncluster.node.data.synthfacs;
