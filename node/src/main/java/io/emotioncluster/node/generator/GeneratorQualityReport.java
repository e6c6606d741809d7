package io.emotioncluster.node.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Generator quality as stored with the version ({@code generatorQualityJson}). Classifier-based
 * figures (KID, recognisability) are null when no production classifier existed; {@code note}
 * then says so.
 *
 * @param casAccuracy accuracy on the real test split of a classifier trained only on generated images
 */
public record GeneratorQualityReport(Double kid, Double recognisability, Double casAccuracy,
    List<PerEmotion> perEmotion, String classifierVersion, int generatedImagesPerEmotion, int realImages,
    String note, Double judgeRealAccuracy, Double casRealAccuracy, Double diversityGenerated,
    Double diversityReal) {

  /** Per emotion (index order); null where not measurable (e.g. no real test image of it). */
  public record PerEmotion(String emotion, Double kid, Double recognisability, Double casRecall,
      Double diversityGenerated, Double diversityReal) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static GeneratorQualityReport fromJson(String json) {
    try {
      return JSON.readValue(json, GeneratorQualityReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable generator quality: " + e.getOriginalMessage(), e);
    }
  }

  /** One line for job messages. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    if (kid != null) {
      b.append(String.format("KID %.4f, recognisability %.3f (classifier %s", kid, recognisability,
          classifierVersion));
      if (judgeRealAccuracy != null && judgeRealAccuracy > 0) {
        b.append(String.format(", whose accuracy on real test faces is %.3f: ratio %.2f", judgeRealAccuracy,
            recognisability / judgeRealAccuracy));
      }
      b.append(')');
      if (diversityGenerated != null) {
        b.append(String.format(", diversity %.3f (real %.3f)", diversityGenerated, diversityReal));
      }
    } else {
      b.append("KID and recognisability not measured: ").append(note);
    }
    if (casAccuracy != null) {
      b.append(String.format(", CAS accuracy %.3f", casAccuracy));
      if (casRealAccuracy != null && casRealAccuracy > 0) {
        b.append(String.format(" (trained on as many real faces: %.3f, ratio %.2f)", casRealAccuracy,
            casAccuracy / casRealAccuracy));
      }
    }
    return b.toString();
  }
}
