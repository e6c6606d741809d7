package io.emotioncluster.node.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.model.Classifier;
import java.nio.FloatBuffer;
import java.util.Random;

/**
 * Supervised training of a {@link Classifier} on preprocessed tensors: Adam, linear warm-up then
 * cosine decay, softmax cross-entropy, per-epoch validation. Runs on the calling thread, which
 * must not be an event loop.
 */
public final class ClassifierTrainer {

  private final TrainingOptions options;

  public ClassifierTrainer(TrainingOptions options) {
    this.options = options;
  }

  public void train(Classifier classifier, TensorSet train, TensorSet validation, TrainingListener listener) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training images");
    }
    InputSpec spec = train.spec();
    int batch = Math.min(options.batchSize(), train.size());
    int stepsPerEpoch = (train.size() + batch - 1) / batch;
    long totalSteps = (long) stepsPerEpoch * options.epochs();
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam()
            .optLearningRateTracker(learningRate(totalSteps, stepsPerEpoch))
            .optWeightDecays(options.weightDecay())
            .build())
        .optDevices(new ai.djl.Device[] {classifier.djlModel().getNDManager().getDevice()});
    Random shuffle = new Random(options.seed());
    float[] xBuf = new float[batch * spec.size()];
    float[] yBuf = new float[batch];
    try (Trainer trainer = classifier.djlModel().newTrainer(config)) {
      long step = 0;
      long started = System.nanoTime();
      for (int epoch = 1; epoch <= options.epochs(); epoch++) {
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
            yBuf[i] = train.labels()[idx];
          }
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
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double imagesPerSecond = (double) step * batch / Math.max(seconds, 1e-9);
        long eta = Math.round(seconds / step * (totalSteps - step));
        double valAcc = validation == null || validation.size() == 0 ? Double.NaN
            : accuracy(classifier, validation);
        listener.onEpoch(new TrainingListener.EpochReport(epoch, options.epochs(), step, totalSteps,
            lossSum / train.size(), (double) correct / train.size(), valAcc, imagesPerSecond, eta));
      }
    }
  }

  private Tracker learningRate(long totalSteps, int stepsPerEpoch) {
    float lr = options.learningRate();
    Tracker main = options.cosine() && totalSteps > 1
        ? CosineTracker.builder().setBaseValue(lr).optFinalValue(lr * 0.02f)
            .setMaxUpdates((int) totalSteps).build()
        : Tracker.fixed(lr);
    int warm = options.warmupEpochs() * stepsPerEpoch;
    if (warm <= 0 || warm >= totalSteps) {
      return main;
    }
    return WarmUpTracker.builder().setMainTracker(main).optWarmUpSteps(warm)
        .optWarmUpBeginValue(lr * 0.1f).build();
  }

  /** Top-1 accuracy in inference mode. */
  public static double accuracy(Classifier classifier, TensorSet set) {
    return Evaluator.evaluate(classifier, set).accuracy();
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
