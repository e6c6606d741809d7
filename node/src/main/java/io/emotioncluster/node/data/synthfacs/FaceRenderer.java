package io.emotioncluster.node.data.synthfacs;

import io.emotioncluster.node.image.PixelImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.random.RandomGenerator;

/**
 * Rasterises one face: canvas-unit geometry onto a supersampled Java2D image under the pose
 * transform, then hands the pixels to {@link PostProcessor}. Java2D's software pipeline is used
 * (headless, no GPU), which is deterministic for the same inputs.
 */
final class FaceRenderer {

  /**
   * Supersampling factor for an output size. Java2D's non-antialiased rasteriser at 3x plus box
   * averaging (10 coverage levels) looks as good as its antialiased one at 48 px and is about
   * twice as fast; large outputs need fewer samples per pixel.
   */
  static int supersample(int size) {
    return size <= 96 ? 3 : size <= 256 ? 2 : 1;
  }

  static {
    // Rendering never needs a display; without this a server with a stale DISPLAY variable
    // could fail on the first BufferedImage. Only set when nobody chose otherwise.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private final RenderStyle style;
  private final FacePainter painter;

  FaceRenderer(RenderStyle style) {
    this.style = style;
    this.painter = new FacePainter(style);
  }

  PixelImage render(Identity id, FaceGeometry face, Nuisance n, int size, int channels,
      RandomGenerator noiseRng) {
    int factor = supersample(size);
    int s = size * factor;
    BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      // Without supersampling, Java2D has to antialias itself.
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, factor == 1
          ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_ANTIALIAS_OFF);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(id.background());
      g.fillRect(0, 0, s, s);
      g.setTransform(pose(n, s));
      painter.paint(g, id, face);
    } finally {
      g.dispose();
    }
    int[] argb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    double blur = Math.hypot(n.blurSigma(), style.softenSigma());
    byte[] pixels = PostProcessor.finish(argb, size, factor, channels, n, blur, noiseRng);
    return new PixelImage(size, size, channels, pixels);
  }

  /**
   * Framing: a tight, FER-style crop from mid-forehead to chin, so the small features that carry
   * the expression get as many pixels as possible at 48 px.
   */
  static final double ZOOM = 1.10;
  static final double FOCUS_Y = 0.53;

  /** Canvas units to pixels: zoom about the face focus, roll, then shift. */
  static AffineTransform pose(Nuisance n, int s) {
    AffineTransform t = new AffineTransform();
    t.translate(s * (0.5 + n.shiftX()), s * (0.5 + n.shiftY()));
    t.rotate(n.rollRadians());
    t.scale(s * n.scale() * ZOOM, s * n.scale() * ZOOM);
    t.translate(-0.5, -FOCUS_Y);
    return t;
  }
}
