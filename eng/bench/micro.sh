#!/usr/bin/env bash
# Micro-benchmarks of hot paths with BenchmarkDotNet (not tests): naming, manifest parsing, mapping,
# YAML and JSON rendering, template rendering. A short job, in process (no per-run rebuild of the
# project tree), keeps the whole run to a few minutes;
# the tables are printed and written under BenchmarkDotNet.Artifacts/ (not committed).
#
#   bash eng/bench/micro.sh [BenchmarkDotNet arguments, default: --filter '*']
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
dotnet build eng/bench/Strata.Bench.Micro -c Release -nodeReuse:false --nologo -clp:NoSummary -v:q >&2
echo "machine: $(nproc) cores; uptime before: $(uptime)" >&2
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--filter '*')
dotnet eng/bench/Strata.Bench.Micro/bin/Release/net10.0/Strata.Bench.Micro.dll --job short --inProcess --exporters json markdown \
  --artifacts "$PWD/BenchmarkDotNet.Artifacts" "${args[@]}"
echo "uptime after: $(uptime)" >&2
