package io.emotioncluster.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptParserTest {

  @Test
  void oneCommandPerLineSkippingBlanksAndComments() throws Exception {
    List<ScriptParser.Line> lines = ScriptParser.parse("# nightly checks\n\nversions list --format json\n"
        + "   # indented comment\r\n  jobs list --state running  \n");
    assertThat(lines).extracting(ScriptParser.Line::number).containsExactly(3, 5);
    assertThat(lines.get(0).words()).containsExactly("versions", "list", "--format", "json");
    assertThat(lines.get(1).text()).isEqualTo("jobs list --state running");
  }

  @Test
  void quotesKeepSpacesAndABackslashContinuesTheLine() throws Exception {
    List<ScriptParser.Line> lines = ScriptParser.parse("train --name \"nightly baseline\" \\\n  --epochs 3\n"
        + "train --image-folder 'my faces' --subject-pattern '^(s\\d+)_'\n");
    assertThat(lines.get(0).number()).isEqualTo(1);
    assertThat(lines.get(0).words()).containsExactly("train", "--name", "nightly baseline", "--epochs", "3");
    assertThat(lines.get(1).words()).containsExactly("train", "--image-folder", "my faces", "--subject-pattern", "^(s\\d+)_");
  }

  @Test
  void anUnclosedQuoteNamesItsLineAndNothingRuns() {
    assertThatThrownBy(() -> ScriptParser.parse("versions list\ntrain --name \"oops\n"))
        .isInstanceOfSatisfying(ScriptParser.ScriptSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  @Test
  void wordsSplitLikeAPosixShell() throws Exception {
    assertThat(ScriptParser.words("a  'b c' \"d \\\"e\\\" f\" g\\ h ''")).containsExactly("a", "b c", "d \"e\" f", "g h", "");
    assertThat(ScriptParser.words("x'y'\"z\"")).containsExactly("xyz");
    assertThat(ScriptParser.words("   ")).isEmpty();
    assertThatThrownBy(() -> ScriptParser.words("'open")).hasMessageContaining("unclosed single quote at column 1");
  }
}
