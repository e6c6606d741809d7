package io.emotioncluster.node.app;

import com.google.protobuf.util.JsonFormat;
import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingProgress;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.generator.BundledGenerator;
import io.emotioncluster.node.generator.GeneratorService;
import io.emotioncluster.node.generator.TrainedGenerator;
import io.emotioncluster.node.jobs.JobRun;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reproduces the generator shipped in the node's resources ({@link BundledGenerator}): on an empty
 * scratch registry it runs a fresh node's bootstrap (the seeded vgg-mini on the default SynthFACS
 * data, which becomes the quality judge, as on a node), then trains the default generator with
 * {@link #RECIPE} on the bootstrap's training split and measures it on its test split, exactly as
 * a GENERATOR_TRAINING job would, and writes the bundle's files and their SHA256SUMS to the
 * output folder. {@code TrainBundledGenerator <out-dir> [scratch-dir]}; see docs/generator.md.
 */
public final class TrainBundledGenerator {

  /** The shipped generator's training: the defaults, named explicitly so the bundle stays reproducible. */
  public static final GeneratorConfig RECIPE = GeneratorConfig.newBuilder()
      .setArchitecture("dcgan").setResolution(32).setSeed(0).build();

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "node/src/main/resources" + BundledGenerator.RESOURCE_DIR);
    Path scratch = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("bundled-generator");
    EngineConfig engine = new EngineConfig("MXNet", "cpu");
    ModelRegistry registry = new ModelRegistry(scratch.resolve("registry"));
    BootstrapPlan plan = BootstrapPlan.defaults();
    long t0 = System.nanoTime();
    Bootstrap.run(registry, engine, plan, scratch.resolve("samples"));
    List<LabeledImage> all = new SynthFacs(plan.data()).generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
    DatasetSplit split = DatasetSplit.of(all, 0.1, 0.2, plan.training().seed(), true); // the bootstrap's split
    long t1 = System.nanoTime();
    GeneratorService generators = new GeneratorService(registry, engine);
    GeneratorService.Result r = generators.trainAndRegister(run(scratch), split.train(), split.test(), RECIPE,
        Map.of(), "bundled", DatasetSplit.fingerprint(split.train()), split.testFingerprint(), "");
    long t2 = System.nanoTime();
    VersionRecord v = r.version();
    Files.createDirectories(out);
    Files.copy(registry.verifiedParametersFile(v.id()), out.resolve(TrainedGenerator.PARAMS_FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(out.resolve(BundledGenerator.SPEC), v.generatorSpecJson());
    Files.writeString(out.resolve(BundledGenerator.QUALITY), v.generatorQualityJson());
    Files.writeString(out.resolve(BundledGenerator.RECIPE), "{\"generator\":"
        + JsonFormat.printer().omittingInsignificantWhitespace().print(RECIPE)
        + ",\"data\":\"SynthFacsConfig.defaults() (60 subjects x 7 emotions x 4, difficulty 0.5, seed 0, 48 px gray, "
        + "line style); the bootstrap's training split (DatasetSplit.of(all, 0.1, 0.2, 0, true))\","
        + "\"command\":\"bin/train-bundled-generator\",\"omp_num_threads\":\"" + System.getenv("OMP_NUM_THREADS")
        + "\"}\n");
    StringBuilder sums = new StringBuilder();
    for (String name : BundledGenerator.FILES) {
      sums.append(BundledGenerator.sha256(Files.readAllBytes(out.resolve(name)))).append("  ").append(name)
          .append('\n');
    }
    Files.writeString(out.resolve(BundledGenerator.SUMS), sums.toString(), StandardCharsets.UTF_8);
    System.out.printf("bootstrap classifier %.0f s, generator %.0f s; %s%n%s", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
        r.quality().summary(), sums);
  }

  private static JobRun run(Path scratch) {
    return new JobRun() {
      long last;

      @Override
      public String jobId() {
        return "bundled";
      }

      @Override
      public TrainRequest request() {
        return TrainRequest.getDefaultInstance();
      }

      @Override
      public Path directory() {
        return scratch.resolve("job");
      }

      @Override
      public void phase(String phase, String message) {
        System.out.println(phase + ": " + message);
      }

      @Override
      public void progress(TrainingProgress p) {
        if (System.nanoTime() - last > 30_000_000_000L) {
          last = System.nanoTime();
          System.out.printf("step %d/%d G %.3f D %.3f %.0f img/s%n", p.getStep(), p.getTotalSteps(),
              p.getGeneratorLoss(), p.getDiscriminatorLoss(), p.getImagesPerSecond());
        }
      }

      @Override
      public boolean cancelRequested() {
        return false;
      }

      @Override
      public boolean shuttingDown() {
        return false;
      }
    };
  }
}
