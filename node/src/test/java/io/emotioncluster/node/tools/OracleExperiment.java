package io.emotioncluster.node.tools;

import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.ExperimentSpec;
import io.emotioncluster.api.v1.GeneratorAugmentation;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingConfig;
import io.emotioncluster.api.v1.TrainingProgress;
import io.emotioncluster.node.data.DatasetsRoot;
import io.emotioncluster.node.evaluation.ExperimentResults;
import io.emotioncluster.node.experiment.ProceduralGeneratorProvider;
import io.emotioncluster.node.jobs.DatasetFactory;
import io.emotioncluster.node.jobs.ExperimentJob;
import io.emotioncluster.node.jobs.JobRun;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The experiment job run in-process with the procedural (oracle) generator: the control that
 * bounds what a perfect generator could add on SynthFACS, measured with the paper's protocol.
 * {@code OracleExperiment subjects imagesPerEmotion epochs seeds budgets ratio} (seeds and budgets
 * comma-separated, budget 0 = all).
 */
public final class OracleExperiment {
  public static void main(String[] a) throws Exception {
    int subjects = Integer.parseInt(a[0]);
    int per = Integer.parseInt(a[1]);
    int epochs = Integer.parseInt(a[2]);
    long[] seeds = Arrays.stream(a[3].split(",")).mapToLong(Long::parseLong).toArray();
    int[] budgets = Arrays.stream(a[4].split(",")).mapToInt(Integer::parseInt).toArray();
    float ratio = Float.parseFloat(a[5]);
    long t0 = System.nanoTime();
    Path dir = Files.createTempDirectory("oracle-experiment");
    ModelRegistry registry = new ModelRegistry(dir.resolve("registry"));
    Files.createDirectories(dir.resolve("datasets"));
    ExperimentResults results = new ExperimentResults(dir.resolve("experiments"));
    ExperimentJob job = new ExperimentJob(registry, EngineConfig.defaults(),
        new DatasetFactory(new DatasetsRoot(dir.resolve("datasets"))), new DatasetsRoot(dir.resolve("backbones")),
        new ProceduralGeneratorProvider(registry, 0.5, "line"), results);
    ExperimentSpec.Builder e = ExperimentSpec.newBuilder()
        .setAugmented(GeneratorAugmentation.newBuilder().setRatioToReal(ratio));
    Arrays.stream(seeds).forEach(e::addSeeds);
    Arrays.stream(budgets).forEach(e::addRealPerClassBudgets);
    TrainRequest request = TrainRequest.newBuilder().setKind(JobKind.EXPERIMENT)
        .setDataset(DatasetSpec.newBuilder().setSynthfacs(SynthFacsSpec.newBuilder().setSubjects(subjects)
            .setImagesPerEmotion(per).setDifficulty(0.5f)))
        .setConfig(TrainingConfig.newBuilder().setEpochs(epochs))
        .setExperiment(e)
        .build();
    job.validate(request);
    job.run(new JobRun() {
      public String jobId() {
        return "job-oracle01";
      }

      public TrainRequest request() {
        return request;
      }

      public Path directory() {
        return dir.resolve("job");
      }

      public void phase(String phase, String message) {
        System.out.printf("[%5.0f s] %s: %s%n", (System.nanoTime() - t0) / 1e9, phase, message);
      }

      public void progress(TrainingProgress p) {
      }

      public boolean cancelRequested() {
        return false;
      }

      public boolean shuttingDown() {
        return false;
      }
    });
    CompareResponse c = results.load("job-oracle01").orElseThrow();
    System.out.println();
    System.out.println(c.getMarkdown());
    System.out.printf("RESULT in %.0f s on %d cores%n", (System.nanoTime() - t0) / 1e9,
        Runtime.getRuntime().availableProcessors());
  }
}
