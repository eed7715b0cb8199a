#!/usr/bin/env bash
# The whole benchmark harness in one command (not tests): gateway vs nginx vs direct, functions cold
# start and warm throughput, deploy times, control-plane scale, plugin load, micro-benchmarks.
# Each part's output goes to eng/bench/results/<time>/<part>.txt (not committed); the end prints
# every target as met or missed with its figure. The gateway part rewrites its section of
# docs/benchmarks.md as it always does. Run it on a quiet machine: everything shares two cores.
#
#   bash eng/bench/all.sh
#
# BENCH_PARTS="gateway cold-start throughput deploy control-plane plugin-load micro" picks parts.
set -uo pipefail
cd "$(dirname "$0")/../.."
source eng/bench/common.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
parts=${BENCH_PARTS:-gateway cold-start throughput deploy control-plane plugin-load micro}
out=eng/bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
log "results in $out; machine: $(nproc) cores; $(uptime)"
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
run gateway env BENCH_DURATION=${BENCH_DURATION:-4s} BENCH_WARMUP=2s BENCH_DOCS=1 bash eng/bench/gateway.sh
run cold-start bash eng/bench/functions-cold-start.sh 200
run throughput env BENCH_DURATION=${BENCH_DURATION:-4s} bash eng/bench/functions-throughput.sh
run deploy bash eng/bench/deploy.sh
run control-plane bash eng/bench/control-plane.sh 20000 500
run plugin-load bash eng/bench/plugin-load.sh 5
run micro bash eng/bench/micro.sh --filter '*'

log "all parts in $(( $(date +%s) - started )) s"
python3 eng/bench/summary.py "$out"
