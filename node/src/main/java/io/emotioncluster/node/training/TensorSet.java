package io.emotioncluster.node.training;

import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.image.Preprocessor;
import java.util.List;

/** A dataset part preprocessed once into one NCHW float array plus class indices. */
public record TensorSet(float[] features, int[] labels, InputSpec spec) {

  public static TensorSet of(List<LabeledImage> images, InputSpec spec) {
    Preprocessor pre = new Preprocessor(spec);
    long floats = (long) images.size() * spec.size();
    if (floats > Integer.MAX_VALUE - 8) {
      throw new io.emotioncluster.node.ServiceException(io.emotioncluster.node.ServiceException.Kind.PRECONDITION,
          images.size() + " images of " + spec.width() + "x" + spec.height() + "x" + spec.channels()
              + " do not fit one in-memory tensor set; use fewer images or a smaller input size");
    }
    float[] x = new float[(int) floats];
    int[] y = new int[images.size()];
    for (int i = 0; i < images.size(); i++) {
      pre.apply(images.get(i).image(), x, i * spec.size());
      y[i] = images.get(i).emotion().index();
    }
    return new TensorSet(x, y, spec);
  }

  public int size() {
    return labels.length;
  }
}
