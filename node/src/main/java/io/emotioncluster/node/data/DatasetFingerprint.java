package io.emotioncluster.node.data;

import io.emotioncluster.node.model.Emotion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Accumulates a dataset fingerprint: SHA-256 over a canonical description of how it was loaded,
 * then one record per loaded item (id, emotion, subject, split part, SHA-256 of its content).
 *
 * <p>Content hashes rather than sizes and mtimes: the loaders read every byte anyway to decode
 * it, so hashing costs little next to decoding, and a copied or re-extracted dataset keeps its
 * fingerprint while any changed pixel changes it. Every field is length-prefixed so that no
 * choice of file names can make two different datasets produce the same byte stream.
 */
final class DatasetFingerprint {

  private final MessageDigest total = sha256();
  private final MessageDigest content = sha256();

  DatasetFingerprint(String canonicalDescription) {
    field(canonicalDescription);
  }

  /** Items must be added in the dataset's deterministic order. */
  void add(String id, Emotion emotion, String subject, String part, byte[] bytes) {
    field(id);
    field(emotion.label());
    field(subject == null ? "" : subject);
    field(part == null ? "" : part);
    total.update(content.digest(bytes));
  }

  String hex() {
    return HexFormat.of().formatHex(total.digest());
  }

  private void field(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    total.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
    total.update((byte) ':');
    total.update(b);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
