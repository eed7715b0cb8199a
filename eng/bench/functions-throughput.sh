#!/usr/bin/env bash
# Functions warm-throughput benchmark (not a test): samples/hello-function deployed on Strata (the
# Functions vertical's worker, through the gateway) vs the same handler class in a plain Kestrel app
# behind nginx (the set-up a user would build by hand), measured in the same run with wrk, in
# interleaved rounds. Also measures each backend direct (no proxy) for reference. Prints
# requests/s, p50/p99 (medians over the rounds) and the ratio Strata / (nginx + Kestrel).
#
#   bash eng/bench/functions-throughput.sh
#
# Knobs: BENCH_DURATION=6s BENCH_ROUNDS=3 BENCH_CONCURRENCY="20" BENCH_BUILD=0 (reuse Release builds).
# All traffic goes to 127.0.0.1; everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
duration=${BENCH_DURATION:-6s}
rounds=${BENCH_ROUNDS:-3}
concurrency=${BENCH_CONCURRENCY:-20}
# shellcheck source=eng/bench/common.sh
source eng/bench/common.sh
# The hosts here start their compiler server at the first build, not with the host (it measures after its deploy):
# a compiler warming up beside the measured runs would only add noise to them.
export STRATA_Strata__Build__CompilerServer=${STRATA_Strata__Build__CompilerServer:-OnFirstBuild}
bench_require_tools

if [ "${BENCH_BUILD:-1}" != 0 ]; then
  log "building the Strata CLI and the plain Kestrel reference (Release)"
  for p in src/Strata.Cli eng/bench/Strata.Bench.FunctionKestrel; do
    out=$(dotnet build "$p" -c Release --nologo -v:quiet -clp:NoSummary -nodeReuse:false 2>&1) || { printf '%s\n' "$out" >&2; exit 1; }
  done
fi
cli_dll=$repo/src/Strata.Cli/bin/Release/net10.0/strata.dll
kestrel_dll=$repo/eng/bench/Strata.Bench.FunctionKestrel/bin/Release/net10.0/Strata.Bench.FunctionKestrel.dll

work=$(mktemp -d /tmp/strata-fn-bench.XXXXXX)
host_pid=""; nginx_pid=""; kestrel_pid=""
cleanup() {
  local status=$?
  for p in $nginx_pid $kestrel_pid $host_pid; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 50); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.1; done
  for p in $nginx_pid $kestrel_pid $host_pid; do kill -9 "$p" 2>/dev/null || true; done
  if [ $status -ne 0 ] && [ -f "$work/host.log" ]; then log "host log (last lines):"; tail -n 20 "$work/host.log" >&2; fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Strata: the host with its bundled verticals, hello-function deployed ---------------------------
cp -r samples/hello-function "$work/app"
host_port=$(free_port); host_url=http://127.0.0.1:$host_port
log "starting the Strata host on $host_url"
dotnet "$cli_dll" up --port "$host_port" --data "$work/data" >"$work/host.log" 2>&1 &
host_pid=$!
wait_for "$host_url/api/verticals" 60
log "deploying samples/hello-function"
curl -sf -X POST -H 'Content-Type: application/json' -d "{\"path\": \"$work/app\"}" "$host_url/api/apps/hello-function/deploy" >"$work/deploy.json" \
  || { log "deploy failed: $(cat "$work/deploy.json" 2>/dev/null)"; exit 1; }
worker=""
for _ in $(seq 600); do
  status=$(curl -sf "$host_url/api/apps/hello-function/status?vertical=functions" || true)
  if [ -n "$status" ] && [ "$(json_get "d['services'][0]['replicas'][0]['state'] if d['services'] and d['services'][0]['replicas'] else ''" <<<"$status")" = Ready ]; then
    worker=$(json_get "d['services'][0]['replicas'][0]['endpoint']" <<<"$status"); worker=${worker%/}
    service=$(json_get "d['services'][0]['uri']" <<<"$status"); service=${service%/}
    break
  fi
  sleep 0.1
done
[ -n "$worker" ] || { log "the function's worker never became ready"; exit 1; }

# --- by hand: the same handler in plain Kestrel, nginx in front (upstream keep-alive) ---------------
kestrel_port=$(free_port)
PORT=$kestrel_port GREETING="Hello from Strata" Logging__Console__FormatterName=simple dotnet "$kestrel_dll" >"$work/kestrel.log" 2>&1 &
kestrel_pid=$!
wait_for "http://127.0.0.1:$kestrel_port/healthz" 30
nginx_port=$(free_port)
write_nginx_conf "$work/nginx" "127.0.0.1:$kestrel_port" "$nginx_port"
"$nginx_bin" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
wait_for "http://127.0.0.1:$nginx_port/healthz" 10

url_of() {
  case $1 in
    strata) echo "$host_url/apps/functions/hello-function/?name=bench" ;;
    service) echo "$service/?name=bench" ;;
    nginx-kestrel) echo "http://127.0.0.1:$nginx_port/?name=bench" ;;
    worker) echo "$worker/?name=bench" ;;
    kestrel) echo "http://127.0.0.1:$kestrel_port/?name=bench" ;;
  esac
}
targets="service strata nginx-kestrel worker kestrel"
for t in $targets; do
  answer=$(curl -sf "$(url_of "$t")") || { log "$t does not answer"; exit 1; }
  [ "$answer" = "Hello from Strata, bench!" ] || { log "$t answers '$answer'"; exit 1; }
  wrk -t1 -c20 -d2s "$(url_of "$t")" >/dev/null
done

results=$work/results; mkdir -p "$results"
for r in $(seq "$rounds"); do
  for c in $concurrency; do
    for t in $targets; do
      wrk -t1 -c"$c" -d"$duration" --latency "$(url_of "$t")" >"$results/${t}_c${c}_r${r}.txt"
      log "round $r c=$c $t: $(grep -E 'Requests/sec' "$results/${t}_c${c}_r${r}.txt" | tr -s ' ')"
    done
  done
done

python3 - "$results" "$rounds" "$concurrency" "$duration" <<'PY'
import re, statistics, sys, os
results, rounds, conc, duration = sys.argv[1], int(sys.argv[2]), [int(c) for c in sys.argv[3].split()], sys.argv[4]
units = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
def lat(t):
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", t); return float(m.group(1)) * units[m.group(2)]
def parse(p):
    x = open(p).read()
    errs = sum(int(g) for g in re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", x).groups()) if "Socket errors" in x else 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", x): errs += int(m.group(1))
    return (float(re.search(r"Requests/sec:\s+([\d.]+)", x).group(1)), lat(re.search(r"^\s+50%\s+(\S+)", x, re.M).group(1)),
            lat(re.search(r"^\s+99%\s+(\S+)", x, re.M).group(1)), errs)
names = {"service": "Strata, the function's service address (worker accepts itself)", "strata": "Strata (gateway → function worker)", "nginx-kestrel": "nginx → plain Kestrel app",
         "worker": "function worker, direct", "kestrel": "plain Kestrel app, direct"}
print(f"samples/hello-function, wrk -t1 -d{duration}, {rounds} interleaved rounds, medians\n")
print("| conns | target | requests/s | p50 ms | p99 ms | errors |\n|---:|---|---:|---:|---:|---:|")
ratio_lines = []
for c in conc:
    runs = {t: [parse(os.path.join(results, f"{t}_c{c}_r{r}.txt")) for r in range(1, rounds + 1)] for t in names}
    for t, rs in runs.items():
        print(f"| {c} | {names[t]} | {statistics.median(r[0] for r in rs):,.0f} | {statistics.median(r[1] for r in rs):.2f} | "
              f"{statistics.median(r[2] for r in rs):.2f} | {sum(r[3] for r in rs)} |")
    direct = [s[0] / n[0] for s, n in zip(runs["service"], runs["nginx-kestrel"])]
    ratio_lines.append(f"- {c} conns: Strata through the service address / (nginx + Kestrel) = **{statistics.median(direct):.2f}×** (rounds {min(direct):.2f}–{max(direct):.2f}; target ≥ 1.0×)")
    per = [s[0] / n[0] for s, n in zip(runs["strata"], runs["nginx-kestrel"])]
    ratio_lines.append(f"- {c} conns: Strata through the gateway / (nginx + Kestrel) = **{statistics.median(per):.2f}×** (rounds {min(per):.2f}–{max(per):.2f}); "
                       f"worker / Kestrel direct = {statistics.median(a[0] / b[0] for a, b in zip(runs['worker'], runs['kestrel'])):.2f}×")
print("\n" + "\n".join(ratio_lines))
PY
