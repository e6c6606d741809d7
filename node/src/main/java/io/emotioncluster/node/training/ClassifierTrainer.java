package io.emotioncluster.node.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.ClassifierNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Supervised training of a {@link Classifier} on preprocessed tensors: Adam with weight decay,
 * warm-up then cosine decay, softmax cross-entropy, optional augmentation, frozen feature blocks
 * for the first epochs (transfer learning), per-epoch validation and early stopping. Runs on the
 * calling thread, which must not be an event loop.
 *
 * <p>Reproducible: batch order and augmentation of epoch {@code e} depend only on the seed and
 * {@code e}, so a run resumed at epoch {@code e} sees exactly what an uninterrupted run would.
 */
public final class ClassifierTrainer {

  private final TrainingOptions options;

  public ClassifierTrainer(TrainingOptions options) {
    this.options = options;
  }

  public void train(Classifier classifier, TensorSet train, TensorSet validation, TrainingListener listener) {
    train(classifier, train, validation, listener, 1);
  }

  /**
   * @param firstEpoch 1 for a new run; k+1 to resume after a checkpoint of epoch k (the
   *                   classifier must already hold that checkpoint's weights)
   */
  public void train(Classifier classifier, TensorSet train, TensorSet validation, TrainingListener listener,
      int firstEpoch) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training images");
    }
    InputSpec spec = train.spec();
    int batch = Math.min(options.batchSize(), train.size());
    int stepsPerEpoch = (train.size() + batch - 1) / batch;
    long totalSteps = (long) stepsPerEpoch * options.epochs();
    Block features = ClassifierNetwork.features(classifier.network());
    LearningRateSchedule schedule = new LearningRateSchedule(options.learningRate(),
        (long) options.warmupEpochs() * stepsPerEpoch, totalSteps, options.cosine(),
        options.freezeEpochs() > 0 ? parameterIds(features) : Set.of(), options.unfreezeLrFactor());
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam()
            .optLearningRateTracker(schedule)
            .optWeightDecays(options.weightDecay())
            .build())
        .optDevices(new ai.djl.Device[] {classifier.djlModel().getNDManager().getDevice()});
    Augmenter augmenter = options.augment() ? new Augmenter(Augmenter.Options.defaults(), spec) : null;
    float[] xBuf = new float[batch * spec.size()];
    float[] yBuf = new float[batch];
    double bestVal = Double.NEGATIVE_INFINITY;
    byte[] bestWeights = null;
    int epochsWithoutGain = 0;
    try (Trainer trainer = classifier.djlModel().newTrainer(config)) {
      long step = (long) (firstEpoch - 1) * stepsPerEpoch;
      long started = System.nanoTime();
      long stepsThisRun = 0;
      for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
        if (options.freezeEpochs() > 0) {
          features.freezeParameters(epoch <= options.freezeEpochs(), ClassifierTrainer::learnable);
        }
        Random shuffle = new Random(options.seed() * 1_000_003L + epoch);
        Random augment = new Random(options.seed() * 7_919L + epoch);
        int[] order = permutation(train.size(), shuffle);
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < order.length; from += batch) {
          if (listener.cancelRequested()) {
            throw new TrainingCancelledException();
          }
          int n = Math.min(batch, order.length - from);
          for (int i = 0; i < n; i++) {
            int idx = order[from + i];
            System.arraycopy(train.features(), idx * spec.size(), xBuf, i * spec.size(), spec.size());
            if (augmenter != null) {
              augmenter.apply(xBuf, i * spec.size(), augment);
            }
            yBuf[i] = train.labels()[idx];
          }
          schedule.setStep(step);
          try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.create(FloatBuffer.wrap(xBuf, 0, n * spec.size()),
                new Shape(n, spec.channels(), spec.height(), spec.width()));
            NDArray y = m.create(FloatBuffer.wrap(yBuf, 0, n), new Shape(n));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDList logits = trainer.forward(new NDList(x));
              NDArray loss = trainer.getLoss().evaluate(new NDList(y), logits);
              gc.backward(loss);
              lossSum += loss.getFloat() * n;
              correct += logits.singletonOrThrow().argMax(1).toType(DataType.FLOAT32, false)
                  .eq(y).sum().getLong();
            }
            trainer.step();
          }
          step++;
          stepsThisRun++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double imagesPerSecond = (double) stepsThisRun * batch / Math.max(seconds, 1e-9);
        long eta = Math.round(seconds / stepsThisRun * (totalSteps - step));
        double valAcc = validation == null || validation.size() == 0 ? Double.NaN
            : Evaluator.evaluate(classifier, validation).accuracy();
        boolean improved = !Double.isNaN(valAcc) && valAcc > bestVal;
        if (improved) {
          bestVal = valAcc;
          epochsWithoutGain = 0;
          if (options.earlyStoppingPatience() > 0) {
            bestWeights = snapshot(classifier);
          }
        } else {
          epochsWithoutGain++;
        }
        boolean stop = options.earlyStoppingPatience() > 0 && !Double.isNaN(valAcc)
            && epochsWithoutGain >= options.earlyStoppingPatience()
            && epoch < options.epochs();
        listener.onEpoch(new TrainingListener.EpochReport(epoch, options.epochs(), step, totalSteps,
            lossSum / train.size(), (double) correct / train.size(), valAcc, imagesPerSecond,
            stop ? 0 : eta, stop));
        listener.afterEpoch(epoch, classifier, improved);
        if (stop) {
          break;
        }
      }
    } finally {
      if (options.freezeEpochs() > 0) {
        features.freezeParameters(false, ClassifierTrainer::learnable);
      }
    }
    if (bestWeights != null) {
      restore(classifier, bestWeights);
    }
  }

  /** Weights and biases; batch-norm running statistics are not learned, so never (un)frozen. */
  private static boolean learnable(Parameter p) {
    return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
  }

  private static Set<String> parameterIds(Block block) {
    Set<String> ids = new HashSet<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      ids.add(p.getValue().getId());
    }
    return ids;
  }

  private static byte[] snapshot(Classifier c) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      c.network().saveParameters(new DataOutputStream(bytes));
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void restore(Classifier c, byte[] weights) {
    try {
      c.network().loadParameters(c.djlModel().getNDManager(),
          new DataInputStream(new ByteArrayInputStream(weights)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MalformedModelException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int[] permutation(int n, Random rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
