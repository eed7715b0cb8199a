# Shared by the benchmark scripts (sourced, not run): logging, Debian's nginx and wrk, ports, JSON,
# waiting for an answer, and an nginx reverse-proxy configuration with upstream keep-alive.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# The hosts a benchmark starts ('strata up') save their first admin token in the CLI config: a file of the
# run's own, never the user's. curl (below) sends that token to a host's /api and /v URLs.
if [ -z "${STRATA_CONFIG:-}" ]; then
  STRATA_CONFIG="$(mktemp -d /tmp/strata-bench-cli.XXXXXX)/config.json"
fi
export STRATA_CONFIG

# The token $STRATA_CONFIG keeps for the host of URL <1>, or nothing.
bench_token() {
  [ -f "$STRATA_CONFIG" ] || return 0
  python3 - "$STRATA_CONFIG" "$1" <<'PY' 2>/dev/null || true
import json, sys, urllib.parse as u
p = u.urlsplit(sys.argv[2])
print(json.load(open(sys.argv[1]))["hosts"].get(f"{p.scheme}://{p.hostname}:{p.port}", {}).get("token", ""))
PY
}

# curl, with the host's token added for its control API (/api) and vertical APIs (/v).
curl() {
  local arg token
  for arg in "$@"; do
    case "$arg" in
      http://*/api/*|http://*/v/*)
        token=$(bench_token "$arg")
        if [ -n "$token" ]; then command curl -H "Authorization: Bearer $token" "$@"; return; fi ;;
    esac
  done
  command curl "$@"
}

# Installs nginx, wrk and curl with apt-get when missing; sets nginx_bin.
bench_require_tools() {
  local missing=() sudo_cmd=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} with apt-get"
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
json_get() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
wait_for() { # url, seconds
  for _ in $(seq $(($2 * 10))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
  log "no answer from $1 after $2 s"; return 1
}

# Writes <dir>/nginx.conf: nginx on 127.0.0.1:<port> in front of <upstream host:port>, HTTP/1.1 with
# upstream keep-alive 64, no access log, all its files under <dir>.
write_nginx_conf() { # dir upstream port
  local dir=$1 upstream=$2 port=$3
  mkdir -p "$dir/tmp"
  chmod 755 "$(dirname "$dir")" "$dir"; chmod 777 "$dir/tmp"
  cat >"$dir/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  upstream backend {
    server $upstream;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
}

# Draws a chart with eng/bench/charts.py under a Python that has matplotlib: the one on PATH, else
# Debian's (eng/setup.sh installs python3-matplotlib; a pyenv python3 on PATH does not see it).
bench_chart() {
  local py=python3
  if ! python3 -c 'import matplotlib' >/dev/null 2>&1 && [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; fi
  "$py" eng/bench/charts.py "$@"
}

# The Release CLI the deploy benchmarks run: built first unless BENCH_BUILD=0; sets the array strata.
bench_strata_cli() {
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
  if [ "${BENCH_BUILD:-1}" != 0 ]; then
    dotnet build src/Strata.Cli -c Release -nodeReuse:false --nologo -clp:NoSummary -v:q >&2
  fi
  strata=(dotnet "$PWD/src/Strata.Cli/bin/Release/net10.0/strata.dll")
}
