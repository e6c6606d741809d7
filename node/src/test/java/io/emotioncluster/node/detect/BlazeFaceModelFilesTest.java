package io.emotioncluster.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The bundled BlazeFace files are exactly the ones the README names (npm package, sha256). */
class BlazeFaceModelFilesTest {

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = BlazeFaceModelFilesTest.class.getResourceAsStream("/blazeface/" + name)) {
      assertThat(in).as("resource /blazeface/%s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void modelFilesMatchTheirProvenance() throws Exception {
    byte[] shortRange = resource("face_detection_short_range.tflite");
    assertThat(shortRange).hasSize(229_032);
    assertThat(sha256(shortRange)).isEqualTo("3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633");
    byte[] fullRange = resource("face_detection_full_range.tflite");
    assertThat(fullRange).hasSize(1_083_984);
    assertThat(sha256(fullRange)).isEqualTo("99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3");
  }

  @Test
  void licenceAndProvenanceShipBesideThem() throws Exception {
    assertThat(new String(resource("LICENSE"))).contains("Apache License").contains("Version 2.0");
    String readme = new String(resource("README.md"));
    assertThat(readme).contains("@mediapipe/face_detection").contains("0.4.1657300184")
        .contains("3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633")
        .contains("99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3");
  }
}
