package io.emotioncluster.node.jobs;

import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.DatasetsRoot;
import io.emotioncluster.node.data.Fer2013Loader;
import io.emotioncluster.node.data.ImageFolderLoader;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.LoadReport;
import io.emotioncluster.node.data.LoadedDataset;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a request's {@link DatasetSpec} into images, resolving paths inside the datasets root. */
public final class DatasetFactory {

  private final DatasetsRoot root;
  private final long maxImages;

  public DatasetFactory(DatasetsRoot root) {
    this(root, Long.MAX_VALUE);
  }

  /** @param maxImages images one dataset may hold (--max-dataset-images); more is INVALID_ARGUMENT */
  public DatasetFactory(DatasetsRoot root, long maxImages) {
    this.root = root;
    this.maxImages = maxImages;
  }

  /** Checks what can be checked before queueing (paths, parameters) without loading images. */
  void validate(DatasetSpec spec) {
    switch (spec.getSourceCase()) {
      case SYNTHFACS -> {
        SynthFacsConfig c = synthConfig(spec.getSynthfacs());
        checkSize((long) c.subjects() * 7 * c.imagesPerEmotion(), "dataset.synthfacs asks for "
            + c.subjects() + " subjects x 7 emotions x " + c.imagesPerEmotion() + " images");
      }
      case IMAGE_FOLDER -> {
        root.resolve(spec.getImageFolder().getPath());
        ImageFolderLoader.checkSubjectPattern(spec.getImageFolder().getSubjectPattern());
      }
      case FER2013 -> root.resolve(spec.getFer2013().getPath());
      default -> throw ServiceException.invalid("dataset source is missing");
    }
  }

  public LoadedDataset load(DatasetSpec spec) {
    if (spec.getSourceCase() == DatasetSpec.SourceCase.SYNTHFACS) {
      validate(spec); // a resumed or reproduced job did not pass submit's check on this node
    }
    LoadedDataset data = loadUnchecked(spec);
    checkSize(data.images().size(), "the dataset holds " + data.images().size() + " images");
    return data;
  }

  private void checkSize(long images, String what) {
    if (images > maxImages) {
      throw ServiceException.invalid(what + "; the limit is " + maxImages
          + " images per dataset (node setting --max-dataset-images)");
    }
  }

  private LoadedDataset loadUnchecked(DatasetSpec spec) {
    return switch (spec.getSourceCase()) {
      case SYNTHFACS -> synthfacs(spec.getSynthfacs());
      case IMAGE_FOLDER -> new ImageFolderLoader().load(root.resolve(spec.getImageFolder().getPath()),
          spec.getImageFolder().getSubjectPattern());
      case FER2013 -> new Fer2013Loader().load(root.resolve(spec.getFer2013().getPath()),
          spec.getFer2013().getUseUsageColumn());
      default -> throw ServiceException.invalid("dataset source is missing");
    };
  }

  /**
   * The split a version was trained and tested on, rebuilt from its recorded request: same data,
   * same seed, same split. Callers compare the fingerprint to be sure nothing changed.
   */
  public DatasetSplit reproduceSplit(io.emotioncluster.api.v1.TrainRequest request) {
    return split(load(request.getDataset()), TrainingPlan.of(request));
  }

  static DatasetSplit split(LoadedDataset data, TrainingPlan plan) {
    if (data.predefinedSplit().isEmpty()) {
      return DatasetSplit.of(data.images(), plan.validationFraction(), plan.testFraction(), plan.splitSeed(),
          plan.subjectIndependent());
    }
    Map<String, String> parts = data.predefinedSplit();
    List<LabeledImage> train = new ArrayList<>();
    List<LabeledImage> val = new ArrayList<>();
    List<LabeledImage> test = new ArrayList<>();
    for (LabeledImage img : data.images()) {
      switch (parts.getOrDefault(img.id(), LoadedDataset.TRAIN)) {
        case LoadedDataset.VALIDATION -> val.add(img);
        case LoadedDataset.TEST -> test.add(img);
        default -> train.add(img);
      }
    }
    return new DatasetSplit(train, val, test, false, DatasetSplit.fingerprint(test));
  }

  private static LoadedDataset synthfacs(SynthFacsSpec s) {
    SynthFacs synth = new SynthFacs(synthConfig(s));
    List<LabeledImage> images = synth.generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
    LoadReport.Builder report = LoadReport.builder();
    images.forEach(i -> report.loaded(i.emotion()));
    return new LoadedDataset(images, report.build(), synth.fingerprint(), Map.of());
  }

  static SynthFacsConfig synthConfig(SynthFacsSpec s) {
    SynthFacsConfig d = SynthFacsConfig.defaults();
    try {
      return new SynthFacsConfig(
          s.getSubjects() == 0 ? d.subjects() : s.getSubjects(),
          s.getImagesPerEmotion() == 0 ? d.imagesPerEmotion() : s.getImagesPerEmotion(),
          s.hasDifficulty() ? s.getDifficulty() : d.difficulty(),
          s.getSeed(),
          s.getImageSize() == 0 ? d.imageSize() : s.getImageSize(),
          s.getChannels() == 0 ? d.channels() : s.getChannels(),
          s.getStyle().isBlank() ? d.style() : s.getStyle());
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalid("dataset.synthfacs: " + e.getMessage());
    }
  }
}
