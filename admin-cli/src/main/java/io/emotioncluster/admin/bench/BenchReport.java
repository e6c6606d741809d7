package io.emotioncluster.admin.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a {@link BenchResult} as a short table (for people) or one JSON object (for scripts and
 * CI jobs that compare runs), and a ramp's steps the same two ways.
 */
public final class BenchReport {

  private BenchReport() {}

  public static String table(BenchResult r) {
    return table(r, null);
  }

  /** @param cpuNote why node CPU is missing, or null */
  public static String table(BenchResult r, String cpuNote) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "mode %s, %s, %.1f s measured%n", r.mode(),
        r.mode().equals("open") ? String.format(Locale.ROOT, "rate %.0f/s", r.targetRate())
            : "concurrency " + r.concurrency(), r.seconds()));
    sb.append(String.format(Locale.ROOT, "throughput  %.1f req/s   ok %d   errors %d%s%n", r.throughput(), r.ok(),
        r.errorCount(), r.errors().isEmpty() ? "" : " " + r.errors()));
    sb.append(String.format(Locale.ROOT, "%-16s %9s %9s %9s %9s %9s%n", "latency (ms)", "mean", "p50", "p90", "p99",
        "p99.9"));
    row(sb, "client", r.latency());
    row(sb, "server total", r.serverTotal());
    row(sb, "server queue", r.serverQueue());
    row(sb, "server compute", r.serverCompute());
    row(sb, "server added", r.serverOverhead());
    sb.append(String.format(Locale.ROOT, "mean batch size %.2f%n", r.meanBatchSize()));
    if (r.nodes().size() > 1 || r.nodes().values().stream().anyMatch(n -> n.cpu() != null)) {
      sb.append(String.format(Locale.ROOT, "%n%-24s %9s %9s %9s %9s %12s %7s%n", "node", "req/s", "share", "p50 ms",
          "p99 ms", "cpu us/req", "cores"));
      for (BenchResult.NodeResult n : r.nodes().values()) {
        sb.append(String.format(Locale.ROOT, "%-24s %9.1f %8.0f%% %9.2f %9.2f %12s %7s%n", n.nodeId(), n.throughput(),
            r.ok() == 0 ? 0 : 100.0 * n.ok() / r.ok(), n.latency().p50() / 1000.0, n.latency().p99() / 1000.0,
            n.cpu() == null ? "-" : String.format(Locale.ROOT, "%.0f", n.cpu().cpuMicrosPerRequest()),
            n.cpu() == null ? "-" : String.format(Locale.ROOT, "%.2f", n.cpu().cores())));
      }
      if (r.clusterCpu() != null) {
        sb.append(String.format(Locale.ROOT, "%-24s %9.1f %8s %9.2f %9.2f %12.0f %7.2f%n", "all nodes", r.throughput(),
            "100%", r.latency().p50() / 1000.0, r.latency().p99() / 1000.0, r.clusterCpu().cpuMicrosPerRequest(),
            r.clusterCpu().cores()));
      }
    }
    if (cpuNote != null && r.clusterCpu() == null) {
      sb.append("node CPU: not measured (").append(cpuNote).append(")").append(System.lineSeparator());
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, LatencyRecorder.Percentiles p) {
    sb.append(String.format(Locale.ROOT, "%-16s %9.3f %9.3f %9.3f %9.3f %9.3f%n", name, p.mean() / 1000,
        p.p50() / 1000.0, p.p90() / 1000.0, p.p99() / 1000.0, p.p999() / 1000.0));
  }

  public static String json(BenchResult r) {
    return json(r, null);
  }

  public static String json(BenchResult r, String cpuNote) {
    return "{" + String.join(",",
        str("mode", r.mode()),
        num("concurrency", r.concurrency()),
        num("target_rate", r.targetRate()),
        num("seconds", r.seconds()),
        num("ok", r.ok()),
        "\"errors\":{" + r.errors().entrySet().stream().map(e -> num(e.getKey(), e.getValue()))
            .collect(Collectors.joining(",")) + "}",
        num("throughput_rps", r.throughput()),
        "\"latency_us\":" + pct(r.latency()),
        "\"server_total_us\":" + pct(r.serverTotal()),
        "\"server_queue_us\":" + pct(r.serverQueue()),
        "\"server_compute_us\":" + pct(r.serverCompute()),
        "\"server_added_us\":" + pct(r.serverOverhead()),
        num("mean_batch_size", r.meanBatchSize()),
        "\"nodes\":[" + r.nodes().values().stream().map(n -> "{" + String.join(",", str("node_id", n.nodeId()),
            num("ok", n.ok()), num("throughput_rps", n.throughput()), "\"latency_us\":" + pct(n.latency()),
            "\"cpu\":" + cpu(n.cpu())) + "}").collect(Collectors.joining(",")) + "]",
        "\"cpu\":" + cpu(r.clusterCpu()),
        cpuNote == null || r.clusterCpu() != null ? "\"cpu_note\":null" : str("cpu_note", cpuNote)) + "}";
  }

  private static String cpu(BenchResult.NodeCpu c) {
    if (c == null) {
      return "null";
    }
    return "{" + String.join(",", num("cpu_us", c.cpuMicros()), num("requests", c.requests()),
        num("cpu_us_per_request", c.cpuMicrosPerRequest()), num("cores", c.cores())) + "}";
  }

  // ----------------------------------------------------------------------------------------- ramp

  /** One ramp step: its result and whether it held the objective. */
  public record Step(BenchResult result, boolean holds, String why) {

    static Step of(BenchResult r, double sloP99Ms) {
      long sent = r.ok() + r.errorCount();
      double p99Ms = r.latency().p99() / 1000.0;
      if (r.ok() == 0) {
        return new Step(r, false, "no call succeeded");
      }
      if (p99Ms > sloP99Ms) {
        return new Step(r, false, String.format(Locale.ROOT, "p99 %.1f ms > %s ms", p99Ms, fmt(sloP99Ms)));
      }
      if (r.errorCount() > 0.01 * sent) {
        return new Step(r, false, r.errorCount() + " errors " + r.errors());
      }
      if (r.throughput() < 0.95 * r.targetRate()) {
        return new Step(r, false, String.format(Locale.ROOT, "answered %.0f of %.0f req/s", r.throughput(),
            r.targetRate()));
      }
      return new Step(r, true, "");
    }
  }

  public static String rampTable(List<Step> steps, double sloP99Ms, double best, String cpuNote) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%9s %9s %9s %9s %9s %7s %12s  %s%n", "rate", "req/s", "p50 ms", "p99 ms",
        "p99.9 ms", "errors", "cpu us/req", "p99 <= " + fmt(sloP99Ms) + " ms"));
    for (Step s : steps) {
      BenchResult r = s.result();
      sb.append(String.format(Locale.ROOT, "%9.0f %9.1f %9.2f %9.2f %9.2f %7d %12s  %s%n", r.targetRate(),
          r.throughput(), r.latency().p50() / 1000.0, r.latency().p99() / 1000.0, r.latency().p999() / 1000.0,
          r.errorCount(), r.clusterCpu() == null ? "-" : String.format(Locale.ROOT, "%.0f",
              r.clusterCpu().cpuMicrosPerRequest()), s.holds() ? "yes" : "NO: " + s.why()));
    }
    sb.append(best > 0
        ? String.format(Locale.ROOT, "highest rate holding p99 <= %s ms: %.0f req/s%n", fmt(sloP99Ms), best)
        : String.format(Locale.ROOT, "no rate held p99 <= %s ms%n", fmt(sloP99Ms)));
    if (!steps.isEmpty()) {
      BenchResult last = steps.get(steps.size() - 1).result();
      if (last.nodes().size() > 1) {
        sb.append("share of the last step: ").append(last.nodes().values().stream()
            .map(n -> String.format(Locale.ROOT, "%s %.0f%%", n.nodeId(), 100.0 * n.ok() / Math.max(1, last.ok())))
            .collect(Collectors.joining(", "))).append(System.lineSeparator());
      }
    }
    if (cpuNote != null) {
      sb.append("node CPU: not measured (").append(cpuNote).append(")").append(System.lineSeparator());
    }
    return sb.toString();
  }

  public static String rampJson(List<Step> steps, double sloP99Ms, double best, String cpuNote) {
    return "{" + String.join(",", str("mode", "ramp"), num("slo_p99_ms", sloP99Ms),
        num("max_rate_within_slo", best),
        "\"steps\":[" + steps.stream().map(s -> "{" + String.join(",", num("rate", s.result().targetRate()),
            "\"holds\":" + s.holds(), str("why", s.why()), "\"result\":" + json(s.result(), cpuNote)) + "}")
            .collect(Collectors.joining(",")) + "]") + "}";
  }

  private static String fmt(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static String pct(LatencyRecorder.Percentiles p) {
    return "{" + String.join(",", num("count", p.count()), num("mean", p.mean()), num("p50", p.p50()),
        num("p90", p.p90()), num("p99", p.p99()), num("p999", p.p999()), num("max", p.max())) + "}";
  }

  private static String str(String k, String v) {
    return "\"" + k + "\":\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String num(String k, double v) {
    return "\"" + k + "\":" + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3f", v));
  }
}
