package io.emotioncluster.node.tools;

import ai.djl.Device;
import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.generator.GanListener;
import io.emotioncluster.node.generator.GanOptions;
import io.emotioncluster.node.generator.GanTrainer;
import io.emotioncluster.node.generator.TrainedGenerator;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingListener;
import io.emotioncluster.node.training.TrainingOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints GAN step times and the recognisability of EMA samples by a classifier trained on the
 * same real images: {@code GanBench resolution baseWidth latent mapping batch steps difficulty}.
 */
public final class GanBench {
  public static void main(String[] a) throws Exception {
    int res = Integer.parseInt(a[0]);
    GeneratorConfig cfg = GeneratorConfig.newBuilder().setResolution(res).setBaseWidth(Integer.parseInt(a[1]))
        .setLatentSize(Integer.parseInt(a[2])).setMappingLayers(Integer.parseInt(a[3]))
        .setBatchSize(Integer.parseInt(a[4])).setSteps(Integer.parseInt(a[5])).setSampleEverySteps(100000)
        .setDiffAugment(a.length < 8 || Boolean.parseBoolean(a[7])).setLearningRate(a.length < 9 ? 0 : Float.parseFloat(a[8]))
        .setR1Gamma(a.length < 10 ? 0 : Float.parseFloat(a[9])).build();
    double difficulty = Double.parseDouble(a[6]);
    List<LabeledImage> real = new SynthFacs(SynthFacsConfig.defaults().withDifficulty(difficulty).withSubjects(30)
        .withImagesPerEmotion(2)).generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
    GanOptions o = GanOptions.of(cfg, 1);
    long t0 = System.nanoTime();
    TrainedGenerator g = new GanTrainer(o, "MXNet", Device.cpu()).train(real, new GanListener() {
      @Override
      public void onProgress(Progress p) {
        System.out.printf("step %d/%d G %.3f D %.3f  %.1f img/s%n", p.step(), p.totalSteps(), p.generatorLoss(),
            p.discriminatorLoss(), p.imagesPerSecond());
      }
    }, null);
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%d steps in %.1f s = %.3f s/step (%d G params)%n", o.steps(), secs, secs / o.steps(),
        g.parameterCount());
    Architecture arch = Architecture.vggMini().withInput(InputSpec.of(Math.max(16, res), Math.max(16, res), 1));
    try (Classifier c = Classifier.create(arch, new EngineConfig("MXNet", "cpu"))) {
      TensorSet t = TensorSet.of(real, arch.input());
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(8)).train(c, t, t, r -> { });
      List<LabeledImage> fake = new ArrayList<>();
      long[] seeds = new long[20];
      for (int i = 0; i < seeds.length; i++) {
        seeds[i] = i;
      }
      for (Emotion e : Emotion.all()) {
        for (PixelImage p : g.generate(e, seeds, 0.7f)) {
          fake.add(new LabeledImage(e + "", "x", e, p));
        }
      }
      List<PixelImage> sheet = new ArrayList<>();
      for (int i = 0; i < fake.size(); i += 5) {
        sheet.add(fake.get(i).image());
      }
      java.nio.file.Files.write(java.nio.file.Path.of("/tmp/gan-samples.png"), io.emotioncluster.node.image.PngCodec.encode(
          io.emotioncluster.node.generator.SampleGrid.tile(sheet, 4)));
      List<PixelImage> reals = new ArrayList<>();
      for (Emotion e : Emotion.all()) {
        real.stream().filter(x -> x.emotion() == e).limit(4).forEach(x -> reals.add(
            io.emotioncluster.node.image.Resize.to(x.image(), res, res)));
      }
      java.nio.file.Files.write(java.nio.file.Path.of("/tmp/gan-reals.png"), io.emotioncluster.node.image.PngCodec.encode(
          io.emotioncluster.node.generator.SampleGrid.tile(reals, 4)));
      TensorSet f = TensorSet.of(fake, arch.input());
      TensorSet r = TensorSet.of(real, arch.input());
      System.out.printf("classifier on real (train) %.3f; recognisability of generated %.3f%n",
          io.emotioncluster.node.training.Evaluator.evaluate(c, r).accuracy(),
          io.emotioncluster.node.training.Evaluator.evaluate(c, f).accuracy());
    }
    g.close();
  }
}
