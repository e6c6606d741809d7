package io.emotioncluster.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.ServiceException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsRootTest {

  @TempDir
  Path tmp;
  Path root;
  Path outside;
  DatasetsRoot datasets;

  @BeforeEach
  void layout() throws IOException {
    root = Files.createDirectories(tmp.resolve("datasets"));
    Files.createDirectories(root.resolve("fer"));
    Files.writeString(root.resolve("fer/fer2013.csv"), "emotion,pixels\n");
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "not for jobs");
    datasets = new DatasetsRoot(root);
  }

  static void refused(ThrowingCallable call, Kind kind, String... messageParts) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ServiceException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      for (String part : messageParts) {
        assertThat(e.getMessage()).contains(part);
      }
    });
  }

  @Test
  void resolvesRelativePathsToTheirRealPath() throws IOException {
    Path csv = root.resolve("fer/fer2013.csv").toRealPath();
    assertThat(datasets.resolve("fer/fer2013.csv")).isEqualTo(csv);
    assertThat(datasets.resolve("  fer/fer2013.csv ")).isEqualTo(csv);
    assertThat(datasets.resolve("fer")).isEqualTo(csv.getParent());
    assertThat(datasets.resolve(".")).isEqualTo(root.toRealPath());
  }

  @Test
  void dotDotThatStaysInsideIsAllowed() throws IOException {
    assertThat(datasets.resolve("fer/../fer/./fer2013.csv"))
        .isEqualTo(root.resolve("fer/fer2013.csv").toRealPath());
  }

  @Test
  void dotDotThatLeavesTheRootIsRefused() {
    refused(() -> datasets.resolve("../x"), Kind.PERMISSION, "'../x'", "outside the datasets root",
        root.toString());
    refused(() -> datasets.resolve("../outside/secret.txt"), Kind.PERMISSION, root.toString());
    refused(() -> datasets.resolve("fer/../../outside"), Kind.PERMISSION, root.toString());
    // A sibling whose name merely starts with the root's name is still outside.
    refused(() -> datasets.resolve("../datasets-other"), Kind.PERMISSION);
  }

  @Test
  void absolutePathsOutsideAreRefusedInsideAccepted() throws IOException {
    refused(() -> datasets.resolve("/etc"), Kind.PERMISSION, "'/etc'", root.toString());
    refused(() -> datasets.resolve("/etc/passwd"), Kind.PERMISSION);
    refused(() -> datasets.resolve(outside.resolve("secret.txt").toString()), Kind.PERMISSION);
    refused(() -> datasets.resolve(root + "/../outside"), Kind.PERMISSION);
    assertThat(datasets.resolve(root.resolve("fer").toString()))
        .isEqualTo(root.resolve("fer").toRealPath());
  }

  @Test
  void symlinkPointingOutsideIsRefusedWhereverItIsOnThePath() throws IOException {
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.createDirectories(root.resolve("deep/er"));
    Files.createSymbolicLink(root.resolve("deep/er/link"), outside);
    Files.createSymbolicLink(root.resolve("fer/secret.csv"), outside.resolve("secret.txt"));

    refused(() -> datasets.resolve("escape"), Kind.PERMISSION, "symbolic link 'escape'",
        "points outside the datasets root", root.toString());
    refused(() -> datasets.resolve("escape/secret.txt"), Kind.PERMISSION, "'escape'");
    refused(() -> datasets.resolve("deep/er/link/secret.txt"), Kind.PERMISSION, "deep/er/link");
    refused(() -> datasets.resolve("fer/secret.csv"), Kind.PERMISSION, "fer/secret.csv");
    // The target's location is not disclosed.
    assertThatThrownBy(() -> datasets.resolve("escape")).message()
        .doesNotContain(outside.toString());
  }

  @Test
  void danglingSymlinkPointingOutsideIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("gone"), tmp.resolve("nowhere"));
    refused(() -> datasets.resolve("gone"), Kind.PERMISSION, "'gone'");
  }

  @Test
  void symlinkThatStaysInsideIsAllowed() throws IOException {
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("fer"));
    Files.createDirectories(root.resolve("sets"));
    Files.createSymbolicLink(root.resolve("sets/relative"), Path.of("../fer/fer2013.csv"));

    Path csv = root.resolve("fer/fer2013.csv").toRealPath();
    assertThat(datasets.resolve("alias/fer2013.csv")).isEqualTo(csv);
    assertThat(datasets.resolve("sets/relative")).isEqualTo(csv);
  }

  @Test
  void rootReachedThroughASymlinkAcceptsBothSpellings() throws IOException {
    Path linkedRoot = Files.createSymbolicLink(tmp.resolve("datasets-link"), root);
    DatasetsRoot viaLink = new DatasetsRoot(linkedRoot);
    Path csv = root.resolve("fer/fer2013.csv").toRealPath();
    assertThat(viaLink.resolve("fer/fer2013.csv")).isEqualTo(csv);
    assertThat(viaLink.resolve(linkedRoot.resolve("fer/fer2013.csv").toString())).isEqualTo(csv);
    assertThat(viaLink.resolve(csv.toString())).isEqualTo(csv);
  }

  @Test
  void missingPathIsNotFoundNamingPathAndRoot() {
    refused(() -> datasets.resolve("fer/fer2014.csv"), Kind.NOT_FOUND, "'fer/fer2014.csv'",
        root.toString());
    refused(() -> datasets.resolve("affectnet/train"), Kind.NOT_FOUND, "'affectnet/train'",
        "'affectnet' is missing", root.toString());
    refused(() -> datasets.resolve("fer/fer2013.csv/x"), Kind.NOT_FOUND);
  }

  @Test
  void missingRootIsNotFoundNamingTheRoot() {
    Path none = tmp.resolve("no-such-root");
    refused(() -> new DatasetsRoot(none).resolve("fer"), Kind.NOT_FOUND, none.toString(),
        "does not exist");
  }

  @Test
  void blankPathIsInvalidInput() {
    refused(() -> datasets.resolve(""), Kind.INVALID_INPUT, root.toString());
    refused(() -> datasets.resolve("   "), Kind.INVALID_INPUT);
    refused(() -> datasets.resolve(null), Kind.INVALID_INPUT);
    refused(() -> datasets.resolve("fer\0x"), Kind.INVALID_INPUT, "not a valid path");
  }
}
