"""Prints every target of the benchmark harness as met or missed, with its figure, from the outputs
eng/bench/all.sh wrote into one results folder. Usage: summary.py <results folder>"""
import json
import os
import re
import sys

folder = sys.argv[1]


def text(part):
    path = os.path.join(folder, part + ".txt")
    if os.path.exists(os.path.join(folder, part + ".failed")):
        return None
    return open(path, encoding="utf-8").read() if os.path.exists(path) else None


def last_json(part):
    body = text(part)
    if body is None:
        return None
    lines = [l for l in body.splitlines() if l.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def verdict(ok):
    return "met   " if ok else "MISSED"


rows = []
if (gateway := text("gateway")) is not None:
    for line in gateway.splitlines():
        if line.startswith("|") and ("met" in line or "missed" in line):
            rows.append(f"gateway  {line.strip()}")
    if not any(r.startswith("gateway") for r in rows):
        rows.append("gateway  (no verdict lines; see gateway.txt)")
if (cold := text("cold-start")) is not None and (m := re.search(r"cold, all\s+n=\s*(\d+)\s+p50\s+([\d.]+) ms\s+p95\s+[\d.]+ ms\s+p99\s+([\d.]+) ms", cold)):
    n, p50, p99 = int(m.group(1)), float(m.group(2)), float(m.group(3))
    rows.append(f"{verdict(p50 < 10)} functions cold start p50 {p50:.2f} ms over {n} (target < 10 ms)")
    rows.append(f"{verdict(p99 < 30)} functions cold start p99 {p99:.2f} ms over {n} (target < 30 ms)")
if (throughput := text("throughput")) is not None:
    for m in re.finditer(r"- (\d+) conns: Strata / \(nginx \+ Kestrel\) = \*\*([\d.]+)×\*\*", throughput):
        ratio = float(m.group(2))
        rows.append(f"{verdict(ratio >= 1.0)} functions warm throughput at {m.group(1)} conns: {ratio:.2f}× nginx + Kestrel (target ≥ 1.0×)")
if (deploy := last_json("deploy")) is not None:
    f, s = deploy["function"], deploy["twoServiceApp"]
    rows.append(f"{verdict(f['met'])} deploy, function: first {f['firstSeconds']} s, incremental {f['incrementalSeconds']} s (target < 5 s)")
    rows.append(f"{verdict(s['met'])} deploy, two-service app: first {s['firstSeconds']} s, incremental {s['incrementalSeconds']} s (target < 10 s)")
if (cp := last_json("control-plane")) is not None:
    t = cp["target"]
    rows.append(f"{verdict(t['seconds'] < t['limitSeconds'])} control plane, {cp['apps']} apps parsed, mapped, rendered, reconciled: {t['seconds']} s (target < 10 s; phases {cp['phases']})")
    rows.append(f"{verdict(cp['peakWorkingSetMb'] < t['limitMb'])} control plane peak memory {cp['peakWorkingSetMb']} MB (target < 2048 MB); one durable deploy record {cp['recordMsPerDeploy']} ms")
if (pl := last_json("plugin-load")) is not None:
    rows.append(f"info   host start with {pl['verticals']} bundled verticals {pl['bundledSeconds']} s vs none {pl['noneSeconds']} s ({pl['ratio']}×)")
if text("micro") is not None:
    rows.append("info   micro-benchmarks: tables in BenchmarkDotNet.Artifacts/results/*-report-github.md")
for part in ["gateway", "cold-start", "throughput", "deploy", "control-plane", "plugin-load", "micro", "charts"]:
    if os.path.exists(os.path.join(folder, part + ".failed")):
        rows.append(f"FAILED {part}: see {os.path.join(folder, part + '.log')}")

print("\n".join(rows) if rows else "no results")
sys.exit(1 if any(r.startswith("FAILED") for r in rows) else 0)
