package io.emotioncluster.node.data.synthfacs;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Intensities of every {@link ActionUnit} for one image, each in [0, 1] (FACS A..E mapped to a
 * continuous scale). Immutable so geometry code can share it freely.
 */
public final class ActionUnits {

  private static final ActionUnits NONE = new ActionUnits(new double[ActionUnit.COUNT]);

  private final double[] intensity;

  private ActionUnits(double[] intensity) {
    this.intensity = intensity;
  }

  public static ActionUnits none() {
    return NONE;
  }

  public double get(ActionUnit au) {
    return intensity[au.ordinal()];
  }

  /** A copy with one unit set; values are clamped to [0, 1] so callers can add freely. */
  public ActionUnits with(ActionUnit au, double value) {
    double[] copy = intensity.clone();
    copy[au.ordinal()] = Math.max(0.0, Math.min(1.0, value));
    return new ActionUnits(copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActionUnits other && Arrays.equals(intensity, other.intensity);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(intensity);
  }

  /** Only active units, e.g. {@code AU6=0.82 AU12=0.91}: what a person reads in a log. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(" ", "[", "]");
    for (ActionUnit au : ActionUnit.values()) {
      double v = get(au);
      if (v > 0) {
        j.add(au.name() + "=" + String.format(java.util.Locale.ROOT, "%.2f", v));
      }
    }
    return j.toString();
  }
}
