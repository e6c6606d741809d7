package io.emotioncluster.admin.output;

import io.emotioncluster.api.v1.Emotion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Small formatting helpers shared by the renderers. */
public final class Fmt {

  /** The seven classes in score order (proto enum order without UNSPECIFIED). */
  public static final List<Emotion> EMOTIONS = List.of(Emotion.ANGER, Emotion.DISGUST, Emotion.FEAR,
      Emotion.HAPPINESS, Emotion.SADNESS, Emotion.SURPRISE, Emotion.NEUTRAL);

  private Fmt() {}

  public static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  public static String emotion(Emotion e) {
    return lower(e);
  }

  /** Fixed decimals, "." as separator whatever the locale. */
  public static String num(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A signed delta: "+0.118", "-0.020", "+0.000". */
  public static String delta(double v, int decimals) {
    String s = num(v, decimals);
    return s.startsWith("-") ? s : "+" + s;
  }

  /** Epoch milliseconds as an ISO-8601 UTC instant to the second; "" for 0. */
  public static String time(long unixMs) {
    return unixMs <= 0 ? "" : Instant.ofEpochMilli(unixMs).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Seconds as "45s", "3m05s", "2h01m". */
  public static String duration(long seconds) {
    if (seconds < 0) {
      seconds = 0;
    }
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  /** A p-value readable at a glance: "0.0312", "< 0.0001". */
  public static String pValue(double p) {
    return p < 1e-4 ? "< 0.0001" : num(p, 4);
  }

  /** A short form of a hex fingerprint. */
  public static String shortHash(String s) {
    return s.length() > 12 ? s.substring(0, 12) : s;
  }
}
