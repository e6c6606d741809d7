package io.emotioncluster.node.data.synthfacs;

/**
 * The FACS action units the renderer knows how to draw. The set covers the EMFACS prototypes of
 * the six basic emotions plus a few units used only as distractors, so that "an AU is active"
 * never by itself gives the class away.
 */
public enum ActionUnit {
  AU1(1, "inner brow raiser"),
  AU2(2, "outer brow raiser"),
  AU4(4, "brow lowerer"),
  AU5(5, "upper lid raiser"),
  AU6(6, "cheek raiser"),
  AU7(7, "lid tightener"),
  AU9(9, "nose wrinkler"),
  AU10(10, "upper lip raiser"),
  AU12(12, "lip corner puller"),
  AU14(14, "dimpler"),
  AU15(15, "lip corner depressor"),
  AU16(16, "lower lip depressor"),
  AU17(17, "chin raiser"),
  AU20(20, "lip stretcher"),
  AU23(23, "lip tightener"),
  AU25(25, "lips part"),
  AU26(26, "jaw drop"),
  AU43(43, "eyes closure");

  public static final int COUNT = values().length;

  private final int facsNumber;
  private final String description;

  ActionUnit(int facsNumber, String description) {
    this.facsNumber = facsNumber;
    this.description = description;
  }

  /** The number FACS gives the unit (AU12 -> 12). */
  public int facsNumber() {
    return facsNumber;
  }

  public String description() {
    return description;
  }
}
