package io.emotioncluster.node.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Moving learned feature blocks between networks: the transfer-learning half of the paper. The
 * head (the dense layers) is never copied, so it starts fresh for the 7 classes.
 */
public final class Transfer {

  private Transfer() {}

  /** Copies every feature-block parameter (weights, biases, batch-norm statistics) from source. */
  public static void copyFeatures(Classifier source, Classifier target) {
    copy(ClassifierNetwork.features(source.network()), ClassifierNetwork.features(target.network()));
  }

  /**
   * Copies every parameter. Used to continue training from saved weights: values are written into
   * a freshly initialised network in place, because DJL attaches gradients to the arrays it
   * initialised and not to arrays that {@code Model.load} created.
   */
  public static void copyAll(Classifier source, Classifier target) {
    copy(source.network(), target.network());
  }

  private static void copy(Block source, Block target) {
    List<Pair<String, Parameter>> from = source.getParameters().stream().toList();
    List<Pair<String, Parameter>> to = target.getParameters().stream().toList();
    if (from.size() != to.size()) {
      throw new IllegalArgumentException("feature blocks differ: " + from.size() + " vs " + to.size() + " parameters");
    }
    for (int i = 0; i < from.size(); i++) {
      NDArray src = from.get(i).getValue().getArray();
      NDArray dst = to.get(i).getValue().getArray();
      if (!src.getShape().equals(dst.getShape())) {
        throw new IllegalArgumentException("parameter " + to.get(i).getKey() + " has shape " + dst.getShape()
            + " but the base has " + src.getShape());
      }
      dst.set(src.toFloatArray());
    }
  }

  /** Writes the feature block's parameters: a backbone file other jobs can start from. */
  public static void saveBackbone(Classifier classifier, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      ClassifierNetwork.features(classifier.network()).saveParameters(out);
    }
  }

  /**
   * Loads a backbone file into the feature block; the architecture's features must match. DJL
   * accepts parameters of another shape without complaint, so the shapes are checked here and a
   * mismatch leaves the classifier unusable (callers discard it).
   */
  public static void loadBackbone(Classifier classifier, Path file) throws IOException {
    Block features = ClassifierNetwork.features(classifier.network());
    List<ai.djl.ndarray.types.Shape> expected = features.getParameters().stream()
        .map(p -> p.getValue().getArray().getShape()).toList();
    String problem;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      features.loadParameters(classifier.djlModel().getNDManager(), in);
      List<ai.djl.ndarray.types.Shape> loaded = features.getParameters().stream()
          .map(p -> p.getValue().getArray().getShape()).toList();
      problem = loaded.equals(expected) ? null : "parameter shapes " + loaded + " instead of " + expected;
    } catch (MalformedModelException | RuntimeException e) {
      problem = e.getMessage();
    }
    if (problem != null) {
      throw new IOException("backbone " + file.getFileName() + " does not fit the " + classifier.architecture().name()
          + " feature blocks (widths " + classifier.architecture().stageWidths() + "): " + problem);
    }
  }
}
