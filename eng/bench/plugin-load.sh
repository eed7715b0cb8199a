#!/usr/bin/env bash
# Plugin-load benchmark (not a test): how long a host takes from process start until its control
# API answers, with the bundled verticals and with none (an empty plugins folder), interleaved over
# N rounds, each on a fresh data folder. Prints one JSON object with the medians and their ratio.
#
#   bash eng/bench/plugin-load.sh [rounds=5]
#
# BENCH_BUILD=0 reuses the Release build of the CLI already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
source eng/bench/common.sh
# The hosts here start their compiler server at the first build, not with the host (it times the start itself):
# a compiler warming up beside the measured runs would only add noise to them.
export STRATA_Strata__Build__CompilerServer=${STRATA_Strata__Build__CompilerServer:-OnFirstBuild}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
rounds=${1:-5}
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  dotnet build src/Strata.Cli -c Release -nodeReuse:false --nologo -clp:NoSummary -v:q >&2
fi
strata=(dotnet "$PWD/src/Strata.Cli/bin/Release/net10.0/strata.dll")
work=$(mktemp -d /tmp/strata-bench-plugins.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/no-plugins"

# start_once <label> [up args...] → seconds until GET /api/verticals answers, and the vertical count.
start_once() {
  local label=$1 port data pid started ended count
  shift
  port=$(free_port)
  data="$work/data-$label-$RANDOM"
  started=$(date +%s.%N)
  "${strata[@]}" up --port "$port" --data "$data" "$@" >"$work/$label.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    curl -sf -o "$work/verticals.json" "http://127.0.0.1:$port/api/verticals" && break
    sleep 0.02
  done
  ended=$(date +%s.%N)
  count=$(json_get 'len([v for v in d if v.get("state", v.get("status", "")).lower() == "loaded"])' <"$work/verticals.json")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 -c "print(round($ended - $started, 3), $count)"
}

echo "machine: $(nproc) cores; uptime before: $(uptime)" >&2
with=(); without=(); loaded=0
for round in $(seq "$rounds"); do
  read -r seconds loaded < <(start_once bundled)
  with+=("$seconds")
  read -r seconds _ < <(start_once none --plugins "$work/no-plugins")
  without+=("$seconds")
  log "round $round: bundled ${with[-1]} s ($loaded verticals), none ${without[-1]} s"
done
echo "uptime after: $(uptime)" >&2

python3 - "$loaded" "${with[*]}" "${without[*]}" <<'PY'
import json, statistics, sys
loaded = int(sys.argv[1])
bundled = [float(x) for x in sys.argv[2].split()]
none = [float(x) for x in sys.argv[3].split()]
b, n = statistics.median(bundled), statistics.median(none)
print(json.dumps({"verticals": loaded, "bundledSeconds": round(b, 3), "noneSeconds": round(n, 3), "ratio": round(b / n, 2),
                  "addedSeconds": round(b - n, 3), "rounds": {"bundled": bundled, "none": none}}))
PY
