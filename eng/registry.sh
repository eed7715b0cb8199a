#!/usr/bin/env bash
# A local OCI registry (Debian's docker-registry) on 127.0.0.1 for trying images by hand:
#   eng/registry.sh start      [folder]   starts one on a free port, prints its address (host:port)
#   eng/registry.sh start-auth [folder]   a second one that requires HTTP basic authentication
#                                         (htpasswd, bcrypt); default folder .strata/registry-auth
#   eng/registry.sh stop       [folder]   stops it; stop-auth stops the authenticating one
# The folder (default .strata/registry) holds its config, storage, log and pid, so the two kinds
# run side by side. start-auth takes the user from STRATA_REGISTRY_USER (default strata) and the
# password from STRATA_REGISTRY_PASSWORD (default: a random one, kept in <folder>/password, mode 600).
# Give them to the host as configuration, never on its command line:
#   STRATA_Strata__Registry__Username=strata STRATA_Strata__Registry__Password="$(cat .strata/registry-auth/password)" \
#     strata up --registry "$(cat .strata/registry-auth/address)"
# Tests start their own registries (tests/Strata.Testing/LocalRegistry.cs) and do not need this script.
set -euo pipefail
cd "$(dirname "$0")/.."
command="${1:-}"

# A bcrypt htpasswd line for user $1, password $2: the registry accepts no other hash. python3's crypt
# module (libcrypt) first, then mkpasswd (package whois), then htpasswd (apache2-utils) if present.
bcrypt_line() {
  local hash=""
  if hash=$(PW="$2" python3 -W ignore -c 'import crypt, os; print(crypt.crypt(os.environ["PW"], crypt.mksalt(crypt.METHOD_BLOWFISH)))' 2>/dev/null) && [[ "$hash" == \$2* ]]; then
    echo "$1:$hash"
  elif command -v mkpasswd >/dev/null && hash=$(printf '%s' "$2" | mkpasswd -m bcrypt -s 2>/dev/null) && [[ "$hash" == \$2* ]]; then
    echo "$1:$hash"
  elif command -v htpasswd >/dev/null; then
    htpasswd -nbB "$1" "$2" | head -n 1
  else
    echo "cannot make a bcrypt hash: need python3 with the crypt module (Python < 3.13), mkpasswd (apt: whois) or htpasswd (apt: apache2-utils)." >&2
    return 1
  fi
}

# start_registry <folder> [auth]: config, storage and log in <folder>; prints host:port once it answers.
start_registry() {
  local folder="$1" auth="${2:-}"
  if [ ! -x /usr/bin/docker-registry ]; then
    echo "docker-registry is not installed; run eng/setup.sh as root (apt-get install docker-registry)." >&2
    exit 1
  fi
  if [ -f "$folder/pid" ] && kill -0 "$(cat "$folder/pid")" 2>/dev/null; then
    cat "$folder/address"
    exit 0
  fi
  mkdir -p "$folder/data"
  local port auth_config=""
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  if [ -n "$auth" ]; then
    local user="${STRATA_REGISTRY_USER:-strata}" password="${STRATA_REGISTRY_PASSWORD:-}"
    (umask 077
      if [ -z "$password" ]; then
        if [ ! -s "$folder/password" ]; then
          python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$folder/password"
        fi
      else
        printf '%s\n' "$password" >"$folder/password"
      fi)
    password="$(cat "$folder/password")"
    bcrypt_line "$user" "$password" >"$folder/htpasswd"
    auth_config="auth:
  htpasswd:
    realm: strata-local
    path: $folder/htpasswd"
    echo "user $user, password in $folder/password" >&2
  fi
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
$auth_config
YAML
  nohup /usr/bin/docker-registry serve "$folder/config.yml" >"$folder/registry.log" 2>&1 &
  echo $! >"$folder/pid"
  echo "127.0.0.1:$port" >"$folder/address"
  for _ in $(seq 1 100); do
    # 401 is an answer too: the authenticating registry asks for credentials.
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null || true)
    if [ "$code" = 200 ] || [ "$code" = 401 ]; then
      echo "127.0.0.1:$port"
      exit 0
    fi
    sleep 0.1
  done
  echo "docker-registry did not answer on 127.0.0.1:$port within 10 s; see $folder/registry.log" >&2
  exit 1
}

case "$command" in
  start)
    start_registry "$(realpath -m "${2:-.strata/registry}")"
    ;;
  start-auth)
    start_registry "$(realpath -m "${2:-.strata/registry-auth}")" auth
    ;;
  stop|stop-auth)
    default=.strata/registry
    [ "$command" = stop-auth ] && default=.strata/registry-auth
    folder="$(realpath -m "${2:-$default}")"
    if [ -f "$folder/pid" ]; then
      kill "$(cat "$folder/pid")" 2>/dev/null || true
      rm -f "$folder/pid" "$folder/address"
    fi
    ;;
  *)
    echo "usage: eng/registry.sh start|start-auth|stop|stop-auth [folder]" >&2
    exit 2
    ;;
esac
