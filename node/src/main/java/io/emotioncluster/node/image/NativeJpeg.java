package io.emotioncluster.node.image;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * JPEG decoding with OpenCV's libjpeg-turbo ({@code imdecode}), about ten times faster than
 * ImageIO on a 640x480 camera frame (measured by {@code bin/face-benchmark}). Like ImageIO it
 * ignores the EXIF orientation, and gray files stay gray, so both give the same image.
 */
final class NativeJpeg {

  private NativeJpeg() {
  }

  /** The pixels, or null when OpenCV cannot decode the bytes (the caller reports it). */
  static PixelImage decode(byte[] jpeg) {
    try (BytePointer bytes = new BytePointer(jpeg);
        Mat buf = new Mat(1, jpeg.length, opencv_core.CV_8UC1, bytes);
        Mat img = opencv_imgcodecs.imdecode(buf, opencv_imgcodecs.IMREAD_UNCHANGED);
        Mat rgb = new Mat()) {
      if (img == null || img.empty() || img.depth() != opencv_core.CV_8U) {
        return null;
      }
      int channels = img.channels();
      Mat out = img;
      if (channels == 3) {
        opencv_imgproc.cvtColor(img, rgb, opencv_imgproc.COLOR_BGR2RGB);
        out = rgb;
      } else if (channels == 4) {
        opencv_imgproc.cvtColor(img, rgb, opencv_imgproc.COLOR_BGRA2RGB);
        out = rgb;
        channels = 3;
      } else if (channels != 1) {
        return null;
      }
      int w = out.cols();
      int h = out.rows();
      byte[] px = new byte[w * h * channels];
      if (!out.isContinuous()) {
        return null;
      }
      out.data().get(px);
      return new PixelImage(w, h, channels, px);
    }
  }
}
