#!/usr/bin/env bash
# Installs the test dependencies, builds, checks formatting and runs every test (unit and integration).
# Must run as root: the integration tests start the real daemon, runc, conmon, CNI plugins and a registry.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build crisp.slnx -c Release --nologo
dotnet format crisp.slnx --verify-no-changes --no-restore

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test --solution crisp.slnx -c Release --no-build --results-directory "$results" --report-xunit-trx || status=$?

# CI reads a plain "N passed, N failed" line; the TRX files hold the counts.
passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
skipped=$((total - passed - failed))
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$total" -eq 0 ]; then
  echo "test.sh: no test results were found in $results" >&2
  exit 1
fi
exit "$status"
