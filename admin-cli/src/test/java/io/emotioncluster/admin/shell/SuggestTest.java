package io.emotioncluster.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {

  static final List<String> COMMANDS = List.of("status", "nodes", "versions", "jobs", "train", "compare", "generate",
      "classify", "wait-ready", "shell", "help");

  @Test
  void typosSwapsAndPrefixesFindTheCommand() {
    assertThat(Suggest.closest("versoins", COMMANDS)).containsExactly("versions");
    assertThat(Suggest.closest("trian", COMMANDS)).containsExactly("train");
    assertThat(Suggest.closest("gen", COMMANDS)).containsExactly("generate");
    assertThat(Suggest.closest("--epoch", List.of("--epochs", "--early-stopping", "--lr"))).containsExactly("--epochs");
  }

  @Test
  void nothingCloseMeansNoSuggestion() {
    assertThat(Suggest.closest("frobnicate", COMMANDS)).isEmpty();
    assertThat(Suggest.distance("abc", "abc")).isZero();
    assertThat(Suggest.distance("ab", "ba")).isEqualTo(1);
  }
}
