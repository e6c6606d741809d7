package io.emotioncluster.node.detect;

import io.emotioncluster.node.image.PixelImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Frontal face detection with an OpenCV Haar cascade (the node's detector before BlazeFace; kept
 * as {@code --face-detector haar}) shipped inside the opencv jar (unpacked
 * once into the javacpp cache; nothing downloads). An OpenCV {@code CascadeClassifier} is not
 * thread-safe, so each thread that calls {@link #detect} gets its own instance.
 *
 * <p>Images wider or taller than {@link #MAX_SIDE} are downscaled for detection only; boxes are
 * returned in the coordinates of the image given, largest first.
 */
public final class HaarFaceDetector implements FaceDetector {

  /** Its name for {@code --face-detector}. */
  public static final String NAME = "haar";

  /** The cascade used by default: robust on real photos. */
  public static final String DEFAULT_CASCADE =
      "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml";
  /** Longest side, in pixels, that detection works at. */
  public static final int MAX_SIDE = 640;
  private static final int MIN_FACE = 24;
  /** Pyramid step: 1.2 finds the same faces as 1.1 on the test photos, about 1.5x faster. */
  private static final double SCALE_STEP = 1.2;
  private static final int MIN_NEIGHBOURS = 5;

  private final String cascadePath;
  private final ThreadLocal<CascadeClassifier> perThread;

  public HaarFaceDetector() {
    this(DEFAULT_CASCADE);
  }

  /** @param resource a cascade XML resource inside the classpath (see {@link #DEFAULT_CASCADE}) */
  public HaarFaceDetector(String resource) {
    this.cascadePath = cascadeFile(resource);
    this.perThread = ThreadLocal.withInitial(() -> {
      CascadeClassifier c = new CascadeClassifier(cascadePath);
      if (c.empty()) {
        throw new IllegalStateException("OpenCV could not load the face cascade " + cascadePath);
      }
      return c;
    });
    perThread.get(); // fail fast on a broken cascade
  }

  private static String cascadeFile(String resource) {
    try {
      File f = Loader.cacheResource(HaarFaceDetector.class, resource);
      if (f == null) {
        throw new IllegalStateException("face cascade resource not found on the classpath: " + resource);
      }
      return f.getAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the face cascade " + resource, e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Faces in {@code image}, largest first, without score or landmarks (a cascade gives none). */
  @Override
  public List<DetectedFace> detect(PixelImage image) {
    return boxes(image).stream().map(b -> new DetectedFace(b, 0f, List.of())).toList();
  }

  /** Face boxes in {@code image}, largest first; empty when there is none. */
  public List<FaceBox> boxes(PixelImage image) {
    int w = image.width();
    int h = image.height();
    byte[] gray = toGray(image);
    double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
    List<FaceBox> boxes = new ArrayList<>();
    try (Mat src = new Mat(h, w, opencv_core.CV_8UC1);
        Mat small = new Mat();
        Mat eq = new Mat();
        RectVector found = new RectVector()) {
      src.data().put(gray);
      Mat work = src;
      if (scale < 1.0) {
        opencv_imgproc.resize(src, small, new Size((int) Math.round(w * scale),
            (int) Math.round(h * scale)), 0, 0, opencv_imgproc.INTER_AREA);
        work = small;
      }
      opencv_imgproc.equalizeHist(work, eq);
      int minSide = Math.max(MIN_FACE, Math.min(eq.cols(), eq.rows()) / 20);
      try (Size min = new Size(minSide, minSide); Size max = new Size()) {
        perThread.get().detectMultiScale(eq, found, SCALE_STEP, MIN_NEIGHBOURS, 0, min, max);
      }
      for (long i = 0; i < found.size(); i++) {
        Rect r = found.get(i);
        int x = clamp((int) Math.round(r.x() / scale), 0, w - 1);
        int y = clamp((int) Math.round(r.y() / scale), 0, h - 1);
        int bw = clamp((int) Math.round(r.width() / scale), 1, w - x);
        int bh = clamp((int) Math.round(r.height() / scale), 1, h - y);
        boxes.add(new FaceBox(x, y, bw, bh));
      }
    }
    boxes.sort(Comparator.comparingLong(FaceBox::area).reversed()
        .thenComparingInt(FaceBox::y).thenComparingInt(FaceBox::x));
    return boxes;
  }

  private static byte[] toGray(PixelImage image) {
    if (image.channels() == 1) {
      return image.pixels();
    }
    byte[] p = image.pixels();
    byte[] g = new byte[image.width() * image.height()];
    for (int i = 0, j = 0; i < g.length; i++, j += 3) {
      int r = p[j] & 0xFF;
      int gr = p[j + 1] & 0xFF;
      int b = p[j + 2] & 0xFF;
      g[i] = (byte) ((77 * r + 150 * gr + 29 * b + 128) >> 8);
    }
    return g;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
