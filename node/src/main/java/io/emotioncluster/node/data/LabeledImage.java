package io.emotioncluster.node.data;

import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;

/**
 * One labelled example from any dataset.
 *
 * @param id       stable identifier within its dataset (file path, row number, synthetic id);
 *                 split fingerprints are computed over these
 * @param subject  subject (person) id, or null when the dataset does not know it
 */
public record LabeledImage(String id, String subject, Emotion emotion, PixelImage image) {}
