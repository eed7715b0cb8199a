#!/usr/bin/env bash
# First-deploy benchmark (not a test): the function's (samples/hello-function) first deploy on a freshly
# started host, made as soon as the host answers, for each of a list of host settings in turn, for a number
# of rounds — so that settings are compared in the same period of a shared machine. Prints one line per
# deploy: the deploy's wall time, the build step's time (host log), the compiler server's start or warm-up
# time (host log), how long the host took to answer, and the load average before and after.
#
#   bash eng/bench/deploy-first.sh                       # 3 rounds of OnFirstBuild, OnStart, OnStartCold
#   ROUNDS=5 VARIANTS="OnFirstBuild OnStart" bash eng/bench/deploy-first.sh
#
# Variants: OnFirstBuild, OnStart (warmed, the default), OnStartCold (OnStart, WarmCompilerServer=false), Off.
# BENCH_BUILD=0 reuses the Release build of the CLI already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
source eng/bench/common.sh
bench_strata_cli   # sets strata=(dotnet …/strata.dll), built in Release unless BENCH_BUILD=0
work=
host_pid=
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
  [ -n "$work" ] && rm -rf "$work"
  return 0
}
trap cleanup EXIT

elapsed() { python3 -c "print(round($2 - $1, 2))"; }
echo "machine: $(nproc) cores" >&2
for round in $(seq 1 "${ROUNDS:-3}"); do
  for variant in ${VARIANTS:-OnFirstBuild OnStart OnStartCold}; do
    case $variant in
      OnStartCold) settings=(STRATA_Strata__Build__CompilerServer=OnStart STRATA_Strata__Build__WarmCompilerServer=false) ;;
      *) settings=("STRATA_Strata__Build__CompilerServer=$variant") ;;
    esac
    work=$(mktemp -d /tmp/strata-bench-first.XXXXXX)
    port=$(free_port)
    launched=$(date +%s.%N)
    env "${settings[@]}" "${strata[@]}" up --port "$port" --data "$work/data" >"$work/host.log" 2>&1 &
    host_pid=$!
    wait_for "http://127.0.0.1:$port/api/verticals" 120
    ready=$(elapsed "$launched" "$(date +%s.%N)")
    cp -r samples/hello-function "$work/"
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    started=$(date +%s.%N)
    STRATA_SERVER="http://127.0.0.1:$port" "${strata[@]}" deploy "$work/hello-function" >"$work/deploy.out" 2>&1 || { cat "$work/deploy.out" >&2; exit 1; }
    first=$(elapsed "$started" "$(date +%s.%N)")
    load_after=$(cut -d' ' -f1 /proc/loadavg)
    step=$(grep -o 'Step package succeeded in [0-9]* ms' "$work/host.log" | head -n 1 | grep -o '[0-9]* ms' || true)
    server=$(grep -o 'Compiler server [^ ]* started[a-z ]* in [0-9]* ms' "$work/host.log" | grep -o '[0-9]* ms' || true)
    echo "round $round $variant: first deploy ${first} s, build step ${step:-?}, compiler server ${server:-not started by the host}, host answered after ${ready} s, load ${load_before} -> ${load_after}"
    kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=
    rm -rf "$work"; work=
  done
done
