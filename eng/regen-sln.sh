#!/usr/bin/env bash
# Rewrites Framework.sln from the folder layout, so that merges never fight over it.
# Sample apps (samples/<app>/...) are built by their vertical, not by the solution.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f Framework.sln
dotnet new sln -n Framework --format sln -o . >/dev/null
add() { local folder=$1; shift; local projects=("$@"); [ ${#projects[@]} -gt 0 ] && dotnet sln Framework.sln add --solution-folder "$folder" "${projects[@]}" >/dev/null; }
shopt -s nullglob
add src src/*/*.csproj
add plugins plugins/*/*.csproj
add samples samples/verticals/*/*.csproj
add templates templates/*/*.csproj
add tests tests/*/*.csproj
add tests/fixtures tests/fixtures/*/*.csproj tests/fixtures/plugins/*/*.csproj
dotnet sln Framework.sln list | tail -n +3 | wc -l
