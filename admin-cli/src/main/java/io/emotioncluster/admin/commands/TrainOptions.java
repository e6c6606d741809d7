package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.UserException;
import io.emotioncluster.admin.shell.LiveCandidates;
import io.emotioncluster.api.v1.BaseModel;
import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.ExperimentSpec;
import io.emotioncluster.api.v1.Fer2013Spec;
import io.emotioncluster.api.v1.GeneratorAugmentation;
import io.emotioncluster.api.v1.ImageFolderSpec;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.api.v1.SplitSpec;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code train} and the {@link TrainRequest} they make. Unset options stay unset
 * in the request, so the node applies its documented defaults.
 */
public final class TrainOptions {

  /** {@code --kind}. */
  public enum Kind {
    classifier, generator, experiment;

    JobKind proto() {
      return switch (this) {
        case classifier -> JobKind.CLASSIFIER_TRAINING;
        case generator -> JobKind.GENERATOR_TRAINING;
        case experiment -> JobKind.EXPERIMENT;
      };
    }
  }

  /** {@code --architecture} values the node knows. */
  public enum Architecture { vgg_mini, vgg16;
    String wire() {
      return this == vgg_mini ? "vgg-mini" : "vgg16";
    }
  }

  /** {@code --style} values of SynthFACS. */
  public enum SynthStyle { line, shaded }

  @Option(names = "--kind", paramLabel = "KIND", defaultValue = "classifier",
      description = "classifier (default), generator or experiment")
  Kind kind = Kind.classifier;

  @Option(names = "--name", paramLabel = "TEXT", description = "display name shown in listings")
  String name;

  // ------------------------------------------------------------------------------- dataset
  @Option(names = "--image-folder", paramLabel = "PATH",
      description = "dataset: one folder per emotion under PATH (on the node, under its datasets root)")
  String imageFolder;

  @Option(names = "--subject-pattern", paramLabel = "REGEX",
      description = "with --image-folder: regex whose group 1 is the subject id in file names")
  String subjectPattern;

  @Option(names = "--fer2013", paramLabel = "PATH", description = "dataset: a FER2013 CSV (on the node, under its datasets root)")
  String fer2013;

  @Option(names = "--use-usage", description = "with --fer2013: the Usage column defines the split")
  boolean useUsage;

  @Option(names = "--subjects", paramLabel = "N", description = "SynthFACS (the default dataset): identities (node default 60)")
  Integer subjects;

  @Option(names = "--images-per-emotion", paramLabel = "N", description = "SynthFACS: images per subject and emotion (default 4)")
  Integer imagesPerEmotion;

  @Option(names = "--difficulty", paramLabel = "D", description = "SynthFACS: 0 (easy) .. 1 (hard) (default 0.5)")
  Float difficulty;

  @Option(names = "--style", paramLabel = "STYLE", description = "SynthFACS: line (default) or shaded")
  SynthStyle style;

  @Option(names = "--seed", paramLabel = "N", description = "SynthFACS: dataset seed (default 0)")
  Long seed;

  @Option(names = "--image-size", paramLabel = "PX", description = "SynthFACS: square image side (default 48)")
  Integer imageSize;

  @Option(names = "--validation-fraction", paramLabel = "F", description = "split: validation share (default 0.1)")
  Float validationFraction;

  @Option(names = "--test-fraction", paramLabel = "F", description = "split: test share (default 0.2)")
  Float testFraction;

  @Option(names = "--split-seed", paramLabel = "N", description = "split: seed (default 0)")
  Long splitSeed;

  // ------------------------------------------------------------------------------- model
  @Option(names = "--architecture", paramLabel = "ARCH", converter = ArchitectureConverter.class,
      completionCandidates = ArchitectureConverter.Names.class,
      description = "vgg-mini (default; 48x48 gray) or vgg16 (224x224 RGB)")
  Architecture architecture;

  @Option(names = "--base-version", paramLabel = "ID", completionCandidates = LiveCandidates.Classifiers.class,
      description = "fine-tune this registered classifier version")
  String baseVersion;

  @Option(names = "--backbone", paramLabel = "PATH", description = "start from a parameters file under the node's backbones directory")
  String backbone;

  // ------------------------------------------------------------------------------- training
  @Option(names = "--epochs", paramLabel = "N", description = "epochs (default 10)")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "batch size (node default)")
  Integer batchSize;

  @Option(names = "--lr", paramLabel = "RATE", description = "peak learning rate (default 0.001)")
  Float learningRate;

  @Option(names = "--freeze-epochs", paramLabel = "N", description = "feature blocks frozen for the first N epochs")
  Integer freezeEpochs;

  @Option(names = "--augment", description = "flips, small rotations/shifts, brightness/contrast")
  boolean augment;

  @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "stop after PATIENCE epochs without validation gain")
  Integer earlyStopping;

  @Option(names = "--init-seed", paramLabel = "N", description = "weight initialisation and shuffling seed (default 0)")
  Long initSeed;

  @Option(names = "--promote", description = "make the new version production if the job succeeds")
  boolean promote;

  // ------------------------------------------------------------------------------- generator augmentation / experiments
  @Option(names = "--generator-version", paramLabel = "ID", completionCandidates = LiveCandidates.Versions.class,
      description = "augment with images from this generator (empty = production generator)")
  String generatorVersion;

  @Option(names = "--generated-per-class", paramLabel = "N", description = "augmentation: generated images per class")
  Integer generatedPerClass;

  @Option(names = "--ratio-to-real", paramLabel = "R",
      description = "augmentation: generated images per real training image of each class (instead of --generated-per-class)")
  Float ratioToReal;

  @Option(names = "--min-confidence", paramLabel = "P",
      description = "augmentation: keep generated images the production classifier labels as their emotion with at least P")
  Float minConfidence;

  @Option(names = "--truncation", paramLabel = "PSI", description = "augmentation: truncation psi in (0, 1] (default 0.7)")
  Float truncation;

  @Option(names = "--seeds", paramLabel = "LIST", split = ",",
      description = "experiment: seeds, one baseline and one augmented run each (node default: 5 seeds)")
  List<Long> seeds = new ArrayList<>();

  // ------------------------------------------------------------------------------- generator training
  @Option(names = "--steps", paramLabel = "N", description = "generator: optimizer steps (node default 800)")
  Integer steps;

  @Option(names = "--resolution", paramLabel = "PX", description = "generator: output side, a power of two in [8, 256] (default 32)")
  Integer resolution;

  @Option(names = "--sample-every", paramLabel = "N", description = "generator: sample grids every N steps (default 200)")
  Integer sampleEvery;

  @Option(names = "--budgets", paramLabel = "LIST", split = ",",
      description = "experiment: learning curve over at most N real training images per class, e.g. 10,40,0 (0 = all)")
  List<Integer> budgets = new ArrayList<>();

  @Option(names = "--variants", paramLabel = "LIST", split = ",",
      description = "experiment: further generators compared on the same real-only runs, e.g. pca (a per-class "
          + "Gaussian over PCA coefficients of the real training images)")
  List<String> variants = new ArrayList<>();

  @Option(names = "--no-scratch-arms", negatable = false,
      description = "experiment with --base-version/--backbone: skip the scratch pair (default: scratch, scratch + "
          + "generated, transfer, transfer + generated)")
  boolean noScratchArms;

  @Option(names = "--no-classical", negatable = false,
      description = "experiment: skip the classical baseline (HOG + logistic regression on the same split)")
  boolean noClassical;

  @Option(names = "--experiment-generator-steps", paramLabel = "N",
      description = "experiment without --generator-version: optimizer steps of the generator it trains first (node default)")
  Integer experimentGeneratorSteps;

  @Option(names = "--experiment-generator-base", paramLabel = "ID", completionCandidates = LiveCandidates.Versions.class,
      description = "experiment without --generator-version: fine-tune the generator it trains from this registered "
          + "generator (e.g. one pretrained on a large source set) instead of starting from random weights")
  String experimentGeneratorBase;

  @Option(names = "--experiment-generator-resolution", paramLabel = "PX",
      description = "experiment without --generator-version: resolution of the generator it trains first (node default 32)")
  Integer experimentGeneratorResolution;

  /** The request these options describe; UserException (exit 2) for contradictory options. */
  public TrainRequest request() {
    TrainRequest.Builder r = TrainRequest.newBuilder().setKind(kind.proto()).setPromoteWhenDone(promote);
    if (name != null) {
      r.setDisplayName(name);
    }
    r.setDataset(dataset());
    if (baseVersion != null && backbone != null) {
      throw UserException.usage("--base-version and --backbone are alternatives: give one");
    }
    if (baseVersion != null) {
      r.setBase(BaseModel.newBuilder().setVersionId(baseVersion));
    } else if (backbone != null) {
      r.setBase(BaseModel.newBuilder().setBackbonePath(backbone));
    }
    TrainingConfig.Builder c = TrainingConfig.newBuilder();
    if (architecture != null) {
      c.setArchitecture(architecture.wire());
    }
    if (epochs != null) {
      c.setEpochs(positive("--epochs", epochs));
    }
    if (batchSize != null) {
      c.setBatchSize(positive("--batch-size", batchSize));
    }
    if (learningRate != null) {
      c.setLearningRate(learningRate);
    }
    if (freezeEpochs != null) {
      c.setFreezeEpochs(freezeEpochs);
    }
    if (earlyStopping != null) {
      c.setEarlyStoppingPatience(earlyStopping);
    }
    if (initSeed != null) {
      c.setSeed(initSeed);
    }
    c.setAugment(augment);
    r.setConfig(c);
    if (kind == Kind.generator || steps != null || resolution != null || sampleEvery != null) {
      if (kind == Kind.classifier) {
        throw UserException.usage("--steps, --resolution and --sample-every are for --kind generator (or experiment)");
      }
      r.setGenerator(generatorConfig());
    }
    GeneratorAugmentation aug = augmentation();
    if (kind == Kind.experiment) {
      if (seeds.size() == 1) {
        throw UserException.usage("an experiment needs at least two --seeds (an interval over one seed does not "
            + "exist), e.g. --seeds 1,2,3; leave it out for the node's 5 seeds");
      }
      for (int b : budgets) {
        if (b < 0) {
          throw UserException.usage("--budgets must be 0 (all) or more, got " + b);
        }
      }
      ExperimentSpec.Builder e = ExperimentSpec.newBuilder().addAllSeeds(seeds).addAllGeneratorVariants(variants);
      budgets.forEach(e::addRealPerClassBudgets);
      if (noScratchArms) {
        e.setScratchArms(false);
      }
      if (noClassical) {
        e.setClassicalBaseline(false);
      }
      if (experimentGeneratorSteps != null || experimentGeneratorResolution != null || experimentGeneratorBase != null) {
        io.emotioncluster.api.v1.GeneratorConfig.Builder g = r.getGeneratorBuilder();
        if (experimentGeneratorBase != null) {
          g.setBaseVersion(experimentGeneratorBase);
        }
        if (experimentGeneratorSteps != null) {
          g.setSteps(positive("--experiment-generator-steps", experimentGeneratorSteps));
        }
        if (experimentGeneratorResolution != null) {
          g.setResolution(positive("--experiment-generator-resolution", experimentGeneratorResolution));
        }
      }
      if (aug != null) {
        e.setAugmented(aug);
      }
      r.setExperiment(e);
    } else {
      if (experimentGeneratorSteps != null || experimentGeneratorResolution != null || experimentGeneratorBase != null) {
        throw UserException.usage("--experiment-generator-* options are for --kind experiment");
      }
      if (!seeds.isEmpty() || !budgets.isEmpty()) {
        throw UserException.usage((seeds.isEmpty() ? "--budgets" : "--seeds") + " is for --kind experiment");
      }
      if (!variants.isEmpty() || noScratchArms || noClassical) {
        throw UserException.usage("--variants, --no-scratch-arms and --no-classical are for --kind experiment");
      }
      if (aug != null) {
        r.setAugmentation(aug);
      }
    }
    return r.build();
  }

  /** Generator settings: --batch-size, --lr and --init-seed apply to the GAN as well. */
  private io.emotioncluster.api.v1.GeneratorConfig generatorConfig() {
    io.emotioncluster.api.v1.GeneratorConfig.Builder g = io.emotioncluster.api.v1.GeneratorConfig.newBuilder();
    if (steps != null) {
      g.setSteps(positive("--steps", steps));
    }
    if (resolution != null) {
      g.setResolution(positive("--resolution", resolution));
    }
    if (sampleEvery != null) {
      g.setSampleEverySteps(positive("--sample-every", sampleEvery));
    }
    if (batchSize != null) {
      g.setBatchSize(positive("--batch-size", batchSize));
    }
    if (learningRate != null) {
      g.setLearningRate(learningRate);
    }
    if (initSeed != null) {
      g.setSeed(initSeed);
    }
    return g.build();
  }

  private GeneratorAugmentation augmentation() {
    if (generatorVersion == null && generatedPerClass == null && ratioToReal == null && minConfidence == null
        && truncation == null) {
      return null;
    }
    if (generatedPerClass != null && ratioToReal != null) {
      throw UserException.usage("--generated-per-class and --ratio-to-real are alternatives: give one");
    }
    GeneratorAugmentation.Builder a = GeneratorAugmentation.newBuilder();
    if (generatorVersion != null) {
      a.setGeneratorVersion(generatorVersion);
    }
    if (generatedPerClass != null) {
      a.setImagesPerClass(positive("--generated-per-class", generatedPerClass));
    }
    if (ratioToReal != null) {
      if (!(ratioToReal > 0)) {
        throw UserException.usage("--ratio-to-real must be above 0, got " + ratioToReal);
      }
      a.setRatioToReal(ratioToReal);
    }
    if (minConfidence != null) {
      a.setMinConfidence(minConfidence);
    }
    if (truncation != null) {
      a.setTruncation(truncation);
    }
    return a.build();
  }

  private DatasetSpec dataset() {
    boolean synthGiven = subjects != null || imagesPerEmotion != null || difficulty != null || style != null
        || seed != null || imageSize != null;
    int sources = (imageFolder != null ? 1 : 0) + (fer2013 != null ? 1 : 0);
    if (sources > 1) {
      throw UserException.usage("--image-folder and --fer2013 are alternatives: give one dataset");
    }
    if (sources == 1 && synthGiven) {
      throw UserException.usage("SynthFACS options (--subjects, --images-per-emotion, --difficulty, --style, --seed, "
          + "--image-size) apply only when neither --image-folder nor --fer2013 is given");
    }
    if (subjectPattern != null && imageFolder == null) {
      throw UserException.usage("--subject-pattern goes with --image-folder");
    }
    if (useUsage && fer2013 == null) {
      throw UserException.usage("--use-usage goes with --fer2013");
    }
    DatasetSpec.Builder d = DatasetSpec.newBuilder();
    if (imageFolder != null) {
      ImageFolderSpec.Builder f = ImageFolderSpec.newBuilder().setPath(imageFolder);
      if (subjectPattern != null) {
        f.setSubjectPattern(subjectPattern);
      }
      d.setImageFolder(f);
    } else if (fer2013 != null) {
      d.setFer2013(Fer2013Spec.newBuilder().setPath(fer2013).setUseUsageColumn(useUsage));
    } else {
      SynthFacsSpec.Builder s = SynthFacsSpec.newBuilder();
      if (subjects != null) {
        s.setSubjects(positive("--subjects", subjects));
      }
      if (imagesPerEmotion != null) {
        s.setImagesPerEmotion(positive("--images-per-emotion", imagesPerEmotion));
      }
      if (difficulty != null) {
        if (difficulty < 0 || difficulty > 1) {
          throw UserException.usage("--difficulty must be between 0 and 1, got " + difficulty);
        }
        s.setDifficulty(difficulty);
      }
      if (style != null) {
        s.setStyle(style.name());
      }
      if (seed != null) {
        s.setSeed(seed);
      }
      if (imageSize != null) {
        s.setImageSize(positive("--image-size", imageSize));
      }
      d.setSynthfacs(s);
    }
    if (validationFraction != null || testFraction != null || splitSeed != null) {
      SplitSpec.Builder sp = SplitSpec.newBuilder();
      if (validationFraction != null) {
        sp.setValidationFraction(validationFraction);
      }
      if (testFraction != null) {
        sp.setTestFraction(testFraction);
      }
      if (splitSeed != null) {
        sp.setSeed(splitSeed);
      }
      d.setSplit(sp);
    }
    return d.build();
  }

  private static int positive(String option, int v) {
    if (v <= 0) {
      throw UserException.usage(option + " must be at least 1, got " + v);
    }
    return v;
  }

  /** Accepts "vgg-mini" (and "vgg_mini") and "vgg16". */
  public static final class ArchitectureConverter implements picocli.CommandLine.ITypeConverter<Architecture> {
    @Override
    public Architecture convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
      try {
        return Architecture.valueOf(v);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("unknown architecture '" + value + "': use vgg-mini or vgg16");
      }
    }

    /** Completion values. */
    public static final class Names extends ArrayList<String> {
      public Names() {
        super(List.of("vgg-mini", "vgg16"));
      }
    }
  }
}
