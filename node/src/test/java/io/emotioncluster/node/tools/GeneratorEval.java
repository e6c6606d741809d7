package io.emotioncluster.node.tools;

import ai.djl.Device;
import com.google.protobuf.util.JsonFormat;
import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.generator.GanListener;
import io.emotioncluster.node.generator.GanOptions;
import io.emotioncluster.node.generator.GanTrainer;
import io.emotioncluster.node.generator.GeneratorQualityMeter;
import io.emotioncluster.node.generator.GeneratorQualityReport;
import io.emotioncluster.node.generator.SampleGrid;
import io.emotioncluster.node.generator.TrainedGenerator;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.PngCodec;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a generator on SynthFACS exactly as a GENERATOR_TRAINING job with the given config would
 * (same data, same split, training part only) and measures it as the job does, with the judge a
 * bootstrap-like vgg-mini (48 px, 16 epochs) trained on the real training split only: the
 * independent judge. Prints wall times, img/s, and the quality report; writes a contact sheet.
 *
 * <p>{@code GeneratorEval '<GeneratorConfig JSON>' [difficulty [subjects [out.png [judgeDir]]]]}.
 * The judge is cached in judgeDir (default /tmp/generator-eval-judge-<difficulty>-<subjects>).
 */
public final class GeneratorEval {
  public static void main(String[] a) throws Exception {
    GeneratorConfig.Builder cb = GeneratorConfig.newBuilder();
    JsonFormat.parser().merge(a.length > 0 ? a[0] : "{}", cb);
    double difficulty = a.length > 1 ? Double.parseDouble(a[1]) : 0.5;
    int subjects = a.length > 2 ? Integer.parseInt(a[2]) : 60;
    Path sheet = Path.of(a.length > 3 ? a[3] : "/tmp/generator-eval.png");
    Path judgeDir = Path.of(a.length > 4 ? a[4] : "/tmp/generator-eval-judge-" + difficulty + "-" + subjects);
    SynthFacsConfig data = SynthFacsConfig.defaults().withDifficulty(difficulty).withSubjects(subjects);
    List<LabeledImage> all = new SynthFacs(data).generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
    DatasetSplit split = DatasetSplit.of(all, 0.1, 0.2, 0, true); // a job's default split
    EngineConfig engine = new EngineConfig("MXNet", "cpu");
    Architecture arch = Architecture.vggMini().withInput(InputSpec.of(data.imageSize(), data.imageSize(), 1));
    Classifier judge;
    long t0 = System.nanoTime();
    if (Files.exists(judgeDir.resolve("done"))) {
      judge = Classifier.load(arch, engine, judgeDir);
    } else {
      ai.djl.engine.Engine.getEngine("MXNet").setRandomSeed(0);
      judge = Classifier.create(arch, engine);
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(16)).train(judge,
          TensorSet.of(split.train(), arch.input()), TensorSet.of(split.validation(), arch.input()), r -> { });
      Files.createDirectories(judgeDir);
      judge.save(judgeDir);
      Files.writeString(judgeDir.resolve("done"), "");
    }
    System.out.printf("judge vgg-mini: real test accuracy %.3f at 48 px (%.0f s)%n",
        Evaluator.evaluate(judge, TensorSet.of(split.test(), arch.input())).accuracy(), (System.nanoTime() - t0) / 1e9);
    GanOptions o = GanOptions.of(cb.build(), 1);
    System.out.println("options: " + o);
    long t1 = System.nanoTime();
    TrainedGenerator g = new GanTrainer(o, "MXNet", Device.cpu()).train(split.train(), new GanListener() {
      long last;

      @Override
      public void onProgress(Progress p) {
        if (System.nanoTime() - last > 20_000_000_000L || p.step() == p.totalSteps()) {
          last = System.nanoTime();
          System.out.printf("step %d/%d G %.3f D %.3f  %.1f img/s%n", p.step(), p.totalSteps(), p.generatorLoss(),
              p.discriminatorLoss(), p.imagesPerSecond());
        }
      }
    }, null);
    double trainS = (System.nanoTime() - t1) / 1e9;
    System.out.printf("trained %d steps of batch %d in %.1f s (incl. guide) = %.1f img/s; %d G params%n", o.steps(),
        o.batchSize(), trainS, o.steps() * (double) o.batchSize() / trainS, g.parameterCount());
    long t2 = System.nanoTime();
    GeneratorQualityReport q = new GeneratorQualityMeter(engine).measure(g, split.train(), split.test(),
        o.qualityImagesPerEmotion(), judge, "judge", "");
    System.out.printf("quality (%.0f s): %s%n", (System.nanoTime() - t2) / 1e9, q.summary());
    for (GeneratorQualityReport.PerEmotion p : q.perEmotion()) {
      System.out.printf("  %-10s rec %.3f cas %.3f div %.2f/%.2f kid %.3f%n", p.emotion(), p.recognisability(),
          p.casRecall(), p.diversityGenerated(), p.diversityReal(), p.kid());
    }
    System.out.printf("RESULT arch=%s steps=%d batch=%d train_s=%.0f img_s=%.1f rec=%.3f judge=%.3f ratio=%.2f "
        + "cas=%.3f casReal=%.3f casRatio=%.2f div=%.2f divReal=%.2f kid=%.4f%n", o.architecture(), o.steps(),
        o.batchSize(), trainS, o.steps() * (double) o.batchSize() / trainS, q.recognisability(), q.judgeRealAccuracy(),
        q.recognisability() / q.judgeRealAccuracy(), q.casAccuracy(), q.casRealAccuracy(),
        q.casAccuracy() / q.casRealAccuracy(), q.diversityGenerated(), q.diversityReal(), q.kid());
    // a second independent judge at the generator's resolution: vgg-mini, another seed, trained on
    // the real training split scaled to that resolution (the 48 px judge loses much on scaled faces)
    int side = Math.max(16, o.resolution());
    Architecture arch2 = Architecture.vggMini().withInput(InputSpec.of(side, side, 1));
    Path judge2Dir = Path.of(judgeDir + "-" + side + "px");
    Classifier judge2;
    if (Files.exists(judge2Dir.resolve("done"))) {
      judge2 = Classifier.load(arch2, engine, judge2Dir);
    } else {
      ai.djl.engine.Engine.getEngine("MXNet").setRandomSeed(1);
      judge2 = Classifier.create(arch2, engine);
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(16).withSeed(1)).train(judge2,
          TensorSet.of(GeneratorQualityMeter.atResolution(split.train(), o.resolution()), arch2.input()),
          TensorSet.of(GeneratorQualityMeter.atResolution(split.validation(), o.resolution()), arch2.input()),
          r -> { });
      Files.createDirectories(judge2Dir);
      judge2.save(judge2Dir);
      Files.writeString(judge2Dir.resolve("done"), "");
    }
    GeneratorQualityReport q2 = new GeneratorQualityMeter(engine).measure(g, List.of(), split.test(),
        o.qualityImagesPerEmotion(), judge2, "judge" + side, "");
    System.out.printf("RESULT2 judge=vgg-mini@%dpx seed 1: rec=%.3f judgeReal=%.3f ratio=%.2f div=%.2f divReal=%.2f "
        + "kid=%.4f%n", side, q2.recognisability(), q2.judgeRealAccuracy(), q2.recognisability() / q2.judgeRealAccuracy(),
        q2.diversityGenerated(), q2.diversityReal(), q2.kid());
    judge2.close();
    List<PixelImage> tiles = new ArrayList<>();
    long[] seeds = new long[8];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = 100 + i;
    }
    for (Emotion e : Emotion.all()) {
      tiles.addAll(g.generate(e, seeds, 1f));
    }
    Files.write(sheet, PngCodec.encode(SampleGrid.tile(tiles, 8)));
    System.out.println("contact sheet (rows = " + Emotion.all() + "): " + sheet);
    g.close();
    judge.close();
  }
}
