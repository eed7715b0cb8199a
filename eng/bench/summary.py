"""Prints every target of the benchmark harness as met or missed, with its figure, from the outputs
eng/bench/all.sh wrote into one results folder; with --docs, also rewrites the table of the last full
run in docs/benchmarks.md (between its markers).

Usage: summary.py <results folder> [--docs <docs/benchmarks.md> --seconds <total> --load <uptime line>]"""
import argparse
import datetime
import json
import os
import platform
import re
import sys

BEGIN, END = "<!-- summary:begin -->", "<!-- summary:end -->"
PARTS = ["gateway", "cold-start", "throughput", "deploy", "control-plane", "plugin-load", "micro", "charts"]


def text(folder, part):
    path = os.path.join(folder, part + ".txt")
    if os.path.exists(os.path.join(folder, part + ".failed")):
        return None
    return open(path, encoding="utf-8").read() if os.path.exists(path) else None


def last_json(folder, part):
    body = text(folder, part)
    if body is None:
        return None
    lines = [l for l in body.splitlines() if l.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def gateway_rows(body):
    """One row per proxy, backend and concurrency from gateway_report.py's ratio tables."""
    rows, backend = [], None
    for line in body.splitlines():
        if line.startswith("### "):
            backend = "trivial backend" if "Trivial" in line else "~200 µs backend" if "CPU" in line else line[4:]
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        # | conns | proxy | proxy/nginx | per round | nginx/direct | proxy/direct | added nginx | added proxy | difference | throughput | p99 |
        if len(cells) != 11 or not cells[0].isdigit():
            continue
        conns, proxy, ratio, spread, _, to_direct, _, _, difference, throughput, p99 = cells
        goal = re.search(r"≥ ([\d.]+×)", throughput)
        rows.append(("gateway", f"{proxy} ÷ nginx, {backend}, {conns} conns",
                     f"{ratio} (rounds {spread}; {to_direct} of direct)", f"≥ {goal.group(1) if goal else '?'}",
                     throughput.startswith("met")))
        rows.append(("gateway", f"{proxy} p99 − nginx p99, {backend}, {conns} conns", difference, "≤ 0 ms", p99.startswith("met")))
    return rows


def collect(folder):
    """(part, what, figure, target, met: True/False/None for information only)."""
    rows = []
    if (gateway := text(folder, "gateway")) is not None:
        rows += gateway_rows(gateway)
    if (cold := text(folder, "cold-start")) is not None and (m := re.search(r"cold, all\s+n=\s*(\d+)\s+p50\s+([\d.]+) ms\s+p95\s+[\d.]+ ms\s+p99\s+([\d.]+) ms", cold)):
        n, p50, p99 = int(m.group(1)), float(m.group(2)), float(m.group(3))
        rows.append(("cold-start", f"functions cold start p50, {n} cold starts", f"{p50:.2f} ms", "< 10 ms", p50 < 10))
        rows.append(("cold-start", f"functions cold start p99, {n} cold starts", f"{p99:.2f} ms", "< 30 ms", p99 < 30))
    if (throughput := text(folder, "throughput")) is not None:
        for m in re.finditer(r"- (\d+) conns: Strata through the (service address|gateway) / \(nginx \+ Kestrel\) = \*\*([\d.]+)×\*\*(?: \(rounds ([\d.]+)–([\d.]+))?", throughput):
            ratio = float(m.group(3))
            rounds = f" (rounds {m.group(4)}–{m.group(5)})" if m.group(4) else ""
            # The target is issue 7's, for the function's own address; the gateway path is reported beside it.
            target, met = ("≥ 1.0×", ratio >= 1.0) if m.group(2) == "service address" else ("(reported)", None)
            rows.append(("throughput", f"functions warm throughput through the {m.group(2)}, Strata ÷ (nginx + Kestrel), {m.group(1)} conns", f"{ratio:.2f}×{rounds}", target, met))
    if (deploy := last_json(folder, "deploy")) is not None:
        f, s = deploy["function"], deploy["twoServiceApp"]
        for label, d, limit in (("function (`samples/hello-function`)", f, 5), ("two-service app (`samples/storefront`)", s, 10)):
            rows.append(("deploy", f"deploy, {label}, first", f"{d['firstSeconds']} s", f"< {limit} s", d["firstSeconds"] < limit))
            rows.append(("deploy", f"deploy, {label}, incremental", f"{d['incrementalSeconds']} s", f"< {limit} s", d["incrementalSeconds"] < limit))
    if (cp := last_json(folder, "control-plane")) is not None:
        t = cp["target"]
        rows.append(("control-plane", f"control plane, {cp['apps']:,} apps parsed, mapped, rendered, reconciled", f"{t['seconds']} s", f"< {t['limitSeconds']} s", t["seconds"] < t["limitSeconds"]))
        rows.append(("control-plane", "control plane, peak working set", f"{cp['peakWorkingSetMb']} MB", f"< {t['limitMb']} MB", cp["peakWorkingSetMb"] < t["limitMb"]))
    if (pl := last_json(folder, "plugin-load")) is not None:
        rows.append(("plugin-load", f"host start with {pl['verticals']} bundled verticals ÷ with none", f"{pl['ratio']}× ({pl['bundledSeconds']} s vs {pl['noneSeconds']} s)", "(reported)", None))
    if text(folder, "micro") is not None:
        rows.append(("micro", "micro-benchmarks (naming, parse, map, render, templates)", "BenchmarkDotNet.Artifacts/results/*-report-github.md", "(reported)", None))
    failed = [part for part in PARTS if os.path.exists(os.path.join(folder, part + ".failed"))]
    return rows, failed


def verdict(met):
    return "info  " if met is None else "met   " if met else "MISSED"


def machine():
    """Cores, CPU model and memory of this machine, as gateway_report.py prints them."""
    model, memory = "unknown CPU", "unknown memory"
    try:
        model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo", encoding="utf-8") if l.startswith("model name")), model)
        mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo", encoding="utf-8") if l.startswith("MemTotal:"))
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({model}), {memory}, {platform.system()} {platform.release()}"


def markdown(rows, failed, args):
    when = datetime.datetime.now(datetime.timezone.utc)
    out = [f"Last full run: {when:%Y-%m-%d %H:%M} UTC, `bash eng/bench/all.sh`"
           + (f", {int(args.seconds) // 60} min {int(args.seconds) % 60} s in all" if args.seconds else "")
           + (f"; load at its start: {args.load}" if args.load else "") + f"; machine: {machine()}.", "",
           "| part | what | measured | target | verdict |", "|---|---|---|---|---|"]
    for part, what, figure, target, met in rows:
        out.append(f"| {part} | {what} | {figure} | {target} | {'–' if met is None else '**met**' if met else '**missed**'} |")
    for part in failed:
        out.append(f"| {part} | the part failed (see its log in the results folder) | – | – | **failed** |")
    return "\n".join(out) + "\n"


def write_docs(path, section):
    text_ = open(path, encoding="utf-8").read()
    if BEGIN not in text_ or END not in text_:
        raise SystemExit(f"{path}: no {BEGIN} … {END} markers")
    start, end = text_.index(BEGIN), text_.index(END) + len(END)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text_[:start] + f"{BEGIN}\n{section}{END}" + text_[end:])


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("folder")
    p.add_argument("--docs")
    p.add_argument("--seconds", type=float)
    p.add_argument("--load", default="")
    args = p.parse_args()
    rows, failed = collect(args.folder)
    lines = [f"{verdict(met)} {part}: {what}: {figure} (target {target})" for part, what, figure, target, met in rows]
    lines += [f"FAILED {part}: see {os.path.join(args.folder, part + '.log')}" for part in failed]
    print("\n".join(lines) if lines else "no results")
    if args.docs:
        write_docs(args.docs, markdown(rows, failed, args))
        print(f"wrote the summary table of {args.docs}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
