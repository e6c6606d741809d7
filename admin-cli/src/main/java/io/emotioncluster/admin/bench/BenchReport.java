package io.emotioncluster.admin.bench;

import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link BenchResult} as a short table (for people) or one JSON object (for scripts). */
public final class BenchReport {

  private BenchReport() {}

  public static String table(BenchResult r) {
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
    sb.append(String.format(Locale.ROOT, "mean batch size %.2f%n", r.meanBatchSize()));
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, LatencyRecorder.Percentiles p) {
    sb.append(String.format(Locale.ROOT, "%-16s %9.3f %9.3f %9.3f %9.3f %9.3f%n", name, p.mean() / 1000,
        p.p50() / 1000.0, p.p90() / 1000.0, p.p99() / 1000.0, p.p999() / 1000.0));
  }

  public static String json(BenchResult r) {
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
        num("mean_batch_size", r.meanBatchSize())) + "}";
  }

  private static String pct(LatencyRecorder.Percentiles p) {
    return "{" + String.join(",", num("count", p.count()), num("mean", p.mean()), num("p50", p.p50()),
        num("p90", p.p90()), num("p99", p.p99()), num("p999", p.p999()), num("max", p.max())) + "}";
  }

  private static String str(String k, String v) {
    return "\"" + k + "\":\"" + v + "\"";
  }

  private static String num(String k, double v) {
    return "\"" + k + "\":" + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3f", v));
  }
}
