#!/usr/bin/env bash
# Shared-pool memory benchmark (not a test): a Strata host (`strata up`, Local runtime) with a pool app
# (functions, mode: pool) deployed through it, then N functions contributed to the pool, each its own app
# name and folder, and each called once through the pool's worker, so all N are loaded at once. Prints the
# RSS of the host and of the pool's worker, idle and with the N functions loaded, and the machine's load.
#
#   bash eng/bench/functions-pool-memory.sh [count=1000]
#
# The N functions are copies of the Release build of tests/fixtures/Strata.Fixtures.Functions (handler
# Greeter, the HTTP template's), linked into the pool's contributions folder exactly as the Local runtime
# links a shared-mode app's revision; deploying 1,000 apps for real would run 1,000 `dotnet publish`es.
# So the host's own share of 1,000 recorded apps and their gateway routes is not in the figure.
# BENCH_BUILD=0 reuses the builds already there (the host from src/Strata.Cli's Debug build).
set -euo pipefail
cd "$(dirname "$0")/../.."
source eng/bench/common.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
count=${1:-1000}

if [ "${BENCH_BUILD:-1}" != 0 ]; then
  dotnet build src/Strata.Cli -nodeReuse:false --nologo -clp:NoSummary -v:q >&2
  dotnet build tests/fixtures/Strata.Fixtures.Functions -c Release -nodeReuse:false --nologo -clp:NoSummary -v:q >&2
fi

work=$(mktemp -d /tmp/strata-pool-bench.XXXXXX)
host_pid=
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

echo "machine: $(nproc) cores; uptime before: $(uptime)"
port=$(free_port)
cli=src/Strata.Cli/bin/Debug/net10.0/strata.dll
dotnet "$cli" up --port "$port" --data "$work/data" >"$work/host.log" 2>&1 &
host_pid=$!
wait_for "http://127.0.0.1:$port/api/verticals" 60
server="http://127.0.0.1:$port"

mkdir -p "$work/functions-pool"
printf 'name: functions-pool\nvertical: functions\nspec:\n  mode: pool\n' >"$work/functions-pool/strata.yaml"
dotnet "$cli" deploy "$work/functions-pool" --server "$server" >&2
status=$(curl -sf "$server/api/apps/functions-pool/status")
worker_pid=$(echo "$status" | json_get 'd["services"][0]["replicas"][0]["processId"]')
endpoint=$(echo "$status" | json_get 'd["services"][0]["replicas"][0]["endpoint"]')
contributions=$(tr '\0' '\n' <"/proc/$worker_pid/environ" | sed -n 's/^STRATA_CONTRIBUTIONS_DIR=//p')
log "pool worker $worker_pid at $endpoint; contributions in $contributions"
sleep 2
host_idle=$(rss "$host_pid"); worker_idle=$(rss "$worker_pid")

build=tests/fixtures/Strata.Fixtures.Functions/bin/Release/net10.0
assembly=$(basename "$(ls "$build"/*.deps.json)" .deps.json).dll
for i in $(seq -f '%04g' 1 "$count"); do
  folder="$work/revisions/fn-$i"
  mkdir -p "$folder"
  cp "$build"/* "$folder/"
  printf '{"app":"fn-%s","revision":1,"handler":"Strata.Fixtures.Functions.Greeter","assembly":"%s","timeoutSeconds":30}' "$i" "$assembly" >"$folder/function.json"
  ln -s "$folder" "$contributions/fn-$i"
done
log "$count functions contributed; calling each once"

python3 - "$endpoint" "$count" <<'PY'
import http.client, sys, time, urllib.parse
url = urllib.parse.urlparse(sys.argv[1]); count = int(sys.argv[2])
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
started = time.monotonic(); failures = 0
for i in range(1, count + 1):
    conn.request("GET", "/?name=bench", headers={"X-Strata-Function": f"fn-{i:04d}"})
    response = conn.getresponse(); body = response.read()
    if response.status != 200:
        failures += 1
        if failures <= 3: print(f"fn-{i:04d}: {response.status} {body[:200]!r}", file=sys.stderr)
print(f"called {count} functions in {time.monotonic() - started:.1f} s, {failures} failures")
PY
loaded=$(curl -sf "$endpoint/_strata/functions" | json_get 'sum(1 for f in d["functions"] if f["state"] == "warm")')
host_loaded=$(rss "$host_pid"); worker_loaded=$(rss "$worker_pid")

echo "functions in the pool's worker, warm: $loaded of $count"
echo "RSS idle (pool deployed, no function): host $host_idle MB + worker $worker_idle MB = $((host_idle + worker_idle)) MB"
echo "RSS with $count functions loaded:      host $host_loaded MB + worker $worker_loaded MB = $((host_loaded + worker_loaded)) MB"
echo "uptime after: $(uptime)"
