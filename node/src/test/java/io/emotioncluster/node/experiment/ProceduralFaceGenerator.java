package io.emotioncluster.node.experiment;

import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.generator.FaceGenerator;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import java.util.ArrayList;
import java.util.List;

/**
 * An oracle-quality generator: each seed renders a new SynthFACS subject (an identity no dataset
 * of another seed contains) showing the requested emotion, with the same renderer and difficulty
 * as the real data. It is what a perfect generator of this domain would produce, so an experiment
 * run with it bounds what generated images can add; it is not a learned model and truncation has
 * no meaning for it (ignored).
 */
public final class ProceduralFaceGenerator implements FaceGenerator {

  private final String versionId;
  private final SynthFacsConfig render;

  /** @param render difficulty, size, channels and style; its subjects, count and seed are unused */
  public ProceduralFaceGenerator(String versionId, SynthFacsConfig render) {
    this.versionId = versionId;
    this.render = render;
  }

  @Override
  public String versionId() {
    return versionId;
  }

  @Override
  public int resolution() {
    return render.imageSize();
  }

  @Override
  public int channels() {
    return render.channels();
  }

  @Override
  public List<PixelImage> generate(Emotion emotion, long[] seeds, float truncation) {
    List<PixelImage> out = new ArrayList<>(seeds.length);
    for (long seed : seeds) {
      // one subject, one image per emotion, under a data-set seed of its own: a fresh identity
      SynthFacs one = new SynthFacs(new SynthFacsConfig(1, 1, render.difficulty(), seed, render.imageSize(),
          render.channels(), render.style()));
      out.add(one.get(one.indexOf(0, emotion, 0)).image());
    }
    return out;
  }

  @Override
  public void close() {
  }
}
