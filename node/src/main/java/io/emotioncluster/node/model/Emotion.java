package io.emotioncluster.node.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The seven classes, in the one order used everywhere: score arrays, confusion matrices, class
 * indices of trained models. It matches emotion.v1.Emotion with index = enum number - 1.
 */
public enum Emotion {
  ANGER("anger", "angry", "anger"),
  DISGUST("disgust", "disgusted", "disgust"),
  FEAR("fear", "fearful", "afraid", "fear", "scared"),
  HAPPINESS("happiness", "happy", "happiness", "joy"),
  SADNESS("sadness", "sad", "sadness"),
  SURPRISE("surprise", "surprised", "surprise"),
  NEUTRAL("neutral", "neutral", "calm", "contempt_none");

  public static final int COUNT = 7;
  private static final List<Emotion> ALL = List.of(values());

  private final String label;
  private final String[] aliases;

  Emotion(String label, String... aliases) {
    this.label = label;
    this.aliases = aliases;
  }

  public String label() {
    return label;
  }

  public int index() {
    return ordinal();
  }

  public static Emotion ofIndex(int index) {
    return ALL.get(index);
  }

  public static List<Emotion> all() {
    return ALL;
  }

  /** Folder or label names as datasets spell them (angry, happy, surprised...). */
  public static Optional<Emotion> fromName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Emotion e : ALL) {
      if (e.label.equals(n)) {
        return Optional.of(e);
      }
      for (String alias : e.aliases) {
        if (alias.equals(n)) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }
}
