#!/usr/bin/env bash
# Gateway benchmark (not a test): the Strata gateway vs nginx (reverse proxy, upstream keep-alive)
# vs straight to the replica, with wrk, at several concurrencies, on a trivial backend endpoint and
# on one that burns ~200 µs of CPU per request. Prints requests/s, p50/p99, proxy CPU per request
# and the ratios, and rewrites the gateway section of docs/benchmarks.md.
#
#   bash eng/bench/gateway.sh
#
# Knobs (environment), for trying variations; any of them set means docs/benchmarks.md is left alone
# unless BENCH_DOCS=1:
#   BENCH_DURATION=6s           length of each measured wrk run
#   BENCH_ROUNDS=5              rounds of every target at every concurrency; the report gives medians
#   BENCH_WARMUP=3s             length of the warm-up run of each target and endpoint
#   BENCH_CONCURRENCY="1 20 64" wrk connections
#   BENCH_ENDPOINTS="trivial work"
#   BENCH_TARGETS="direct nginx process service"  process = a host in gateway mode Process, the default (the
#                               public port is the gateway process's; its own replica); service = the service's
#                               stable address (its discovery URL) on the host whose replica direct and nginx use:
#                               the replica (Strata.Hosting) accepts those connections itself, no proxy in between
#                               (with BENCH_HOST_ENV="STRATA_Strata__LocalRuntime__ShareListeners=false" the
#                               runtime's TCP load balancer proxies them instead); also: gateway = that host in
#                               gateway mode InProcess; yarp = stock YARP (eng/bench/Strata.Bench.Yarp) straight to the replica
#   BENCH_HOST_ENV="DOTNET_gcServer=0 ..."  extra environment of the Strata host processes only
#   BENCH_DOCS=0|1              write docs/benchmarks.md or not
#   BENCH_BUILD=0               use the Release builds already there (repeated variations)
# All traffic goes to 127.0.0.1; everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

duration=${BENCH_DURATION:-6s}
rounds=${BENCH_ROUNDS:-5}
warmup=${BENCH_WARMUP:-3s}
concurrency=${BENCH_CONCURRENCY:-1 20 64}
endpoints=${BENCH_ENDPOINTS:-trivial work}
targets=${BENCH_TARGETS:-direct nginx process service}
host_env=${BENCH_HOST_ENV:-}
if [ -n "${BENCH_DURATION:-}${BENCH_ROUNDS:-}${BENCH_WARMUP:-}${BENCH_CONCURRENCY:-}${BENCH_ENDPOINTS:-}${BENCH_TARGETS:-}${BENCH_HOST_ENV:-}" ]; then
  write_docs=${BENCH_DOCS:-0}
else
  write_docs=${BENCH_DOCS:-1}
fi

# shellcheck source=eng/bench/common.sh
source eng/bench/common.sh
# The hosts here start their compiler server at the first build, not with the host (the hosts deploy nothing that compiles):
# a compiler warming up beside the measured runs would only add noise to them.
export STRATA_Strata__Build__CompilerServer=${STRATA_Strata__Build__CompilerServer:-OnFirstBuild}

# --- tools: Debian's nginx and wrk, nothing else --------------------------------------------------
bench_require_tools

# --- build: the CLI (host), the backend, the bench vertical ----------------------------------------
build() {
  local out
  out=$(dotnet build "$1" -c Release --nologo -v:quiet -clp:NoSummary -nodeReuse:false 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
}
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  log "building the Strata CLI, the bench backend and the bench vertical (Release)"
  build src/Strata.Cli
  if [[ " $targets " == *" process "* ]]; then build src/Strata.Gateway; fi
  build eng/bench/Strata.Bench.Backend
  build eng/bench/Strata.Bench.Vertical
  if [[ " $targets " == *" yarp "* ]]; then build eng/bench/Strata.Bench.Yarp; fi
fi
cli_dll=$repo/src/Strata.Cli/bin/Release/net10.0/strata.dll
backend_dir=$repo/eng/bench/Strata.Bench.Backend/bin/Release/net10.0
vertical_dir=$repo/eng/bench/Strata.Bench.Vertical/bin/Release/net10.0
gateway_dll=$repo/src/Strata.Gateway/bin/Release/net10.0/Strata.Gateway.dll

# --- processes and clean-up -------------------------------------------------------------------------
work=$(mktemp -d /tmp/strata-bench.XXXXXX)
host_pid=""; nginx_pid=""; replica_pid=""; yarp_pid=""; host2_pid=""; replica2_pid=""
cleanup() {
  local status=$?
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  [ -n "$yarp_pid" ] && kill "$yarp_pid" 2>/dev/null || true
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null || true
  [ -n "$host2_pid" ] && kill "$host2_pid" 2>/dev/null || true
  # The hosts stop their replicas (and the gateway process); make sure of it, then of the rest.
  for _ in $(seq 50); do
    { [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; } || { [ -n "$host2_pid" ] && kill -0 "$host2_pid" 2>/dev/null; } \
      || { [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; } || break
    sleep 0.1
  done
  [ -n "$replica_pid" ] && kill "$replica_pid" 2>/dev/null || true
  [ -n "$replica2_pid" ] && kill "$replica2_pid" 2>/dev/null || true
  [ -n "$host_pid" ] && kill -9 "$host_pid" 2>/dev/null || true
  [ -n "$host2_pid" ] && kill -9 "$host2_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill -9 "$nginx_pid" 2>/dev/null || true
  [ -n "$yarp_pid" ] && kill -9 "$yarp_pid" 2>/dev/null || true
  if [ $status -ne 0 ] && [ -f "$work/host.log" ]; then
    log "host log (last lines):"; tail -n 20 "$work/host.log" >&2
  fi
  if [ $status -ne 0 ] && [ -f "$work/host2.log" ]; then
    log "gateway-mode-Process host log (last lines):"; tail -n 20 "$work/host2.log" >&2
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# --- (1)+(2) the Strata host with the bench vertical; the backend runs as its replica ----------------
mkdir -p "$work/plugins/Strata.Bench.Vertical" "$work/app" "$work/data"
cp -r "$vertical_dir/." "$work/plugins/Strata.Bench.Vertical/"
cat >"$work/app/strata.yaml" <<EOF
name: bench
vertical: bench
spec:
  backend: $backend_dir
EOF
host_port=$(free_port)
host_url=http://127.0.0.1:$host_port
log "starting the Strata host on $host_url${host_env:+ with $host_env}"
# shellcheck disable=SC2086 # host_env is a list of NAME=value words
env $host_env STRATA_Strata__Gateway__Mode=InProcess dotnet "$cli_dll" up --port "$host_port" --data "$work/data" --plugins "$work/plugins" >"$work/host.log" 2>&1 &
host_pid=$!
wait_for "$host_url/api/verticals" 60
deploy_bench() { # host url: deploys the bench app, waits for its replica; sets endpoint, replica_pid, service_uri
  log "deploying the bench app on $1"
  curl -sf -X POST -H 'Content-Type: application/json' -d "{\"path\": \"$work/app\"}" "$1/api/apps/bench/deploy" >"$work/deploy.json" \
    || { log "deploy failed: $(cat "$work/deploy.json" 2>/dev/null)"; exit 1; }
  endpoint=""
  for _ in $(seq 300); do
    status=$(curl -sf "$1/api/apps/bench/status?vertical=bench" || true)
    if [ -n "$status" ] && [ "$(json_get "d['services'][0]['replicas'][0]['state'] if d['services'] and d['services'][0]['replicas'] else ''" <<<"$status")" = Ready ]; then
      endpoint=$(json_get "d['services'][0]['replicas'][0]['endpoint']" <<<"$status")
      replica_pid=$(json_get "d['services'][0]['replicas'][0]['processId']" <<<"$status")
      service_uri=$(json_get "d['services'][0]['uri']" <<<"$status")
      break
    fi
    sleep 0.1
  done
  [ -n "$endpoint" ] || { log "the bench replica never became ready"; exit 1; }
  endpoint=${endpoint%/}
  log "replica $endpoint (pid $replica_pid)"
}
deploy_bench "$host_url"

# --- (1b) a second host in gateway mode Process: its gateway process owns the public port ------------
host2_url=""
if [[ " $targets " == *" process "* ]]; then
  mkdir -p "$work/data2"
  host2_port=$(free_port)
  host2_url=http://127.0.0.1:$host2_port
  log "starting the gateway-mode-Process host on $host2_url"
  # shellcheck disable=SC2086 # host_env is a list of NAME=value words
  env $host_env STRATA_Strata__Gateway__Mode=Process STRATA_Strata__Gateway__ProcessPath="$gateway_dll" \
    dotnet "$cli_dll" up --port "$host2_port" --data "$work/data2" --plugins "$work/plugins" >"$work/host2.log" 2>&1 &
  host2_pid=$!
  wait_for "$host2_url/api/verticals" 60
  first=("$endpoint" "$replica_pid" "$service_uri")
  deploy_bench "$host2_url"
  replica2_pid=$replica_pid
  endpoint=${first[0]}; replica_pid=${first[1]}; service_uri=${first[2]}
fi

# --- (3) nginx in front of the same replica ---------------------------------------------------------
nginx_port=$(free_port)
write_nginx_conf "$work/nginx" "${endpoint#http://}" "$nginx_port"
"$nginx_bin" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
wait_for "http://127.0.0.1:$nginx_port/healthz" 10

# --- optional: stock YARP in front of the same replica ------------------------------------------------
yarp_port=""
if [[ " $targets " == *" yarp "* ]]; then
  yarp_port=$(free_port)
  dotnet "$repo/eng/bench/Strata.Bench.Yarp/bin/Release/net10.0/Strata.Bench.Yarp.dll" "http://127.0.0.1:$yarp_port" "$endpoint/" >"$work/yarp.log" 2>&1 &
  yarp_pid=$!
  wait_for "http://127.0.0.1:$yarp_port/healthz" 30
fi

# --- runs ------------------------------------------------------------------------------------------
url_of() { # target endpoint
  case $1 in
    direct) echo "$endpoint/$2" ;;
    service) echo "${service_uri%/}/$2" ;;
    nginx) echo "http://127.0.0.1:$nginx_port/$2" ;;
    yarp) echo "http://127.0.0.1:$yarp_port/$2" ;;
    gateway) echo "$host_url/apps/bench/bench/$2" ;;
    process) echo "$host2_url/apps/bench/bench/$2" ;;
  esac
}
pids_of() { # target: the proxy's processes, whose CPU time the run is charged
  case $1 in
    direct) ;;
    nginx) echo "$nginx_pid" $(pgrep -P "$nginx_pid" || true) ;;
    # service: the host owns the stable address but, with the replica accepting itself, carries none of its traffic.
    gateway | service) echo "$host_pid" ;;
    # The host and its gateway process (looked up each run: a restarted one has a new pid).
    process) echo "$host2_pid" $(pgrep -P "$host2_pid" -f Strata.Gateway.dll || true) ;;
    yarp) echo "$yarp_pid" ;;
  esac
}
backend_of() { # target: the replica that serves it
  if [ "$1" = process ]; then echo "$replica2_pid"; else echo "$replica_pid"; fi
}
cpu_ticks() { # pids...: utime+stime of all their threads, in clock ticks
  local total=0 p
  for p in "$@"; do
    if [ -r "/proc/$p/stat" ]; then total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat"))); fi
  done
  echo $total
}

busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
children_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; }  # waited-for children of this shell: wrk

results=$work/results
mkdir -p "$results"
for ep in $endpoints; do
  for t in $targets; do
    curl -sf -o /dev/null "$(url_of "$t" "$ep")" || { log "$t /$ep does not answer"; exit 1; }
    log "warm-up $t /$ep ($warmup, 20 connections)"
    wrk -t1 -c20 -d"$warmup" "$(url_of "$t" "$ep")" >/dev/null
  done
  # Rounds interleave the targets, so a burst of other work on the machine hits them all alike.
  for r in $(seq "$rounds"); do
  for c in $concurrency; do
    for t in $targets; do
      out=$results/${ep}_${t}_c${c}_r${r}
      # shellcheck disable=SC2046
      proxy0=$(cpu_ticks $(pids_of "$t")); backend0=$(cpu_ticks "$(backend_of "$t")"); wrk0=$(children_ticks); busy0=$(busy_ticks); start=$(date +%s%N)
      wrk -t1 -c"$c" -d"$duration" --latency "$(url_of "$t" "$ep")" >"$out.txt"
      # shellcheck disable=SC2046
      proxy1=$(cpu_ticks $(pids_of "$t")); backend1=$(cpu_ticks "$(backend_of "$t")"); wrk1=$(children_ticks); busy1=$(busy_ticks); end=$(date +%s%N)
      # CPU the machine spent on anything but this run (other users of a shared machine) tells how
      # far to trust the row.
      printf '{"proxy_cpu_ticks": %d, "backend_cpu_ticks": %d, "wrk_cpu_ticks": %d, "busy_ticks": %d, "wall_ns": %d, "clk_tck": %d}\n' \
        $((proxy1 - proxy0)) $((backend1 - backend0)) $((wrk1 - wrk0)) $((busy1 - busy0)) $((end - start)) "$(getconf CLK_TCK)" >"$out.cpu.json"
      log "$ep round $r c=$c $t: $(grep -E 'Requests/sec' "$out.txt" | tr -s ' ')"
    done
  done
  done
done

# --- report -----------------------------------------------------------------------------------------
command_line="bash eng/bench/gateway.sh"
for knob in BENCH_DURATION BENCH_ROUNDS BENCH_WARMUP BENCH_CONCURRENCY BENCH_ENDPOINTS BENCH_TARGETS BENCH_HOST_ENV; do
  if [ -n "${!knob:-}" ]; then command_line="$knob=\"${!knob}\" $command_line"; fi
done
runtime_version=$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" {v=$2} END {print v}')
nginx_version=$("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //')
wrk_version=$( (wrk -v 2>&1 || true) | awk 'NR == 1 {print $1, $2}')  # wrk -v exits 1
report_args=(--results "$results" --command "$command_line"
  --dotnet "SDK $(dotnet --version), ASP.NET Core runtime $runtime_version"
  --tools "$nginx_version, $wrk_version"
  --duration "$duration" --rounds "$rounds" --concurrency "$concurrency" --endpoints "$endpoints" --targets "$targets")
if [ -n "$host_env" ]; then report_args+=(--host-env "$host_env"); fi
if [ "$write_docs" = 1 ]; then report_args+=(--docs "$repo/docs/benchmarks.md"); fi
python3 eng/bench/gateway_report.py "${report_args[@]}"
if [ "$write_docs" = 1 ]; then
  # The section's picture: requests/s by concurrency, drawn from the tables just written.
  mkdir -p "$repo/docs/benchmarks"
  bench_chart gateway "$repo/docs/benchmarks.md" "$repo/docs/benchmarks/gateway.png"
fi
