package io.emotioncluster.node.image;

/** Client-controlled sizes the node accepts; anything larger is refused before decoding. */
public record ImageLimits(int maxEncodedBytes, int maxSide, long maxPixels) {

  public static final ImageLimits DEFAULT = new ImageLimits(8 * 1024 * 1024, 4096, 16L * 1024 * 1024);
}
