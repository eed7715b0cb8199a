#!/usr/bin/env bash
# The whole benchmark harness in one command (not tests): gateway vs nginx vs direct, functions cold
# start and warm throughput, deploy times, control-plane scale, plugin load, micro-benchmarks.
# Each part's output goes to eng/bench/results/<time>/<part>.txt (not committed); the end prints
# every target as met or missed with its figure. With BENCH_DOCS=1 (the default) the gateway part
# rewrites its section of docs/benchmarks.md as it always does, a run of every part rewrites the
# table of the last full run there (eng/bench/summary.py), and the run ends by redrawing the charts
# the docs show (docs/benchmarks/*.png, eng/bench/charts.py: matplotlib, see eng/setup.sh) from this
# run's figures; BENCH_DOCS=0 leaves the docs alone. Run it on a quiet machine: everything shares two cores.
#
#   bash eng/bench/all.sh
#
# BENCH_PARTS="gateway cold-start throughput deploy control-plane plugin-load micro" picks parts.
set -uo pipefail
cd "$(dirname "$0")/../.."
source eng/bench/common.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
parts=${BENCH_PARTS:-gateway cold-start throughput deploy control-plane plugin-load micro}
docs=${BENCH_DOCS:-1}
out=eng/bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
load=$(uptime | sed 's/.*load average: //')
log "results in $out; machine: $(nproc) cores; load average $load"
started=$(date +%s)

run() { # part command...
  local part=$1 begin
  shift
  [[ " $parts " == *" $part "* ]] || return 0
  begin=$(date +%s)
  log "$part ..."
  if "$@" >"$out/$part.txt" 2>"$out/$part.log"; then
    log "$part done in $(( $(date +%s) - begin )) s"
  else
    log "$part FAILED (see $out/$part.log)"; echo failed >"$out/$part.failed"
  fi
}

# Short rounds keep the whole run under 15 minutes on two cores.
run gateway env BENCH_DURATION=${BENCH_DURATION:-4s} BENCH_ROUNDS=${BENCH_ROUNDS:-4} BENCH_WARMUP=2s BENCH_DOCS=$docs bash eng/bench/gateway.sh
run cold-start env BENCH_SAMPLES="$PWD/$out/cold-start.samples.json" bash eng/bench/functions-cold-start.sh 200
run throughput env BENCH_DURATION=${BENCH_DURATION:-4s} bash eng/bench/functions-throughput.sh
run deploy bash eng/bench/deploy.sh
run control-plane bash eng/bench/control-plane.sh 20000 500
run plugin-load bash eng/bench/plugin-load.sh 5
run micro bash eng/bench/micro.sh --filter '*'

# The charts of docs/benchmarks.md from this run (the gateway's is drawn by gateway.sh with its section).
charts() {
  mkdir -p docs/benchmarks
  if [ -f "$out/cold-start.samples.json" ]; then
    bench_chart cold-start "$out/cold-start.samples.json" docs/benchmarks/cold-start.png || return 1
  fi
  if [ -f "$out/control-plane.txt" ] && [ ! -f "$out/control-plane.failed" ]; then
    bench_chart control-plane "$(date -u +%H:%M)=$out/control-plane.txt" docs/benchmarks/control-plane.png || return 1
  fi
}
if [ "$docs" = 1 ]; then parts="$parts charts"; run charts charts; fi

total=$(( $(date +%s) - started ))
log "all parts in $total s"
summary_args=("$out")
# The table of the last full run in docs/benchmarks.md; a run of some parts leaves it alone.
if [ "$docs" = 1 ] && [ -z "${BENCH_PARTS:-}" ]; then summary_args+=(--docs docs/benchmarks.md --seconds "$total" --load "$load"); fi
python3 eng/bench/summary.py "${summary_args[@]}"
