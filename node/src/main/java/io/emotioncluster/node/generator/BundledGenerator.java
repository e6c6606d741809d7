package io.emotioncluster.node.generator;

import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The small generator shipped with the node (resources under {@value #RESOURCE_DIR}), trained by
 * the project's own code on the default SynthFACS data a fresh node bootstraps its classifier on
 * (see docs/generator.md for the command that reproduces it). A fresh node registers and
 * promotes it, so {@code emotion-admin generate} works without training anything. Every file is
 * checked against {@value #SUMS}; a mismatch refuses the bundle.
 */
public final class BundledGenerator {

  public static final String RESOURCE_DIR = "/generator/bundled/";
  public static final String SPEC = "spec.json";
  public static final String QUALITY = "quality.json";
  public static final String RECIPE = "recipe.json";
  public static final String SUMS = "SHA256SUMS";
  public static final String[] FILES = {TrainedGenerator.PARAMS_FILE, SPEC, QUALITY, RECIPE};

  private BundledGenerator() {}

  /** The bundle's files by name, verified against SHA256SUMS; empty when the node ships none. */
  public static Optional<Map<String, byte[]>> read() throws IOException {
    byte[] sums = resource(SUMS);
    if (sums == null) {
      return Optional.empty();
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : new String(sums, StandardCharsets.UTF_8).split("\n")) {
      String[] parts = line.trim().split("\\s+\\*?");
      if (parts.length == 2) {
        expected.put(parts[1], parts[0]);
      }
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : FILES) {
      byte[] data = resource(name);
      if (data == null) {
        throw new IOException("bundled generator: " + RESOURCE_DIR + name + " is missing");
      }
      String actual = sha256(data);
      if (!actual.equals(expected.get(name))) {
        throw new IOException("bundled generator: " + name + " has sha256 " + actual + " but " + SUMS + " says "
            + expected.get(name));
      }
      files.put(name, data);
    }
    return Optional.of(files);
  }

  /**
   * Registers the bundled generator and makes it the production generator (a fresh node).
   *
   * @return the version, or empty when the node ships none
   */
  public static Optional<VersionRecord> register(ModelRegistry registry, EngineConfig engine) throws IOException {
    Optional<Map<String, byte[]>> bundle = read();
    if (bundle.isEmpty()) {
      return Optional.empty();
    }
    Map<String, byte[]> files = bundle.get();
    String specJson = new String(files.get(SPEC), StandardCharsets.UTF_8);
    Path tmp = Files.createTempFile("bundled-generator", ".params");
    try {
      Files.write(tmp, files.get(TrainedGenerator.PARAMS_FILE));
      try (TrainedGenerator g = TrainedGenerator.load(GeneratorSpec.fromJson(specJson), tmp, engine.engine(),
          engine.djlDevice(), "")) {
        VersionRecord v = registry.register(g, new VersionRecord.Draft(ModelKind.GENERATOR,
            "bundled dcgan on SynthFACS (shipped with the node)", "", "",
            new String(files.get(RECIPE), StandardCharsets.UTF_8), null, null, "bundled", null, null,
            Map.of("bundled", "true", "params_sha256", sha256(files.get(TrainedGenerator.PARAMS_FILE))), specJson,
            new String(files.get(QUALITY), StandardCharsets.UTF_8)));
        registry.promote(v.id());
        return Optional.of(v);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = BundledGenerator.class.getResourceAsStream(RESOURCE_DIR + name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
