package io.emotioncluster.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.admin.AdminMain;
import io.emotioncluster.admin.Commands;
import io.emotioncluster.admin.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Tab offers, from the real command tree and a fake node. */
class CompletionEngineTest {

  final List<LiveCandidates.Kind> asked = new ArrayList<>();

  final CompletionSource fake = kind -> {
    asked.add(kind);
    return switch (kind) {
      case VERSION, CLASSIFIER -> List.of(new CompletionSource.Value("v1", "production classifier"),
          new CompletionSource.Value("v2", "candidate classifier"), new CompletionSource.Value("v10", ""));
      case JOB -> List.of(new CompletionSource.Value("job-aaaa1111", "succeeded"),
          new CompletionSource.Value("job-bbbb2222", "running"));
      case ACTIVE_JOB -> List.of(new CompletionSource.Value("job-bbbb2222", "running"));
      case EMOTION -> List.of(new CompletionSource.Value("happiness", ""), new CompletionSource.Value("all", ""));
      case TARGET -> List.of(new CompletionSource.Value("10.0.0.5:50051", ""));
    };
  };

  final CompletionEngine engine = new CompletionEngine(
      Commands.commandLine(new AdminMain(Session.builder().env(Map.of()).build())).getCommandSpec(), fake,
      Builtins.SUGGESTIONS);

  /** Completes the last word of {@code line} (a trailing space starts a new, empty word). */
  CompletionEngine.Result complete(String line) {
    List<String> words = new ArrayList<>(Arrays.asList(line.split(" ", -1)));
    return engine.complete(words, words.size() - 1, words.get(words.size() - 1));
  }

  @Test
  void commandsAndShellBuiltinsAtTheStart() {
    assertThat(complete("").values()).contains("versions", "jobs", "train", "compare", "generate", "classify", "status",
        "nodes", "help", "exit", "connect");
    assertThat(complete("ver").values()).containsExactly("versions");
    assertThat(complete("versions ").values()).containsExactlyInAnyOrder("list", "show", "promote", "rollback", "delete");
    assertThat(complete("versions ").suggestions()).anySatisfy(s -> {
      assertThat(s.value()).isEqualTo("promote");
      assertThat(s.description()).startsWith("Make a version production");
    });
  }

  @Test
  void optionsOfTheCommandIncludingInheritedOnes() {
    assertThat(complete("train --ep").values()).containsExactly("--epochs");
    assertThat(complete("train --").values()).contains("--subjects", "--image-folder", "--fer2013", "--base-version",
        "--promote", "--cancel-on-interrupt", "--format", "--target", "--help");
    assertThat(complete("versions promote --").values()).contains("--yes", "--timeout");
  }

  @Test
  void liveVersionIdsWhereAVersionIsExpected() {
    assertThat(complete("versions show v").values()).containsExactly("v1", "v2", "v10");
    assertThat(complete("versions show v1").values()).containsExactly("v1", "v10");
    assertThat(complete("versions promote ").values()).contains("v2");
    assertThat(complete("versions delete v").values()).contains("v10");
    assertThat(complete("compare v1 ").values()).containsExactly("v1", "v2", "v10");
    assertThat(complete("train --epochs 3 --base-version ").values()).containsExactly("v1", "v2", "v10");
    assertThat(complete("train --base-version=v").values()).containsExactly("--base-version=v1", "--base-version=v2",
        "--base-version=v10");
    assertThat(asked).contains(LiveCandidates.Kind.VERSION, LiveCandidates.Kind.CLASSIFIER);
  }

  @Test
  void liveJobIdsEmotionsAndTargets() {
    assertThat(complete("jobs watch ").values()).containsExactly("job-aaaa1111", "job-bbbb2222");
    assertThat(complete("jobs cancel ").values()).containsExactly("job-bbbb2222");
    assertThat(complete("generate --emotion h").values()).containsExactly("happiness");
    assertThat(complete("versions list --target ").values()).containsExactly("10.0.0.5:50051");
  }

  @Test
  void staticValuesEnumsFilesAndHelpTopics() {
    assertThat(complete("train --architecture ").values()).containsExactly("vgg-mini", "vgg16");
    assertThat(complete("train --kind ").values()).containsExactly("classifier", "generator", "experiment");
    assertThat(complete("versions list --stage p").values()).containsExactly("production");
    assertThat(complete("jobs list --format ").values()).containsExactly("table", "json", "csv");
    assertThat(complete("compare v1 v2 --export ").values()).containsExactly("md", "json", "html");
    assertThat(complete("compare v1 v2 --export html ").files()).isTrue();
    assertThat(complete("classify ").files()).isTrue();
    assertThat(complete("help ver").values()).containsExactly("versions");
  }

  @Test
  void nothingAfterAFlagThatTakesNoValue() {
    CompletionEngine.Result r = complete("train --promote ");
    assertThat(r.values()).isEmpty();
    assertThat(r.files()).isFalse();
  }
}
