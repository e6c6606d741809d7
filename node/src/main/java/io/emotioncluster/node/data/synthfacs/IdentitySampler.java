package io.emotioncluster.node.data.synthfacs;

import java.awt.Color;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Draws a subject's {@link Identity} from the identity seed. The ranges are chosen so that
 * features stay inside the face and never collide at their extreme AU positions, while subjects
 * still differ enough that a model can overfit to identity if the split leaks subjects.
 */
final class IdentitySampler {

  /** Skin tones from light to dark; a subject gets a random point on this ramp. */
  private static final Color[] SKIN = {
      new Color(255, 226, 200), new Color(241, 194, 160), new Color(224, 172, 130),
      new Color(198, 134, 96), new Color(160, 104, 72), new Color(112, 72, 50)};

  private static final Color[] HAIR = {
      new Color(28, 24, 22), new Color(62, 42, 30), new Color(110, 76, 48),
      new Color(196, 162, 104), new Color(150, 72, 40), new Color(140, 140, 140),
      new Color(212, 212, 206)};

  private static final Color[] IRIS = {
      new Color(70, 45, 30), new Color(110, 80, 50), new Color(70, 110, 150),
      new Color(80, 120, 80), new Color(40, 40, 45)};

  private IdentitySampler() {
  }

  static Identity sample(long identitySeed) {
    RandomGenerator r = new SplittableRandom(identitySeed);

    double faceHalfWidth = u(r, 0.31, 0.38);
    double headTop = u(r, 0.50, 0.56);
    double chinDrop = u(r, 0.36, 0.42);
    double jawWidth = u(r, 0.62, 0.90);
    double chinWidth = u(r, 0.18, 0.38);

    double eyeY = 0.5 + u(r, -0.09, -0.05);
    double eyeSeparation = u(r, 0.125, 0.155);
    double eyeHalfWidth = u(r, 0.058, 0.076);
    double eyeOpening = u(r, 0.046, 0.060);
    double eyeTilt = u(r, -0.008, 0.010);
    double browGap = u(r, 0.066, 0.086);
    double browThickness = u(r, 0.030, 0.046);
    double browLength = u(r, 0.115, 0.150);
    double browArch = u(r, 0.006, 0.018);

    double noseLength = u(r, 0.14, 0.18);
    double noseWidth = u(r, 0.032, 0.048);
    double mouthGap = u(r, 0.075, 0.10);
    double mouthHalfWidth = u(r, 0.085, 0.110);
    double lipThickness = u(r, 0.013, 0.024);
    int noseSide = r.nextBoolean() ? 1 : -1;

    Color skin = jitter(r, ramp(SKIN, r.nextDouble()), 10);
    Color lips = new Color(clamp(skin.getRed() * 0.86 + 8), clamp(skin.getGreen() * 0.62),
        clamp(skin.getBlue() * 0.64));
    Color hair = jitter(r, HAIR[r.nextInt(HAIR.length)], 12);
    Color brows = browColour(hair, skin);
    Color iris = jitter(r, IRIS[r.nextInt(IRIS.length)], 10);
    Color background = background(r, skin);

    Identity.HairStyle hairStyle = hairStyle(r);
    double hairline = u(r, 0.055, 0.10);
    // About a quarter of people wear glasses, as the brief asks.
    Identity.Glasses glasses = r.nextDouble() < 0.25
        ? (r.nextBoolean() ? Identity.Glasses.ROUND : Identity.Glasses.RECTANGULAR)
        : Identity.Glasses.NONE;
    Color glassesColor = r.nextBoolean() ? new Color(25, 25, 28) : jitter(r, new Color(90, 60, 40), 25);

    return new Identity(faceHalfWidth, headTop, chinDrop, jawWidth, chinWidth,
        eyeY, eyeSeparation, eyeHalfWidth, eyeOpening, eyeTilt,
        browGap, browThickness, browLength, browArch,
        noseLength, noseWidth, mouthGap, mouthHalfWidth, lipThickness, noseSide,
        skin, lips, brows, hair, iris, background,
        hairStyle, hairline, glasses, glassesColor,
        u(r, -1, 1), u(r, -1, 1), u(r, -1, 1), u(r, -1, 1));
  }

  private static Identity.HairStyle hairStyle(RandomGenerator r) {
    double p = r.nextDouble();
    if (p < 0.08) {
      return Identity.HairStyle.BALD;
    } else if (p < 0.35) {
      return Identity.HairStyle.SHORT;
    } else if (p < 0.55) {
      return Identity.HairStyle.BANGS;
    } else if (p < 0.80) {
      return Identity.HairStyle.LONG;
    }
    return Identity.HairStyle.SIDE_PART;
  }

  /**
   * Brows are the main carrier of AU1/2/4, so they must stay visible on every skin: take the
   * hair colour and darken it until it is clearly darker than the skin.
   */
  private static Color browColour(Color hair, Color skin) {
    double target = luminance(skin) - 90;
    double f = luminance(hair) > target ? Math.max(0.15, target / Math.max(1, luminance(hair))) : 1.0;
    double mixToward = 0.25;
    return new Color(
        clamp(hair.getRed() * f * (1 - mixToward) + 30 * mixToward),
        clamp(hair.getGreen() * f * (1 - mixToward) + 22 * mixToward),
        clamp(hair.getBlue() * f * (1 - mixToward) + 18 * mixToward));
  }

  /** A muted colour whose brightness differs from the skin, so the head outline shows. */
  private static Color background(RandomGenerator r, Color skin) {
    float hue = (float) r.nextDouble();
    float sat = (float) u(r, 0.0, 0.35);
    double skinLum = luminance(skin) / 255.0;
    float value;
    do {
      value = (float) u(r, 0.12, 0.95);
    } while (Math.abs(value - skinLum) < 0.18);
    return new Color(Color.HSBtoRGB(hue, sat, value));
  }

  static double luminance(Color c) {
    return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
  }

  private static Color ramp(Color[] stops, double t) {
    double x = t * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) x);
    double f = x - i;
    Color a = stops[i];
    Color b = stops[i + 1];
    return new Color(
        clamp(a.getRed() + (b.getRed() - a.getRed()) * f),
        clamp(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
        clamp(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
  }

  private static Color jitter(RandomGenerator r, Color c, int amount) {
    int d = r.nextInt(-amount, amount + 1);
    return new Color(clamp(c.getRed() + d + r.nextInt(-3, 4)), clamp(c.getGreen() + d),
        clamp(c.getBlue() + d + r.nextInt(-3, 4)));
  }

  private static double u(RandomGenerator r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
