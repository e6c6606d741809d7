package io.emotioncluster.node.jobs;

import io.emotioncluster.api.v1.SplitSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingConfig;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.training.TrainingOptions;
import java.util.Locale;

/**
 * A classifier {@link TrainRequest} checked and completed with defaults. Every limit is enforced
 * here, before the job is queued, with a message naming the field and the allowed range.
 */
record TrainingPlan(Architecture architecture, boolean architectureGiven, TrainingOptions options,
    double validationFraction, double testFraction, long splitSeed, boolean subjectIndependent) {

  static final int MAX_EPOCHS = 1000;
  static final int MAX_BATCH = 1024;

  static TrainingPlan of(TrainRequest r) {
    if (!r.hasDataset() || r.getDataset().getSourceCase() == io.emotioncluster.api.v1.DatasetSpec.SourceCase.SOURCE_NOT_SET) {
      throw ServiceException.invalid("dataset is required: set dataset.synthfacs, dataset.image_folder or "
          + "dataset.fer2013");
    }
    TrainingConfig c = r.getConfig();
    Architecture arch;
    try {
      arch = Architecture.preset(c.getArchitecture()).withWidthMultiplier(c.getWidthMultiplier());
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalid("config.architecture: " + e.getMessage());
    }
    if (c.getWidthMultiplier() < 0 || c.getWidthMultiplier() > 8) {
      throw ServiceException.invalid("config.width_multiplier must be in (0, 8], got " + c.getWidthMultiplier());
    }
    int epochs = c.getEpochs() == 0 ? 10 : c.getEpochs();
    if (epochs > MAX_EPOCHS) {
      throw ServiceException.invalid("config.epochs must be at most " + MAX_EPOCHS + ", got " + epochs);
    }
    int batch = c.getBatchSize() == 0 ? 32 : c.getBatchSize();
    if (batch > MAX_BATCH) {
      throw ServiceException.invalid("config.batch_size must be at most " + MAX_BATCH + ", got " + batch);
    }
    float lr = c.getLearningRate() == 0 ? 1e-3f : c.getLearningRate();
    if (!(lr > 0 && lr <= 1)) {
      throw ServiceException.invalid("config.learning_rate must be in (0, 1], got " + lr);
    }
    float wd = c.getWeightDecay() == 0 ? 1e-4f : c.getWeightDecay();
    if (wd < 0 || wd > 1) {
      throw ServiceException.invalid("config.weight_decay must be in [0, 1], got " + wd);
    }
    String schedule = c.getSchedule().isBlank() ? "cosine" : c.getSchedule().toLowerCase(Locale.ROOT);
    if (!schedule.equals("cosine") && !schedule.equals("constant")) {
      throw ServiceException.invalid("config.schedule must be \"cosine\" or \"constant\", got \"" + c.getSchedule() + "\"");
    }
    if (c.getFreezeEpochs() > epochs) {
      throw ServiceException.invalid("config.freeze_epochs (" + c.getFreezeEpochs() + ") exceeds epochs (" + epochs + ")");
    }
    float unfreeze = c.getUnfreezeLrFactor() == 0 ? 0.1f : c.getUnfreezeLrFactor();
    if (!(unfreeze > 0 && unfreeze <= 10)) {
      throw ServiceException.invalid("config.unfreeze_lr_factor must be in (0, 10], got " + unfreeze);
    }
    int warmup = c.getWarmupEpochs() == 0 ? 1 : c.getWarmupEpochs();
    TrainingOptions options = new TrainingOptions(epochs, batch, lr, wd, Math.min(warmup, epochs),
        schedule.equals("cosine"), c.getSeed(), c.getFreezeEpochs(), unfreeze, c.getEarlyStoppingPatience(),
        c.getAugment());
    SplitSpec s = r.getDataset().getSplit();
    double val = s.getValidationFraction() == 0 ? 0.1 : s.getValidationFraction();
    double test = s.getTestFraction() == 0 ? 0.2 : s.getTestFraction();
    if (val < 0 || test <= 0 || val + test > 0.9) {
      throw ServiceException.invalid("split fractions must leave at least 10% for training: validation " + val
          + " + test " + test);
    }
    boolean subjects = !s.hasSubjectIndependent() || s.getSubjectIndependent();
    return new TrainingPlan(arch, !c.getArchitecture().isBlank(), options, val, test, s.getSeed(), subjects);
  }
}
