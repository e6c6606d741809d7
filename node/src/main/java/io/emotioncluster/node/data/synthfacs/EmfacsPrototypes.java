package io.emotioncluster.node.data.synthfacs;

import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU1;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU12;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU15;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU16;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU2;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU20;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU23;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU25;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU26;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU4;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU5;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU6;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU7;
import static io.emotioncluster.node.data.synthfacs.ActionUnit.AU9;

import io.emotioncluster.node.model.Emotion;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which action units make up each emotion, after Ekman and Friesen's EMFACS prototypes
 * (as summarised e.g. in Matsumoto and Ekman's tables). The label of a generated image is
 * defined by this table, so it is the one place to change if the class semantics change.
 */
public final class EmfacsPrototypes {

  private static final Map<Emotion, Set<ActionUnit>> PROTOTYPES = new EnumMap<>(Emotion.class);
  /** Variants EMFACS also accepts: drawn sometimes so one class is not one single picture. */
  private static final Map<Emotion, Set<ActionUnit>> OPTIONAL = new EnumMap<>(Emotion.class);

  static {
    PROTOTYPES.put(Emotion.HAPPINESS, EnumSet.of(AU6, AU12));
    PROTOTYPES.put(Emotion.SADNESS, EnumSet.of(AU1, AU4, AU15));
    PROTOTYPES.put(Emotion.SURPRISE, EnumSet.of(AU1, AU2, AU5, AU26));
    PROTOTYPES.put(Emotion.FEAR, EnumSet.of(AU1, AU2, AU4, AU5, AU7, AU20, AU26));
    PROTOTYPES.put(Emotion.ANGER, EnumSet.of(AU4, AU5, AU7, AU23));
    PROTOTYPES.put(Emotion.DISGUST, EnumSet.of(AU9, AU15, AU16));
    PROTOTYPES.put(Emotion.NEUTRAL, EnumSet.noneOf(ActionUnit.class));

    for (Emotion e : Emotion.all()) {
      OPTIONAL.put(e, EnumSet.noneOf(ActionUnit.class));
    }
    // A smile with parted lips (6+12+25) is the common "teeth" smile.
    OPTIONAL.put(Emotion.HAPPINESS, EnumSet.of(AU25));
    // Surprise and fear with the jaw only slightly dropped are still lips-parted faces.
    OPTIONAL.put(Emotion.SURPRISE, EnumSet.of(AU25));
    OPTIONAL.put(Emotion.FEAR, EnumSet.of(AU25));
  }

  private EmfacsPrototypes() {
  }

  /** The prototype units of an emotion; empty for neutral. */
  public static Set<ActionUnit> of(Emotion emotion) {
    return copy(PROTOTYPES.get(emotion));
  }

  /** Units that may accompany the prototype without changing the label. */
  static Set<ActionUnit> optional(Emotion emotion) {
    return copy(OPTIONAL.get(emotion));
  }

  /** Callers get a mutable copy; the tables themselves stay fixed. */
  private static Set<ActionUnit> copy(Set<ActionUnit> s) {
    EnumSet<ActionUnit> out = EnumSet.noneOf(ActionUnit.class);
    out.addAll(s);
    return out;
  }
}
