#!/usr/bin/env python3
"""Prints the side-by-side table and the goal ratios from bin/benchmark's result files."""
import json
import os
import platform
import sys

results, out = sys.argv[1], sys.argv[2]


def load(name):
    with open(os.path.join(results, name)) as f:
        return json.loads(f.read().strip().splitlines()[-1])


e1, e32 = load("engine-b1.json"), load("engine-b32.json")
rows = []
for name in ("unbatched", "batched"):
    for c in (1, 8, 64):
        d = load(f"{name}-c{c}.json")
        rows.append((name, c, d))
open70 = load("batched-open70.json")
by = {(n, c): d for n, c, d in rows}
best_batched = max(by[("batched", c)]["throughput_rps"] for c in (1, 8, 64))

print()
print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, {platform.system()}")
print(f"engine alone: batch 1 p50 {e1['forward_p50_us']/1000:.3f} ms ({e1['images_per_second']:.0f} img/s on 1 thread); "
      f"batch {e32['batch']} on {e32['threads']} threads: {e32['images_per_second']:.0f} img/s")
print()
print(f"{'node':<10} {'conc':>4} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9} "
      f"{'queue ms':>9} {'compute ms':>10} {'batch':>6} {'errors':>6}")
for n, c, d in rows:
    lat = d["latency_us"]
    print(f"{n:<10} {c:>4} {d['throughput_rps']:>8.0f} {lat['p50']/1000:>8.2f} {lat['p90']/1000:>8.2f} "
          f"{lat['p99']/1000:>8.2f} {lat['p999']/1000:>9.2f} {d['server_queue_us']['mean']/1000:>9.2f} "
          f"{d['server_compute_us']['mean']/1000:>10.2f} {d['mean_batch_size']:>6.1f} "
          f"{sum(d['errors'].values()):>6}")
o = open70["latency_us"]
print(f"{'batched':<10} {'open':>4} {open70['throughput_rps']:>8.0f} {o['p50']/1000:>8.2f} {o['p90']/1000:>8.2f} "
      f"{o['p99']/1000:>8.2f} {o['p999']/1000:>9.2f}   (open loop at 70% of {best_batched:.0f} req/s)")

goals = [
    ("node throughput at saturation / in-process batched engine", best_batched / e32["images_per_second"], ">= 0.9",
     best_batched / e32["images_per_second"] >= 0.9),
    ("added p50 latency at concurrency 1 over engine batch 1 (ms)",
     (by[("batched", 1)]["latency_us"]["p50"] - e1["forward_p50_us"]) / 1000, "<= 0.5",
     (by[("batched", 1)]["latency_us"]["p50"] - e1["forward_p50_us"]) / 1000 <= 0.5),
    ("p99 / p50 at 70% of max throughput", o["p99"] / max(1, o["p50"]), "<= 3", o["p99"] / max(1, o["p50"]) <= 3),
    ("batching gain at concurrency 64 (batched / unbatched req/s)",
     by[("batched", 64)]["throughput_rps"] / max(1e-9, by[("unbatched", 64)]["throughput_rps"]), ">= 2.5",
     by[("batched", 64)]["throughput_rps"] / max(1e-9, by[("unbatched", 64)]["throughput_rps"]) >= 2.5),
]
# The node's own cost, measured in CPU time (the load generator shares the machine, so wall-clock
# ratios above mix its cost in): node process CPU per request at concurrency 64 (from ClusterStatus
# before and after the run) against the engine's CPU per image at batch 32, and the time the node
# adds to the forward pass at concurrency 1 (ServerTiming total - compute, from every response).
c64 = by[("batched", 64)]
node_cpu = (c64.get("cpu") or {}).get("cpu_us_per_request")
engine_cpu = e32.get("cpu_us_per_image")
added_c1 = by[("batched", 1)].get("server_added_us", {}).get("p50")
print()
print("node cost in CPU time:")
if node_cpu and engine_cpu:
    print(f"  node at concurrency 64: {node_cpu:.0f} us CPU per request (mean batch {c64['mean_batch_size']:.1f}); "
          f"engine alone at batch {e32['batch']}: {engine_cpu:.0f} us CPU per image")
    goals.append(("node CPU per request at concurrency 64 / engine CPU per image at batch 32",
                  node_cpu / engine_cpu, "<= 1.2", node_cpu / engine_cpu <= 1.2))
else:
    print(f"  CPU per request not available ({c64.get('cpu_note') or 'engine CPU missing'})")
if added_c1 is not None:
    u = by[("batched", 1)]["server_added_us"]
    print(f"  server-side added time at concurrency 1 (total - compute): p50 {u['p50']/1000:.3f} ms, "
          f"p99 {u['p99']/1000:.3f} ms")
    goals.append(("server-side added latency at concurrency 1, p50 (ms)", added_c1 / 1000, "<= 0.5",
                  added_c1 / 1000 <= 0.5))
try:
    print(f"  load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
except OSError:
    pass

print()
for name, value, target, ok in goals:
    print(f"{'MET ' if ok else 'MISS'} {name}: {value:.2f} (goal {target})")

detect_file = os.path.join(results, "detect-c4.json")
detect = load("detect-c4.json") if os.path.exists(detect_file) else None
if detect:
    dl = detect["latency_us"]
    print(f"\ndetect_faces (640-px photo, 3 faces, imported face-api model), concurrency 4: "
          f"{detect['throughput_rps']:.1f} frames/s, p50 {dl['p50']/1000:.1f} ms, p99 {dl['p99']/1000:.1f} ms")

with open(out, "w") as f:
    json.dump({"engine_b1": e1, "engine_batched": e32, "runs": {f"{n}-c{c}": d for n, c, d in rows},
               "open70": open70, "detect": detect, "goals": [{"goal": g[0], "value": g[1], "target": g[2], "met": g[3]} for g in goals]},
              f, indent=2)
print(f"\nraw results: {out}")
