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
# 'dotnet test Framework.sln' runs two test projects at a time (one per core) in the order of this file:
# the longest ones go first, so that they run side by side from the start and the short ones fill in
# at the end, instead of a long one starting late and running alone. Every other project follows.
longest=(tests/Strata.Server.Tests/Strata.Server.Tests.csproj tests/Strata.EndToEnd.Slow.Tests/Strata.EndToEnd.Slow.Tests.csproj
  tests/Strata.EndToEnd.Tests/Strata.EndToEnd.Tests.csproj tests/Strata.Runtime.Local.Tests/Strata.Runtime.Local.Tests.csproj
  tests/Strata.Templates.Tests/Strata.Templates.Tests.csproj)
ordered=()
for project in "${longest[@]}"; do [ -f "$project" ] && ordered+=("$project"); done
for project in tests/*/*.csproj; do [[ " ${ordered[*]} " == *" $project "* ]] || ordered+=("$project"); done
add tests "${ordered[@]}"
add tests/fixtures tests/fixtures/*/*.csproj tests/fixtures/plugins/*/*.csproj
dotnet sln Framework.sln list | tail -n +3 | wc -l
