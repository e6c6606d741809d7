package io.emotioncluster.node.detect;

/** A face rectangle in the pixel coordinates of the image it was found in. */
public record FaceBox(int x, int y, int width, int height) {

  public long area() {
    return (long) width * height;
  }
}
