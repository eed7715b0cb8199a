#!/usr/bin/env bash
# Installs what the build and tests need on a fresh machine, then restores NuGet packages.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dot.net); install it and run again." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore Framework.sln --nologo -v:quiet

# The Kubernetes schema check runs on Node.js (the npm package kubernetes-models).
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "Node.js and npm are required for the Kubernetes schema tests; install them and run again." >&2
    exit 1
  fi
fi
schema=tests/Strata.Runtime.Kubernetes.Tests/Schema
if [ ! -d "$schema/node_modules" ] || [ "$schema/package-lock.json" -nt "$schema/node_modules" ]; then
  npm ci --prefix "$schema" --no-audit --no-fund --loglevel=error
  touch "$schema/node_modules"
fi

# Images: a local OCI registry (Debian's docker-registry) for the packaging tests, and podman with
# runc to run revisions from their images. Best effort: the tests that need them skip, saying why,
# where they are missing.
missing=()
command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} (apt) ..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
      echo "warning: could not install ${missing[*]}; the image and container tests will be skipped." >&2
  else
    echo "warning: ${missing[*]} missing and not root; the image and container tests will be skipped." >&2
  fi
fi

# The dashboard's browser tests drive Debian's chromium through Playwright (its driver ships in the
# NuGet package; no browser is downloaded). Without it they skip, or fail in CI (CI=true).
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing chromium (apt) ..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
      echo "warning: could not install chromium; the dashboard's browser tests will fail in CI and skip elsewhere." >&2
  else
    echo "warning: chromium missing and not root; the dashboard's browser tests will fail in CI and skip elsewhere." >&2
  fi
fi

# The benchmark harness draws the charts of docs/benchmarks.md with matplotlib (eng/bench/charts.py).
# Best effort: only eng/bench/all.sh and gateway.sh need it, and only when they rewrite the docs.
if ! python3 -c 'import matplotlib' >/dev/null 2>&1 && ! /usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing python3-matplotlib (apt) ..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-matplotlib >/dev/null; } ||
      echo "warning: could not install python3-matplotlib; the benchmark harness cannot redraw its charts." >&2
  else
    echo "warning: python3-matplotlib missing and not root; the benchmark harness cannot redraw its charts." >&2
  fi
fi
