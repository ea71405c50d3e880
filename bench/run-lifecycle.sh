#!/usr/bin/env bash
# Issue 8's lifecycle benchmark, in one command (as root): installs what is missing (by package name), publishes crisp
# twice (framework-dependent JIT, and Native AOT for linux-x64), builds the bench, then drives containerd 1.6 (CRI
# plugin) and crisp (JIT, AOT, and JIT with drop_infra_ctr = false) through the same CRI calls on a local registry,
# prints the table with crisp/containerd ratios, writes bench/results/lifecycle-<timestamp>.json and .png, and warns
# about regressions against the previous result. A failed AOT publish is reported (with the compiler's errors) and the
# rest still runs. Arguments go to the bench: --quick, --lifecycles N, --concurrency N, --list-containers N, --help, ...
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "run-lifecycle.sh: run it as root (the daemons create namespaces, mounts, bridges and cgroups)" >&2
  exit 1
fi

for arg in "$@"; do
  if [ "$arg" = "-h" ] || [ "$arg" = "--help" ]; then
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    dotnet build bench/Crisp.Bench/Crisp.Bench.csproj -c Release --nologo -v quiet >/dev/null
    exec dotnet bench/Crisp.Bench/bin/Release/net10.0/Crisp.Bench.dll lifecycle --help
  fi
done

# What scripts/deps.sh installs (runc, conmon, CNI plugins, docker-registry, busybox-static, iptables, ...).
missing=()
for tool in runc conmon docker-registry busybox ip iptables; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "run-lifecycle.sh: missing ${missing[*]}; installing the dependencies (scripts/deps.sh)" >&2
  bash scripts/deps.sh
fi

# The peer, the plotter, and the native toolchain Native AOT links with.
packages=()
{ [ -x /usr/bin/containerd ] && [ -x /usr/bin/containerd-shim-runc-v2 ]; } || packages+=(containerd)
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null || packages+=(python3-matplotlib)
command -v clang >/dev/null || command -v gcc >/dev/null || packages+=(clang)
[ -e /usr/include/zlib.h ] || packages+=(zlib1g-dev)
if [ "${#packages[@]}" -gt 0 ]; then
  echo "run-lifecycle.sh: installing ${packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${packages[@]}" || { apt-get update -q && apt-get install -y -q --no-install-recommends "${packages[@]}"; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=bench/.publish
mkdir -p "$out"
echo "run-lifecycle.sh: publishing crisp (framework-dependent) to $out/jit" >&2
dotnet publish src/Crisp.Daemon/Crisp.Daemon.csproj -c Release --nologo -v quiet -o "$out/jit"

echo "run-lifecycle.sh: publishing crisp (Native AOT, linux-x64) to $out/aot" >&2
aot_log="$out/aot-publish.log"
aot_args=()
if dotnet publish src/Crisp.Daemon/Crisp.Daemon.csproj -c Release -r linux-x64 -p:PublishAot=true --nologo -o "$out/aot" >"$aot_log" 2>&1 \
  && [ -x "$out/aot/crisp" ]; then
  warnings=$(grep -Eo 'warning (IL|CS)[0-9]+' "$aot_log" | sort | uniq -c | tr -s ' ' | tr '\n' ';' || true)
  echo "run-lifecycle.sh: Native AOT publish succeeded${warnings:+ with warnings: $warnings} (log: $aot_log)" >&2
  aot_args=(--crisp-aot "$out/aot/crisp")
else
  reason=$(grep -E ' error |error [A-Z]+[0-9]+' "$aot_log" | sed 's/ \[.*\]$//' | sort -u | head -5 | tr '\n' ' ' || true)
  echo "run-lifecycle.sh: Native AOT publish FAILED; the crisp-aot row is skipped. Errors: ${reason:-see $aot_log}" >&2
  tail -n 30 "$aot_log" >&2
  aot_args=(--crisp-aot "" --aot-note "dotnet publish -r linux-x64 -p:PublishAot=true failed: ${reason:-see $aot_log}")
fi

dotnet build bench/Crisp.Bench/Crisp.Bench.csproj -c Release --nologo -v quiet

# exec: Ctrl-C and SIGTERM reach the bench itself, which removes its pods, stops its daemons (by pid) and removes
# its mounts, bridges, cgroups and files.
exec dotnet bench/Crisp.Bench/bin/Release/net10.0/Crisp.Bench.dll lifecycle \
  --crisp "$out/jit/crisp" "${aot_args[@]}" --results bench/results "$@"
