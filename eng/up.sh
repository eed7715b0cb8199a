#!/usr/bin/env bash
# The main job: a Strata host on the embedded default (Local runtime, SQLite in ./.strata) with the
# bundled verticals loaded and the sample apps deployed. Prints the apps' URLs; Ctrl+C stops it.
# Extra arguments go to 'strata up' (e.g. --port 5481, --data /tmp/strata).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
bash eng/setup.sh
dotnet build src/Strata.Cli -c Release --nologo -v:quiet -clp:NoSummary -nodeReuse:false
exec dotnet src/Strata.Cli/bin/Release/net10.0/strata.dll up --demo "$@"
