#!/usr/bin/env bash
# Issue 3's pull benchmark, in one command (as root): builds crisp and the bench in Release, then times crisp's
# PullImage against `skopeo copy` + `umoci unpack` on a local docker-registry (127.0.0.1 only) and writes
# bench/results/pull-<timestamp>.json. Arguments go to the bench: --iterations N (default 5), --no-warmup,
# --workdir DIR (default /var/tmp/crisp-bench), --results DIR, --log-level LEVEL, --help.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "run-pull.sh: run it as root (crisp and umoci unpack layers with their owners and device nodes)" >&2
  exit 1
fi

missing=()
for tool in skopeo umoci docker-registry busybox sync; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "run-pull.sh: missing ${missing[*]}; installing the dependencies (scripts/deps.sh)" >&2
  bash scripts/deps.sh
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Crisp.Daemon/Crisp.Daemon.csproj -c Release --nologo -v quiet
dotnet build bench/Crisp.Bench/Crisp.Bench.csproj -c Release --nologo -v quiet

# exec: Ctrl-C and SIGTERM reach the bench itself, which stops everything it started and removes its files.
exec dotnet bench/Crisp.Bench/bin/Release/net10.0/Crisp.Bench.dll pull \
  --crisp src/Crisp.Daemon/bin/Release/net10.0/crisp --results bench/results "$@"
