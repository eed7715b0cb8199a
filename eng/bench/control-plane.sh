#!/usr/bin/env bash
# Control-plane scale benchmark (not a test): parse, map (the real functions vertical), render to
# Kubernetes YAML and reconcile N apps against a SQLite state store, in one process, no app runs.
# Prints one JSON object (seconds per phase, the target sum against 10 s, peak working set against
# 2 GB, and the per-deploy cost of a durable state-store record) and the machine's load.
#
#   bash eng/bench/control-plane.sh [apps=20000] [recorded-through-the-store=500]
#
# BENCH_BUILD=0 reuses the Release build already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
apps=${1:-20000}
recorded=${2:-500}
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  dotnet build eng/bench/Strata.Bench.ControlPlane -c Release -nodeReuse:false --nologo -clp:NoSummary -v:q >&2
fi
echo "machine: $(nproc) cores; uptime before: $(uptime)" >&2
dotnet eng/bench/Strata.Bench.ControlPlane/bin/Release/net10.0/Strata.Bench.ControlPlane.dll "$apps" "$recorded"
echo "uptime after: $(uptime)" >&2
