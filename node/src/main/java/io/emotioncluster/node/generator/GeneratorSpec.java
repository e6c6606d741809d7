package io.emotioncluster.node.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What rebuilds and samples a generator: sizes of the networks and the per-class average w used
 * by truncation. Stored as the version's {@code generatorSpecJson}.
 *
 * @param classW per emotion (index order) the mean of w over many z, or null before it is measured
 *               (stylegan2 only)
 * @param architecture {@link #DCGAN} or {@link #STYLEGAN2}; specs stored before the field existed
 *               are StyleGAN2 ones, so null reads as stylegan2
 */
public record GeneratorSpec(int resolution, int channels, int latentSize, int mappingLayers, int baseWidth,
    int minWidth, float[][] classW, String architecture) {

  public static final String DCGAN = "dcgan";
  public static final String STYLEGAN2 = "stylegan2";

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public GeneratorSpec {
    if (architecture == null || architecture.isBlank()) {
      architecture = STYLEGAN2;
    }
    if (!architecture.equals(DCGAN) && !architecture.equals(STYLEGAN2)) {
      throw new IllegalArgumentException("architecture must be \"" + DCGAN + "\" or \"" + STYLEGAN2 + "\", got \""
          + architecture + "\"");
    }
    if (resolution < 4 || Integer.bitCount(resolution) != 1) {
      throw new IllegalArgumentException("resolution must be a power of two >= 4, got " + resolution);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
  }

  /** Feature maps at a resolution: baseWidth at 4x4, halving per doubling, never below minWidth. */
  public int width(int res) {
    return Math.max(minWidth, baseWidth * 4 / res);
  }

  public GeneratorSpec withClassW(float[][] w) {
    return new GeneratorSpec(resolution, channels, latentSize, mappingLayers, baseWidth, minWidth, w, architecture);
  }

  /** Whether a network built from {@code other} has the same parameters (names and shapes). */
  public boolean sameNetworkAs(GeneratorSpec other) {
    return architecture.equals(other.architecture) && resolution == other.resolution && channels == other.channels
        && latentSize == other.latentSize && baseWidth == other.baseWidth && minWidth == other.minWidth
        && (architecture.equals(DCGAN) || mappingLayers == other.mappingLayers);
  }

  /** The sizes in words, for messages. */
  public String describe() {
    return architecture + " " + resolution + "x" + resolution + "x" + channels + ", latent " + latentSize
        + ", base width " + baseWidth + (architecture.equals(STYLEGAN2) ? ", mapping layers " + mappingLayers : "");
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static GeneratorSpec fromJson(String json) {
    try {
      return JSON.readValue(json, GeneratorSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable generator spec: " + e.getOriginalMessage(), e);
    }
  }
}
