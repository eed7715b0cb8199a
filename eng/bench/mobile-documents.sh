#!/usr/bin/env bash
# Mobile-backend document benchmark (not a test): samples/todo-backend deployed on Strata (the mobile
# vertical's server over SQLite in the app's volume), driven through the gateway with wrk by one
# signed-in user. Prints document writes/s (POST /collections/todos), reads/s by id
# (GET /collections/todos/{id}) and list queries/s (a filtered, sorted page of 20), with p50/p99,
# each the median of the rounds, and counts non-2xx answers (which must be 0).
#
#   bash eng/bench/mobile-documents.sh
#
# Knobs: BENCH_DURATION=5s BENCH_ROUNDS=3 BENCH_CONCURRENCY=16 BENCH_BUILD=0 (reuse the Release build).
# All traffic goes to 127.0.0.1; everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
duration=${BENCH_DURATION:-5s}
rounds=${BENCH_ROUNDS:-3}
concurrency=${BENCH_CONCURRENCY:-16}
# shellcheck source=eng/bench/common.sh
source eng/bench/common.sh
bench_require_tools

if [ "${BENCH_BUILD:-1}" != 0 ]; then
  log "building the Strata CLI with its bundled verticals (Release)"
  out=$(dotnet build src/Strata.Cli -c Release --nologo -v:quiet -clp:NoSummary -nodeReuse:false 2>&1) || { printf '%s\n' "$out" >&2; exit 1; }
fi
cli_dll=$repo/src/Strata.Cli/bin/Release/net10.0/strata.dll

work=$(mktemp -d /tmp/strata-mobile-bench.XXXXXX)
host_pid=""
cleanup() {
  local status=$?
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null || true
  for _ in $(seq 50); do [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null || break; sleep 0.1; done
  [ -n "$host_pid" ] && kill -9 "$host_pid" 2>/dev/null || true
  if [ $status -ne 0 ] && [ -f "$work/host.log" ]; then log "host log (last lines):"; tail -n 20 "$work/host.log" >&2; fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp -r samples/todo-backend "$work/app"
host_port=$(free_port); host_url=http://127.0.0.1:$host_port
log "starting the Strata host on $host_url"
dotnet "$cli_dll" up --port "$host_port" --data "$work/data" >"$work/host.log" 2>&1 &
host_pid=$!
wait_for "$host_url/api/verticals" 60
log "deploying samples/todo-backend"
curl -sf -X POST -H 'Content-Type: application/json' -d "{\"path\": \"$work/app\"}" "$host_url/api/apps/todo-backend/deploy" >"$work/deploy.json" \
  || { log "deploy failed: $(cat "$work/deploy.json" 2>/dev/null)"; exit 1; }
app=$host_url/apps/mobile/todo-backend
wait_for "$app/_strata/healthz" 120

token=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"bench password"}' "$app/auth/signup" | json_get "d['accessToken']")
doc_id=$(curl -sf -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d '{"title":"read me","tags":["bench"]}' "$app/collections/todos" | json_get "d['id']")

cat >"$work/write.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"title":"benchmark todo","due":"2026-12-01T09:00:00Z","tags":["bench","wrk"]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
cat >"$work/read.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA

run() { # name url script round
  wrk -t2 -c"$concurrency" -d"$duration" --latency -s "$3" "$2" >"$work/$1_r$4.txt"
}
log "warming up"
wrk -t1 -c4 -d2s -s "$work/read.lua" "$app/collections/todos/$doc_id" >/dev/null
for r in $(seq "$rounds"); do
  log "round $r/$rounds"
  run write "$app/collections/todos" "$work/write.lua" "$r"
  run read "$app/collections/todos/$doc_id" "$work/read.lua" "$r"
  run list "$app/collections/todos?filter=done:eq:false&sort=-createdAt&limit=20" "$work/read.lua" "$r"
done
total=$(curl -sf -H "Authorization: Bearer $token" "$app/collections/todos?limit=1" | json_get "d['total']")

python3 - "$work" "$rounds" "$concurrency" "$duration" "$total" <<'PY'
import re, statistics, sys, os
work, rounds, conc, duration, total = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
units = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
def lat(t):
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", t); return float(m.group(1)) * units[m.group(2)]
def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = lat(re.search(r"\s50%\s+(\S+)", text).group(1)); p99 = lat(re.search(r"\s99%\s+(\S+)", text).group(1))
    bad = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
    errs = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    return rps, p50, p99, bad + errs
print(f"samples/todo-backend through the gateway, wrk -t2 -c{conc} -d{duration}, {rounds} rounds, medians; {os.cpu_count()} cores")
print(f"{'operation':<42} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
names = {"write": "document writes (POST, one document)", "read": "document reads (GET by id)", "list": "list queries (filter, sort, page of 20)"}
for key, title in names.items():
    runs = [parse(os.path.join(work, f"{key}_r{r}.txt")) for r in range(1, rounds + 1)]
    print(f"{title:<42} {statistics.median(x[0] for x in runs):>9.0f} {statistics.median(x[1] for x in runs):>8.2f} {statistics.median(x[2] for x in runs):>8.2f} {sum(x[3] for x in runs):>7}")
print(f"documents in the collection at the end: {total}")
PY
