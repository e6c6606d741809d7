package io.emotioncluster.node.detect;

import io.emotioncluster.node.image.PixelImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * MediaPipe BlazeFace run by OpenCV's DNN module from the bundled TFLite files
 * ({@code src/main/resources/blazeface/}, loaded from the classpath; nothing downloads).
 *
 * <p>The frame is letterboxed into the square network input (scaled to fit, centred, black
 * around), so faces keep their shape; boxes and keypoints are mapped back to the frame's pixels.
 * An OpenCV {@code Net} is not thread-safe, so each calling thread gets its own copy.
 */
public final class BlazeFaceDetector implements FaceDetector {

  public static final String SHORT_RANGE_NAME = "blazeface-short";
  public static final String FULL_RANGE_NAME = "blazeface-full";

  /** The two models of the package that OpenCV can load. */
  public enum Variant {
    /** Faces within about 2 m of the camera (selfie distance); 128 px input. */
    SHORT_RANGE("face_detection_short_range.tflite", 128, new int[][] {{16, 2}, {8, 6}}, SHORT_RANGE_NAME),
    /** Faces up to about 5 m away (group photos, a robot's view of a room); 192 px input. */
    FULL_RANGE("face_detection_full_range.tflite", 192, new int[][] {{48, 1}}, FULL_RANGE_NAME);

    final String file;
    final int inputSize;
    final int[][] layers;
    final String detectorName;

    Variant(String file, int inputSize, int[][] layers, String detectorName) {
      this.file = file;
      this.inputSize = inputSize;
      this.layers = layers;
      this.detectorName = detectorName;
    }

    public String resource() {
      return "/blazeface/" + file;
    }
  }

  /** Below this probability a detection is dropped (MediaPipe's default). */
  public static final float MIN_SCORE = 0.5f;
  /** Overlap above which boxes are merged by the weighted suppression (MediaPipe's value). */
  public static final float NMS_IOU = 0.3f;

  private final Variant variant;
  private final byte[] model;
  private final BlazeFaceDecoder decoder;
  private final ThreadLocal<Net> perThread;

  public BlazeFaceDetector(Variant variant) {
    this(variant, MIN_SCORE);
  }

  public BlazeFaceDetector(Variant variant, float minScore) {
    this.variant = variant;
    this.model = readResource(variant.resource());
    this.decoder = new BlazeFaceDecoder(variant.inputSize, variant.layers, minScore, NMS_IOU);
    this.perThread = ThreadLocal.withInitial(this::load);
    perThread.get(); // fail fast on a broken model file
  }

  private Net load() {
    Net net = opencv_dnn.readNetFromTFLite(model);
    if (net == null || net.empty()) {
      throw new IllegalStateException("OpenCV could not load the face detector " + variant.resource());
    }
    net.setPreferableBackend(opencv_dnn.DNN_BACKEND_OPENCV);
    net.setPreferableTarget(opencv_dnn.DNN_TARGET_CPU);
    return net;
  }

  private static byte[] readResource(String resource) {
    try (InputStream in = BlazeFaceDetector.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("face detector model not found on the classpath: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the face detector model " + resource, e);
    }
  }

  @Override
  public String name() {
    return variant.detectorName;
  }

  public Variant variant() {
    return variant;
  }

  @Override
  public List<DetectedFace> detect(PixelImage image) {
    int w = image.width();
    int h = image.height();
    int size = variant.inputSize;
    double scale = (double) size / Math.max(w, h);
    int sw = Math.max(1, Math.min(size, (int) Math.round(w * scale)));
    int sh = Math.max(1, Math.min(size, (int) Math.round(h * scale)));
    int padX = (size - sw) / 2;
    int padY = (size - sh) / 2;
    float[] scores = new float[decoder.anchorCount()];
    float[] regressors = new float[decoder.anchorCount() * BlazeFaceDecoder.VALUES];
    try (Mat src = new Mat(h, w, image.channels() == 1 ? opencv_core.CV_8UC1 : opencv_core.CV_8UC3);
        Mat rgb = new Mat();
        Mat small = new Mat();
        Mat square = new Mat();
        Scalar black = new Scalar(0, 0, 0, 0);
        Scalar mean = new Scalar(127.5, 127.5, 127.5, 0);
        Size inSize = new Size(size, size);
        Size smallSize = new Size(sw, sh);
        MatVector outs = new MatVector()) {
      src.data().put(image.pixels());
      if (image.channels() == 1) {
        opencv_imgproc.cvtColor(src, rgb, opencv_imgproc.COLOR_GRAY2RGB);
      } else {
        src.copyTo(rgb); // keeps src's memory untouched; cheap next to the forward pass
      }
      // INTER_AREA averages when shrinking, like the camera pipeline MediaPipe was trained on
      opencv_imgproc.resize(rgb, small, smallSize, 0, 0, opencv_imgproc.INTER_AREA);
      opencv_core.copyMakeBorder(small, square, padY, size - sh - padY, padX, size - sw - padX,
          opencv_core.BORDER_CONSTANT, black);
      // our pixels are already RGB: no channel swap; (v - 127.5) / 127.5 puts them in [-1, 1]
      try (Mat blob = opencv_dnn.blobFromImage(square, 1 / 127.5, inSize, mean, false, false, opencv_core.CV_32F)) {
        Net net = perThread.get();
        net.setInput(blob);
        // output names differ between the two files; the score output is the smaller one
        try (StringVector names = net.getUnconnectedOutLayersNames()) {
          net.forward(outs, names);
        }
      }
      boolean scoresFirst = outs.get(0).total() < outs.get(1).total();
      copy(outs.get(scoresFirst ? 0 : 1), scores);
      copy(outs.get(scoresFirst ? 1 : 0), regressors);
    }
    List<DetectedFace> faces = new ArrayList<>();
    for (BlazeFaceDecoder.Candidate c : decoder.decode(scores, regressors)) {
      DetectedFace f = toImage(c, size, padX, padY, scale, w, h);
      if (f != null) {
        faces.add(f);
      }
    }
    faces.sort(Comparator.comparingLong((DetectedFace f) -> f.box().area()).reversed()
        .thenComparingInt(f -> f.box().y()).thenComparingInt(f -> f.box().x()));
    return faces;
  }

  private static void copy(Mat m, float[] into) {
    long n = m.total() * m.channels();
    if (n != into.length) {
      throw new IllegalStateException("face detector output has " + n + " values, expected " + into.length);
    }
    try (FloatPointer p = new FloatPointer(m.data())) {
      p.get(into);
    }
  }

  /** Maps a normalised letterbox candidate to the frame's pixels; null when it lies outside. */
  private static DetectedFace toImage(BlazeFaceDecoder.Candidate c, int size, int padX, int padY,
      double scale, int w, int h) {
    double x0 = (c.x0() * size - padX) / scale;
    double y0 = (c.y0() * size - padY) / scale;
    double x1 = (c.x1() * size - padX) / scale;
    double y1 = (c.y1() * size - padY) / scale;
    int bx0 = clamp((int) Math.round(x0), 0, w - 1);
    int by0 = clamp((int) Math.round(y0), 0, h - 1);
    int bx1 = clamp((int) Math.round(x1), 0, w);
    int by1 = clamp((int) Math.round(y1), 0, h);
    if (bx1 <= bx0 || by1 <= by0) {
      return null;
    }
    List<DetectedFace.Keypoint> kps = new ArrayList<>(BlazeFaceDecoder.KEYPOINTS);
    DetectedFace.Kind[] kinds = DetectedFace.Kind.values();
    for (int k = 0; k < BlazeFaceDecoder.KEYPOINTS; k++) {
      kps.add(new DetectedFace.Keypoint(kinds[k],
          (float) ((c.keypoints()[2 * k] * size - padX) / scale),
          (float) ((c.keypoints()[2 * k + 1] * size - padY) / scale)));
    }
    return new DetectedFace(new FaceBox(bx0, by0, bx1 - bx0, by1 - by0), c.score(), kps);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
