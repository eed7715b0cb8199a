#!/usr/bin/env bash
# Runs every test project of Framework.sln and ends with one line "N passed, N failed".
# Exits non-zero when a test fails, when the build fails, or when no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1
configuration="${CONFIGURATION:-Debug}"
results="${TEST_RESULTS:-$PWD/TestResults}"
rm -rf "$results"
mkdir -p "$results"

bash eng/setup.sh || { echo "0 passed, 1 failed"; echo "set-up failed" >&2; exit 1; }

if ! dotnet build Framework.sln -c "$configuration" -nodeReuse:false --nologo -clp:NoSummary -v:minimal; then
  echo "0 passed, 1 failed"
  echo "build failed" >&2
  exit 1
fi

dotnet test Framework.sln -c "$configuration" --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 8m
status=$?

passed=0; failed=0; total=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
  total=$((total + $(get total)))
  errors=$(get error); failed=$((failed + ${errors:-0}))
done

if [ "$total" -eq 0 ]; then
  echo "no test ran" >&2
  status=1
fi
if [ "$failed" -gt 0 ]; then
  # Name each failed test and the first line of its message, so a CI log that keeps only the
  # tail still says what failed.
  echo "Failed tests:"
  for trx in "$results"/*.trx; do
    if ! command -v python3 >/dev/null; then
      grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"[^>]*>' "$trx" |
        sed -n 's/.*testName="\([^"]*\)".*/  \1/p'
      continue
    fi
    python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") in ("Failed", "Error", "Timeout", "Aborted"):
        message = r.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
        first = message.splitlines()[0][:300] if message else ""
        print(f"  {r.get('testName')}: {first}")
PY
  done
fi
echo "$passed passed, $failed failed"
if [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then exit 1; fi
