#!/usr/bin/env bash
# Deploy benchmark (not a test): source → healthy through a real host on the embedded default, for
# a function (samples/hello-function) and a two-service app (samples/storefront), each deployed
# first and then again after a one-line source change (an incremental build). The time is the wall
# time of 'strata deploy', which returns once the revision serves; the answer through the gateway
# is checked after each deploy. Prints one JSON object with the four times and the targets
# (function < 5 s, service < 10 s).
#
#   bash eng/bench/deploy.sh
#
# BENCH_BUILD=0 reuses the Release build of the CLI already there. BENCH_HOST_LOG=<file> keeps the host's
# log (per-step build timings, rollout) there for a breakdown of the times. BENCH_HOST_ENV="NAME=value ..."
# sets host settings, e.g. STRATA_Strata__Build__CompilerServer=OnFirstBuild for the host's behaviour
# before issue 11's compiler-server start. The first deploy is made as soon as the host answers: it does
# not wait for the host's compiler server (a user's first deploy right after 'strata up').
set -euo pipefail
cd "$(dirname "$0")/../.."
source eng/bench/common.sh
bench_strata_cli   # sets strata=(dotnet …/strata.dll), built in Release unless BENCH_BUILD=0
work=$(mktemp -d /tmp/strata-bench-deploy.XXXXXX)
port=$(free_port)
host_pid=
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
  [ -n "${BENCH_HOST_LOG:-}" ] && cp "$work/host.log" "$BENCH_HOST_LOG"
  rm -rf "$work"
}
trap cleanup EXIT

log "host on 127.0.0.1:$port, data in $work/data"
# shellcheck disable=SC2086 # BENCH_HOST_ENV is a list of NAME=value words
env ${BENCH_HOST_ENV:-} "${strata[@]}" up --port "$port" --data "$work/data" >"$work/host.log" 2>&1 &
host_pid=$!
wait_for "http://127.0.0.1:$port/api/verticals" 60
export STRATA_SERVER="http://127.0.0.1:$port"
cp -r samples/hello-function samples/storefront "$work/"
echo "machine: $(nproc) cores; uptime before: $(uptime)" >&2

# deploy <folder> <expected revision> → seconds; the gateway must answer 200 afterwards.
deploy() {
  local started ended url
  started=$(date +%s.%N)
  "${strata[@]}" deploy "$1" >"$work/deploy.out" 2>&1 || { cat "$work/deploy.out" >&2; return 1; }
  ended=$(date +%s.%N)
  grep -q "revision $2 " "$work/deploy.out" || { log "expected revision $2:"; cat "$work/deploy.out" >&2; return 1; }
  url=$(sed -n 's/.*→ \(http[^ ]*\).*/\1/p' "$work/deploy.out" | tail -n 1)
  curl -sf -o /dev/null --max-time 10 "$url" || { log "no 200 from $url after the deploy"; return 1; }
  python3 -c "print(round($ended - $started, 2))"
}

fn_first=$(deploy "$work/hello-function" 1)
echo "// changed for the incremental deploy benchmark" >>"$work/hello-function/Function.cs"
fn_again=$(deploy "$work/hello-function" 2)
svc_first=$(deploy "$work/storefront" 1)
echo "// changed for the incremental deploy benchmark" >>"$work/storefront/web/Program.cs"
svc_again=$(deploy "$work/storefront" 2)
echo "uptime after: $(uptime)" >&2

python3 - "$fn_first" "$fn_again" "$svc_first" "$svc_again" <<'PY'
import json, sys
f1, f2, s1, s2 = map(float, sys.argv[1:])
print(json.dumps({
    "function": {"firstSeconds": f1, "incrementalSeconds": f2, "limitSeconds": 5, "met": max(f1, f2) < 5},
    "twoServiceApp": {"firstSeconds": s1, "incrementalSeconds": s2, "limitSeconds": 10, "met": max(s1, s2) < 10},
}))
PY
