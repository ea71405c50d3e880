#!/usr/bin/env bash
# Installs what crisp and its tests need on Debian 12 (run as root). The .NET 10 SDK is assumed.
set -euo pipefail

packages=(
  runc                          # the OCI runtime
  conmon                        # the per-container monitor
  containernetworking-plugins   # CNI plugins (bridge, host-local, portmap, loopback) in /usr/lib/cni
  iproute2 iptables             # used by the CNI plugins and by the tests' network checks
  docker-registry               # a real OCI registry for the image tests, on 127.0.0.1 only
  busybox-static                # the tests build their images from it
  apache2-utils                 # htpasswd, for the registry tests with Basic auth
  util-linux                    # unshare/nsenter for namespace pinning
  curl                          # the quickstart pushes its busybox image with it
  golang-github-containers-common  # /etc/containers/policy.json (signature policy)
  golang-github-containers-image   # /etc/containers/registries.conf
  skopeo umoci                  # the peer the pull benchmark measures crisp against (bench/run-pull.sh)
  python3-prometheus-client     # an independent parser for the metrics page in the integration tests
)

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"

# Debian starts docker-registry as a service on install where it can; crisp's tests run their own.
if command -v dotnet >/dev/null; then
  dotnet --version >/dev/null
else
  echo "deps.sh: the .NET 10 SDK (dotnet) is not on PATH; install it first" >&2
  exit 1
fi
