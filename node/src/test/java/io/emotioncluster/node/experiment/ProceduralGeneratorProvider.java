package io.emotioncluster.node.experiment;

import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.generator.FaceGenerator;
import io.emotioncluster.node.generator.GeneratorProvider;
import io.emotioncluster.node.jobs.JobRun;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.RegistrableModel;
import io.emotioncluster.node.registry.VersionRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generator versions backed by {@link ProceduralFaceGenerator}. "Training" learns nothing: it
 * reads the rendering settings (size, channels) off the training images and registers a real
 * generator version whose parameters file holds those settings, so the registry, tags and
 * open-by-id paths are the ones a learned generator goes through.
 */
public final class ProceduralGeneratorProvider implements GeneratorProvider {

  private final ModelRegistry registry;
  private final double difficulty;
  private final String style;
  final AtomicInteger trained = new AtomicInteger();
  final AtomicInteger opened = new AtomicInteger();

  public ProceduralGeneratorProvider(ModelRegistry registry, double difficulty, String style) {
    this.registry = registry;
    this.difficulty = difficulty;
    this.style = style;
  }

  @Override
  public FaceGenerator open(String versionId) {
    String id = versionId.isEmpty() ? registry.production(ModelKind.GENERATOR)
        .orElseThrow(() -> ServiceException.precondition("no production generator")) : versionId;
    VersionRecord v = registry.require(id);
    if (v.kind() != ModelKind.GENERATOR) {
      throw ServiceException.invalid("version " + id + " is not a generator");
    }
    try {
      String[] f = Files.readString(registry.parametersFile(id), StandardCharsets.UTF_8).trim().split(";");
      opened.incrementAndGet();
      return new ProceduralFaceGenerator(id, new SynthFacsConfig(1, 1, Double.parseDouble(f[0]), 0,
          Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String trainAndRegister(JobRun run, List<LabeledImage> train, List<LabeledImage> test, GeneratorConfig config,
      Map<String, String> tags) throws IOException {
    var first = train.get(0).image();
    String spec = String.format(Locale.ROOT, "%s;%d;%d;%s", Double.toString(difficulty), first.width(),
        first.channels(), style);
    if (run != null) {
      run.phase("generator", "procedural generator: nothing to learn from " + train.size() + " images; registering "
          + "renderer settings " + spec);
    }
    VersionRecord v = registry.register(new Settings(spec), new VersionRecord.Draft(ModelKind.GENERATOR,
        "procedural SynthFACS generator", null, null, null, null, null, "procedural", null,
        run == null ? null : run.jobId(), tags, "{\"procedural\":\"" + spec + "\"}", null));
    trained.incrementAndGet();
    return v.id();
  }

  /** The "parameters" of a procedural generator: its rendering settings as text. */
  private record Settings(String spec) implements RegistrableModel {
    @Override
    public void save(Path dir) throws IOException {
      Files.writeString(dir.resolve("model-0000.params"), spec, StandardCharsets.UTF_8);
    }

    @Override
    public Architecture architecture() {
      return null;
    }

    @Override
    public long parameterCount() {
      return 0;
    }

    @Override
    public String engineName() {
      return "none (procedural)";
    }
  }
}
