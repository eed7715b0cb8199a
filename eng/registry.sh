#!/usr/bin/env bash
# A local OCI registry (Debian's docker-registry) on 127.0.0.1 for trying images by hand:
#   eng/registry.sh start [folder]   starts one on a free port, prints its address (host:port)
#   eng/registry.sh stop  [folder]   stops it
# The folder (default .strata/registry) holds its config, storage, log and pid. Tests start their
# own registry (tests/Strata.Testing/LocalRegistry.cs) and do not need this script.
set -euo pipefail
cd "$(dirname "$0")/.."
command="${1:-}"
folder="$(realpath -m "${2:-.strata/registry}")"

case "$command" in
  start)
    if [ ! -x /usr/bin/docker-registry ]; then
      echo "docker-registry is not installed; run eng/setup.sh as root (apt-get install docker-registry)." >&2
      exit 1
    fi
    if [ -f "$folder/pid" ] && kill -0 "$(cat "$folder/pid")" 2>/dev/null; then
      cat "$folder/address"
      exit 0
    fi
    mkdir -p "$folder/data"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    cat > "$folder/config.yml" <<YAML
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $folder/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
    nohup /usr/bin/docker-registry serve "$folder/config.yml" >"$folder/registry.log" 2>&1 &
    echo $! >"$folder/pid"
    echo "127.0.0.1:$port" >"$folder/address"
    for _ in $(seq 1 100); do
      if curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then
        echo "127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    echo "docker-registry did not answer on 127.0.0.1:$port within 10 s; see $folder/registry.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$folder/pid" ]; then
      kill "$(cat "$folder/pid")" 2>/dev/null || true
      rm -f "$folder/pid" "$folder/address"
    fi
    ;;
  *)
    echo "usage: eng/registry.sh start|stop [folder]" >&2
    exit 2
    ;;
esac
