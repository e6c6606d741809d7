package io.emotioncluster.node.data.synthfacs;

import java.awt.Shape;

/**
 * A wrinkle or fold line (forehead lines, glabella, crow's feet, nasolabial fold...). These are
 * the secondary cues FACS coders use; the strength in [0, 1] follows the AU that causes the
 * crease, so a weak AU gives a faint line and the style decides how a line is drawn.
 */
record Crease(Shape path, double strength) {

  /** Creases weaker than this are not drawn at all: a resting face is smooth. */
  static final double VISIBLE = 0.12;

  boolean visible() {
    return strength >= VISIBLE;
  }
}
