#!/usr/bin/env bash
# Functions cold-start benchmark (not a test): one functions worker, N distinct functions, each
# called first when not loaded (scaled to zero → first response), then warm, then again after all
# were unloaded and collected. Client and worker on 127.0.0.1, one warm keep-alive connection.
# Prints p50/p95/p99 of each, the worker's own load timer, its RSS, and the machine's load.
#
#   bash eng/bench/functions-cold-start.sh [count=200] [handler=Strata.Fixtures.Functions.Greeter]
#
# BENCH_BUILD=0 reuses the Release builds already there. BENCH_SAMPLES=<file> also writes every sample
# (ms) as JSON there, for the harness's distribution chart (eng/bench/charts.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
count=${1:-200}
handler=${2:-Strata.Fixtures.Functions.Greeter}

if [ "${BENCH_BUILD:-1}" != 0 ]; then
  # Functions are built Release, as the vertical builds them (Debug IL compiles faster in a
  # collectible context, so Release is the honest figure).
  for project in plugins/Strata.Verticals.Functions.Worker tests/fixtures/Strata.Fixtures.Functions eng/bench/Strata.Bench.FunctionsColdStart; do
    dotnet build "$project" -c Release -nodeReuse:false --nologo -clp:NoSummary -v:q >&2
  done
fi

echo "machine: $(nproc) cores; uptime before: $(uptime)"
dotnet eng/bench/Strata.Bench.FunctionsColdStart/bin/Release/net10.0/Strata.Bench.FunctionsColdStart.dll \
  plugins/Strata.Verticals.Functions.Worker/bin/Release/net10.0/Strata.Verticals.Functions.Worker.dll \
  tests/fixtures/Strata.Fixtures.Functions/bin/Release/net10.0 "$count" "$handler"
echo "uptime after: $(uptime)"
