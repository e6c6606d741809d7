package io.emotioncluster.admin.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.api.v1.PromoteResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {

  static Table sample() {
    return Table.of("id", "stage", "accuracy", "name")
        .row("v10", "production", "0.5", "baseline, run 1")
        .row("v2", "candidate", "0.75", "say \"hi\"")
        .right("accuracy")
        .color("stage", v -> v.equals("production") ? Style.Color.GREEN : Style.Color.NONE);
  }

  static String render(Format f, Style style) {
    StringWriter s = new StringWriter();
    new Printer(new PrintWriter(s), f, style).print(sample());
    return s.toString();
  }

  @Test
  void tablesAlignColumnsRightAlignNumbersAndLeaveNoTrailingBlanks() {
    assertThat(render(Format.table, Style.PLAIN).split("\n")).containsExactly(
        "id   stage       accuracy  name",
        "v10  production       0.5  baseline, run 1",
        "v2   candidate       0.75  say \"hi\"");
  }

  @Test
  void coloursOnlyWhenEnabledAndTheyDoNotShiftColumns() {
    String colored = render(Format.table, new Style(true));
    assertThat(colored).contains("\u001b[32mproduction\u001b[0m").contains("\u001b[1mid");
    assertThat(Style.strip(colored)).isEqualTo(render(Format.table, Style.PLAIN));
    assertThat(render(Format.csv, new Style(true))).doesNotContain("\u001b");
  }

  @Test
  void csvQuotesOnlyWhatNeedsIt() {
    assertThat(render(Format.csv, Style.PLAIN)).isEqualTo(
        "id,stage,accuracy,name\r\nv10,production,0.5,\"baseline, run 1\"\r\nv2,candidate,0.75,\"say \"\"hi\"\"\"\r\n");
    assertThat(Csv.field(" padded")).isEqualTo("\" padded\"");
    assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void jsonOfATableIsAnArrayOfObjectsAndApiMessagesUseTheProtoMapping() {
    assertThat(render(Format.json, Style.PLAIN)).isEqualTo("[\n"
        + "  {\"id\": \"v10\", \"stage\": \"production\", \"accuracy\": \"0.5\", \"name\": \"baseline, run 1\"},\n"
        + "  {\"id\": \"v2\", \"stage\": \"candidate\", \"accuracy\": \"0.75\", \"name\": \"say \\\"hi\\\"\"}\n]\n");
    StringWriter s = new StringWriter();
    new Printer(new PrintWriter(s), Format.json, Style.PLAIN).print(sample(),
        PromoteResponse.newBuilder().setProductionVersion("v2").build());
    assertThat(s.toString()).contains("\"productionVersion\": \"v2\"").contains("\"previousVersion\": \"\"");
    assertThat(Json.quote("tab\there\u0001")).isEqualTo("\"tab\\there\\u0001\"");
    assertThat(Json.table(Table.of("a"))).isEqualTo("[]");
  }

  @Test
  void coloursRespectTheTerminalNoColorAndDumbTerminals() {
    assertThat(Style.allowed(true, false, Map.of())).isTrue();
    assertThat(Style.allowed(false, false, Map.of())).isFalse();
    assertThat(Style.allowed(true, true, Map.of())).isFalse();
    assertThat(Style.allowed(true, false, Map.of("NO_COLOR", "1"))).isFalse();
    assertThat(Style.allowed(true, false, Map.of("NO_COLOR", ""))).isTrue(); // no-color.org: set and non-empty
    assertThat(Style.allowed(true, false, Map.of("TERM", "dumb"))).isFalse();
  }

  @Test
  void numbersDurationsAndPValuesReadTheSameEverywhere() {
    assertThat(Fmt.delta(0.1184, 3)).isEqualTo("+0.118");
    assertThat(Fmt.delta(-0.02, 3)).isEqualTo("-0.020");
    assertThat(Fmt.duration(45)).isEqualTo("45s");
    assertThat(Fmt.duration(185)).isEqualTo("3m05s");
    assertThat(Fmt.duration(7260)).isEqualTo("2h01m");
    assertThat(Fmt.pValue(0.03123)).isEqualTo("0.0312");
    assertThat(Fmt.pValue(1e-7)).isEqualTo("< 0.0001");
    assertThat(Fmt.time(0)).isEmpty();
    assertThat(Fmt.time(1_700_000_000_123L)).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(Fmt.EMOTIONS).hasSize(7);
    assertThat(List.of(Fmt.num(0.5, 2))).containsExactly("0.50");
  }
}
