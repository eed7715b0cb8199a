#!/usr/bin/env python3
"""Reads the wrk outputs of eng/bench/gateway.sh (its report, used by no other script), prints the results table with the ratios and the
targets, and (with --docs) rewrites the gateway section of docs/benchmarks.md between its markers."""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import sys

BEGIN, END = "<!-- gateway:begin -->", "<!-- gateway:end -->"
ENDPOINT_TITLES = {
    "trivial": "Trivial backend (`GET /trivial`, a 2-byte text answer)",
    "work": "CPU backend (`GET /work`, ~200 µs of CPU work per request)",
}
# Targets of issue 3: the gateway's throughput as a share of nginx's, per backend.
THROUGHPUT_TARGET = {"trivial": 0.90, "work": 0.95}
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
# The Strata gateway in its two modes, and the service's stable address (the replica accepts its connections
# itself: the hop removed where no route is needed), each held to the targets against nginx.
PROXIES = ("gateway", "process", "service")


def parse_latency(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(path):
    """requests/s, p50 and p99 in ms, requests, errors (socket errors + non-2xx/3xx)."""
    text = open(path, encoding="utf-8").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = parse_latency(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
    p99 = parse_latency(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    errors = 0
    if socket := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        errors += sum(int(g) for g in socket.groups())
    if non2xx := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        errors += int(non2xx.group(1))
    return {"rps": rps, "p50": p50, "p99": p99, "requests": requests, "errors": errors}


def load_run(base, target):
    run = parse_wrk(base + ".txt")
    cpu = json.load(open(base + ".cpu.json", encoding="utf-8"))
    seconds = cpu["proxy_cpu_ticks"] / cpu["clk_tck"]
    run["proxy_us"] = seconds * 1e6 / run["requests"] if run["requests"] and target != "direct" else None
    ours = cpu["proxy_cpu_ticks"] + cpu["backend_cpu_ticks"] + cpu["wrk_cpu_ticks"]
    wall_ticks = cpu["wall_ns"] / 1e9 * cpu["clk_tck"]
    run["other_cpu"] = max(cpu["busy_ticks"] - ours, 0) / wall_ticks * 100 if wall_ticks else None
    return run


def median_of(runs):
    """The median of each figure over the rounds (errors: the sum); rps per round kept for ratios."""
    merged = {"rounds_rps": [r["rps"] for r in runs], "rounds_p99": [r["p99"] for r in runs], "errors": sum(r["errors"] for r in runs)}
    for key in ("rps", "p50", "p99", "proxy_us", "other_cpu"):
        values = [r[key] for r in runs if r[key] is not None]
        merged[key] = statistics.median(values) if values else None
    return merged


def load(results, endpoints, targets, concurrency, rounds):
    data = {}
    for ep in endpoints:
        for c in concurrency:
            for t in targets:
                runs = [load_run(base, t) for base in (os.path.join(results, f"{ep}_{t}_c{c}_r{r}") for r in range(1, rounds + 1))
                        if os.path.exists(base + ".txt")]
                if runs:
                    data[(ep, c, t)] = median_of(runs)
    return data


def fmt_ms(v):
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def fmt_ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "–"


def table(ep, data, targets, concurrency):
    """One markdown table per backend, and the verdicts of its targets."""
    lines = [
        "| conns | target | requests/s | p50 ms | p99 ms | proxy CPU µs/req | errors | other CPU % |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for c in concurrency:
        for t in targets:
            r = data.get((ep, c, t))
            if r:
                cpu = f"{r['proxy_us']:.0f}" if r["proxy_us"] is not None else "–"
                other = f"{r['other_cpu']:.0f}" if r["other_cpu"] is not None else "–"
                lines.append(f"| {c} | {t} | {r['rps']:,.0f} | {fmt_ms(r['p50'])} | {fmt_ms(r['p99'])} | {cpu} | {r['errors']} | {other} |")
    proxies = [t for t in PROXIES if t in targets]
    lines += ["", "| conns | proxy | proxy/nginx | per round | nginx/direct | proxy/direct | p99 added by nginx | p99 added by proxy | proxy p99 − nginx p99, per round | throughput target | p99 target |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    verdicts = []
    for c in concurrency:
        for proxy in proxies:
            d, n, g = (data.get((ep, c, t)) for t in ("direct", "nginx", proxy))
            if not (n and g):
                continue
            # Each round's proxy run against the same round's nginx run: how much the ratio moves.
            per_round = [gr / nr for gr, nr in zip(g["rounds_rps"], n["rounds_rps"]) if nr]
            goal = THROUGHPUT_TARGET[ep]
            share = g["rps"] / n["rps"]
            throughput = f"{'met' if share >= goal else 'missed'} (≥ {goal:.2f}×)"
            if d:
                added = (f"{n['p99'] - d['p99']:+.2f} ms", f"{g['p99'] - d['p99']:+.2f} ms")
            else:
                added = ("–", "–")
            # "p99 added by the proxy ≤ p99 added by nginx" is "proxy p99 ≤ nginx p99" on the same backend;
            # it is judged on the difference within each round (both ran minutes apart at most, under the
            # same load), whose median decides and whose range says how far one round can be trusted.
            paired = [gp - np for gp, np in zip(g["rounds_p99"], n["rounds_p99"])]
            excess = statistics.median(paired)
            p99 = "met" if excess <= 0 else "missed"
            if len(paired) > 1 and min(paired) <= 0 < max(paired):
                p99 += f" (rounds split {sum(x <= 0 for x in paired)}/{len(paired)})"
            spread = f" ({min(paired):+.2f}…{max(paired):+.2f})" if len(paired) > 1 else ""
            difference = f"{excess:+.2f} ms{spread}"
            verdicts.append((proxy, c, share >= goal, excess <= 0))
            rps_spread = f"{min(per_round):.2f}–{max(per_round):.2f}" if len(per_round) > 1 else "–"
            lines.append(f"| {c} | {proxy} | {fmt_ratio(g['rps'], n['rps'])} | {rps_spread} | {fmt_ratio(n['rps'], d and d['rps'])} | "
                         f"{fmt_ratio(g['rps'], d and d['rps'])} | {added[0]} | {added[1]} | {difference} | {throughput} | {p99} |")
    return lines, verdicts


def machine():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo", encoding="utf-8") if l.startswith("MemTotal:"))
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except OSError:
        memory = "unknown memory"
    return f"{os.cpu_count()} cores ({model}), {memory}, {platform.system()} {platform.release()}"


def render(args, data):
    endpoints, targets, concurrency = args.endpoints.split(), args.targets.split(), [int(c) for c in args.concurrency.split()]
    out = [
        f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC with",
        "",
        "```sh",
        args.command,
        "```",
        "",
        f"- machine: {machine()}",
        f"- .NET: {args.dotnet}",
        f"- load and reference: {args.tools}; `wrk -t1 -c<conns> -d{args.duration} --latency`, one process per target, all on 127.0.0.1",
        f"- rounds: {args.rounds}; each round runs every target once at each concurrency, and the tables give the median over the rounds"
        " (errors: the sum); *per round* is the lowest and highest of the rounds' own proxy/nginx ratios",
        "- p99 target: the proxy's p99 minus nginx's in the same round (the backend's own p99 cancels out), as the median over"
        " the rounds with the lowest and highest; met when the median is ≤ 0. *rounds split* says some rounds went the other way:"
        " on two shared cores one round's p99 moves by a millisecond or more",
        "- targets: **direct** = the replica the Local runtime runs (`eng/bench/Strata.Bench.Backend`);"
        " **nginx** = Debian's nginx in front of that same replica (upstream keepalive 64, HTTP/1.1);"
        " **process** = `strata up` in gateway mode Process (the default: the public port is the gateway process's) serving"
        " its own replica of the same backend at `/apps/bench/bench/…`; **gateway** (when run) = a second `strata up` in"
        " gateway mode InProcess (`Strata:Gateway:Mode=InProcess`) serving the replica the other targets use;"
        " **service** = the stable address of that replica's service on the same host (what discovery URLs name):"
        " the replica, built with `Strata.Hosting`, accepts those connections itself from the socket the Local runtime lends it,"
        " so no proxy is in between",
        "- proxy CPU µs/req: user+system CPU time of the proxy's processes (nginx master and workers; the whole"
        " Strata host process; for process, the host and its gateway process; for service, the host that owns the address) during the run, divided by the requests served",
        f"- other CPU %: CPU the machine spent during the run on processes outside the benchmark (of {(os.cpu_count() or 1) * 100} %);"
        " high values mean the run shared the cores with other work and its numbers are low and noisy",
    ]
    if args.host_env:
        out.append(f"- host process environment: `{args.host_env}`")
    summary = []
    for ep in endpoints:
        lines, verdicts = table(ep, data, targets, concurrency)
        out += ["", f"### {ENDPOINT_TITLES.get(ep, ep)}", "", *lines]
        for proxy in PROXIES:
            mine = [(c, ok, p99) for p, c, ok, p99 in verdicts if p == proxy]
            if not mine:
                continue
            met = [str(c) for c, ok, _ in mine if ok]
            p99_met = [str(c) for c, _, ok in mine if ok]
            summary.append(f"- {ep}, {proxy}: throughput ≥ {THROUGHPUT_TARGET[ep]:.2f}× nginx "
                           f"**{'met' if len(met) == len(mine) else 'missed'}** (met at {', '.join(met) or 'no'} conns); "
                           f"p99 added ≤ nginx's **{'met' if len(p99_met) == len(mine) else 'missed'}** "
                           f"(met at {', '.join(p99_met) or 'no'} conns)")
    if summary:
        out += ["", "Targets of issue 3:", "", *summary]
    return "\n".join(out) + "\n"


def write_docs(path, section):
    block = f"{BEGIN}\n{section}{END}"
    if os.path.exists(path):
        text = open(path, encoding="utf-8").read()
    else:
        text = "# Benchmarks\n\n## Gateway\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN in text and END in text:
        start, end = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + block + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n## Gateway\n\n" + block + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--results", required=True)
    p.add_argument("--command", required=True)
    p.add_argument("--dotnet", required=True)
    p.add_argument("--tools", required=True)
    p.add_argument("--duration", required=True)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--concurrency", required=True)
    p.add_argument("--endpoints", required=True)
    p.add_argument("--targets", required=True)
    p.add_argument("--host-env", default="")
    p.add_argument("--docs")
    args = p.parse_args()
    section = render(args, load(args.results, args.endpoints.split(), args.targets.split(), [int(c) for c in args.concurrency.split()], args.rounds))
    sys.stdout.write(section)
    if args.docs:
        write_docs(args.docs, section)
        print(f"\nwrote {args.docs}", file=sys.stderr)


if __name__ == "__main__":
    main()
