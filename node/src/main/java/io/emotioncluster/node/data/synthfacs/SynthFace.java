package io.emotioncluster.node.data.synthfacs;

import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import java.util.Locale;
import java.util.Objects;

/**
 * One generated, labelled image.
 *
 * @param subjectId identity, 0..subjects-1: use it to split train and test by person
 * @param emotion the label, defined by the EMFACS prototype the face was drawn from
 * @param index which of the subject's images of this emotion, 0..imagesPerEmotion-1
 */
public record SynthFace(int subjectId, Emotion emotion, int index, PixelImage image) {

  public SynthFace {
    Objects.requireNonNull(emotion, "emotion");
    Objects.requireNonNull(image, "image");
  }

  /**
   * A stable name such as {@code s012-happiness-3}. It starts with the subject so that a
   * subject pattern like {@code ^s(\d+)-} recovers identities from file names.
   */
  public String id() {
    return String.format(Locale.ROOT, "s%03d-%s-%d", subjectId, emotion.label(), index);
  }
}
