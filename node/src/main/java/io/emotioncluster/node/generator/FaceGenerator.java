package io.emotioncluster.node.generator;

import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import java.util.List;

/**
 * A loaded generator version: emotion + seed + truncation in, face image out. Deterministic: the
 * same arguments give the same pixels on the same engine. Thread-safe.
 */
public interface FaceGenerator extends AutoCloseable {

  String versionId();

  /** Output width and height, px. */
  int resolution();

  /** 1 = gray, 3 = RGB. */
  int channels();

  /** One image per seed, in the order of {@code seeds}. */
  List<PixelImage> generate(Emotion emotion, long[] seeds, float truncation);

  @Override
  void close();
}
