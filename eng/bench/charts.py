#!/usr/bin/env python3
"""PNG charts of the benchmark harness's figures, for docs/benchmarks.md (matplotlib, Agg backend).

    charts.py gateway <docs/benchmarks.md> <out.png>
        requests/s by concurrency for direct / nginx / the Strata gateway / the service address, one panel per backend, read
        from the gateway section eng/bench/gateway_report.py wrote into the docs;
    charts.py cold-start <samples.json> <out.png>
        the distribution (CDF) of cold-start times, from functions-cold-start.sh's BENCH_SAMPLES file;
    charts.py control-plane [label=]<control-plane.txt> [more runs...] <out.png>
        the control-plane phases as stacked bars, one bar per run (its last JSON line).

Every chart is read back after it is written and must decode as a PNG of the expected size; the
script exits non-zero otherwise. eng/bench/all.sh and eng/bench/gateway.sh call it when they rewrite
the docs."""
import json
import re
import struct
import sys
import zlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BEGIN, END = "<!-- gateway:begin -->", "<!-- gateway:end -->"
TARGET_COLORS = {"direct": "#9e9e9e", "nginx": "#2e7d32", "gateway": "#1565c0", "process": "#6a1b9a", "service": "#ef6c00"}
PHASE_COLORS = {"parse": "#8d6e63", "map": "#fbc02d", "render": "#1565c0", "reconcile": "#2e7d32"}
WIDTH, HEIGHT, DPI = 9.0, 4.5, 100


def check_png(path):
    """Decodes the PNG (signature, chunk CRCs, IHDR, the whole zlib stream of IDAT) and returns (w, h)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, width, height, idat, ended = 8, 0, 0, b"", False
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"{path}: bad CRC in {kind!r}")
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            ended = True
            break
        pos += 12 + length
    raw = zlib.decompress(idat)
    if not ended or width == 0 or len(raw) != height * (1 + width * channels * depth // 8):
        raise ValueError(f"{path}: truncated or inconsistent image data")
    return width, height


def save(figure, path):
    figure.tight_layout()
    figure.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(figure)
    width, height = check_png(path)
    if (width, height) != (round(WIDTH * DPI), round(HEIGHT * DPI)):
        raise ValueError(f"{path}: {width}×{height}, expected {WIDTH * DPI:.0f}×{HEIGHT * DPI:.0f}")
    print(f"wrote {path} ({width}×{height}, decodes)")


def gateway(docs, out):
    text = open(docs, encoding="utf-8").read()
    section = text[text.index(BEGIN):text.index(END)]
    measured = re.search(r"Measured (.+?) with", section).group(1)
    panels = []
    for block in re.split(r"^### ", section, flags=re.M)[1:]:
        title = block.splitlines()[0].strip()
        rows = re.findall(r"^\| (\d+) \| (\w+) \| ([\d,]+) \|", block, re.M)
        if rows:
            panels.append((title, [(int(c), t, float(r.replace(",", ""))) for c, t, r in rows]))
    if not panels:
        raise ValueError(f"{docs}: no gateway tables between the markers")
    figure, axes = plt.subplots(1, len(panels), figsize=(WIDTH, HEIGHT), squeeze=False)
    for axis, (title, rows) in zip(axes[0], panels):
        conns = sorted({c for c, _, _ in rows})
        targets = [t for t in TARGET_COLORS if any(r[1] == t for r in rows)]
        bar = 0.8 / len(targets)
        for i, target in enumerate(targets):
            values = [next((r for c2, t, r in rows if c2 == c and t == target), 0) for c in conns]
            axis.bar([x + (i - (len(targets) - 1) / 2) * bar for x in range(len(conns))], values, bar,
                     label=target, color=TARGET_COLORS[target])
        axis.set_xticks(range(len(conns)), [f"{c} conns" for c in conns])
        axis.set_title(re.sub(r"\s*\(`GET (/\w+)`.*", r" (\1)", title), fontsize=10)
        axis.set_ylabel("requests/s (median of rounds)")
        axis.grid(axis="y", alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle(f"Gateway throughput, measured {measured} (eng/bench/gateway.sh)", fontsize=10)
    save(figure, out)


def cold_start(samples_path, out):
    samples = json.load(open(samples_path, encoding="utf-8"))
    figure, axis = plt.subplots(figsize=(WIDTH, HEIGHT))
    for key, label, color in (("firstLoad", "cold: first load of each", "#1565c0"),
                              ("afterUnload", "cold: after unload + collect", "#6a1b9a"),
                              ("warm", "warm call", "#9e9e9e")):
        values = sorted(samples[key])
        if values:
            axis.step(values, [(i + 1) / len(values) for i in range(len(values))], where="post", label=f"{label} (n={len(values)})", color=color)
    for limit, name in ((10, "p50 target 10 ms"), (30, "p99 target 30 ms")):
        axis.axvline(limit, color="#c62828", linestyle="--", linewidth=1)
        axis.text(limit * 1.04, 0.5, name, color="#c62828", fontsize=8, rotation=90, va="center")
    axis.set_xscale("log")
    axis.set_xlabel("time to first response, ms (log scale)")
    axis.set_ylabel("share of calls at or below")
    axis.grid(alpha=0.3, which="both")
    axis.legend(fontsize=8, loc="upper left")
    axis.set_title(f"Functions cold start, {samples['count']} functions, load average {samples['loadAverage'].split()[0]} "
                   "(eng/bench/functions-cold-start.sh)", fontsize=10)
    save(figure, out)


def last_json(path):
    lines = [line for line in open(path, encoding="utf-8").read().splitlines() if line.startswith("{")]
    if not lines:
        raise ValueError(f"{path}: no JSON line")
    return json.loads(lines[-1])


def control_plane(paths, out, labels=None):
    runs = [last_json(p) for p in paths]
    labels = labels or [f"run {i + 1}" for i in range(len(runs))]
    figure, axis = plt.subplots(figsize=(WIDTH, HEIGHT))
    tallest = max(sum(run["phases"].get(p, 0) for p in PHASE_COLORS) for run in runs)
    for x, run in enumerate(runs):
        bottom = 0.0
        for phase, color in PHASE_COLORS.items():
            seconds = run["phases"].get(phase, 0)
            axis.bar(x, seconds, 0.55, bottom=bottom, color=color, label=phase if x == 0 else None)
            if seconds >= 0.06 * tallest:
                axis.text(x, bottom + seconds / 2, f"{phase} {seconds:.1f}", ha="center", va="center", fontsize=8, color="white")
            bottom += seconds
        axis.text(x, bottom + 0.01 * tallest, f"{run['target']['seconds']:.1f} s, {run['peakWorkingSetMb']:.0f} MB", ha="center", fontsize=8)
    axis.axhline(10, color="#c62828", linestyle="--", linewidth=1)
    axis.text(len(runs) - 0.6, 10 + 0.01 * tallest, "target 10 s", color="#c62828", fontsize=8, ha="right")
    axis.set_xticks(range(len(runs)), labels, fontsize=8)
    axis.set_ylabel("seconds")
    axis.grid(axis="y", alpha=0.3)
    axis.legend(fontsize=8, loc="upper right")
    axis.set_title(f"Control plane, {runs[0]['apps']:,} apps: parse, map, render, reconcile (eng/bench/control-plane.sh)", fontsize=10)
    save(figure, out)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    kind = argv[0]
    if kind == "gateway":
        gateway(argv[1], argv[2])
    elif kind == "cold-start":
        cold_start(argv[1], argv[2])
    elif kind == "control-plane":
        # Inputs may be labelled: "label=path" (the last "=" separates them).
        pairs = [a.rsplit("=", 1) if "=" in a else (None, a) for a in argv[1:-1]]
        control_plane([p for _, p in pairs], argv[-1], [l or f"run {i + 1}" for i, (l, _) in enumerate(pairs)])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
