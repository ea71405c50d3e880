#!/usr/bin/env bash
# crisp's quickstart (as root, Debian 12, no internet needed; the .NET 10 SDK is assumed):
#
#   bash scripts/quickstart.sh             installs the packages, builds crisp, starts a local registry on 127.0.0.1
#                                          holding a busybox image built from the host's busybox-static, writes a CNI
#                                          bridge network, starts the daemon and runs a pod with busybox httpd
#   bash scripts/quickstart.sh --teardown  removes all of it again: the pod, the daemon and its state, the registry,
#                                          the network, the build output and the packages the quickstart installed
#
# Everything the quickstart keeps lives in $QUICKSTART_DIR (default /var/lib/crisp-quickstart). The daemon uses crisp's
# default socket and state directories (/run/crisp/crisp.sock, /var/lib/crisp, /run/crisp), so `crisp ctl` reaches it
# without flags. These variables change the defaults (the integration tests use them to run it side by side):
#   QUICKSTART_DIR, QUICKSTART_LISTEN, QUICKSTART_ROOT, QUICKSTART_RUNROOT, QUICKSTART_REGISTRY_PORT (0 = any free),
#   QUICKSTART_BRIDGE, QUICKSTART_SUBNET (a /24, e.g. 10.89.0.0/24), QUICKSTART_HOST_PORT (0 = no host port),
#   QUICKSTART_CRISP (a built crisp executable: skips the packages and the build), QUICKSTART_POD (the pod's name).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

qs_dir=${QUICKSTART_DIR:-/var/lib/crisp-quickstart}
listen=${QUICKSTART_LISTEN:-/run/crisp/crisp.sock}
root=${QUICKSTART_ROOT:-/var/lib/crisp}
runroot=${QUICKSTART_RUNROOT:-/run/crisp}
registry_port=${QUICKSTART_REGISTRY_PORT:-5000}
bridge=${QUICKSTART_BRIDGE:-crispqs0}
subnet=${QUICKSTART_SUBNET:-10.89.0.0/24}
host_port=${QUICKSTART_HOST_PORT:-8080}
pod_name=${QUICKSTART_POD:-quickstart-httpd}
crisp=${QUICKSTART_CRISP:-$repo/artifacts/crisp/crisp}
cgroup_parent=/crisp-quickstart-$bridge
state=$qs_dir/state.env

say() { echo "quickstart: $*" >&2; }
die() { echo "quickstart: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run it as root (the daemon creates namespaces, mounts, bridges and cgroups)"

ctl() { "$crisp" ctl --runtime-endpoint "unix://$listen" "$@"; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Stops a process the quickstart started (by its pid): SIGTERM, then SIGKILL after $2 seconds.
stop_pid() {
  local pid=$1 wait=${2:-15} i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < wait * 10; i++)); do alive "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

daemon_args() {
  echo --config "$qs_dir/crisp.conf" --config-dir "$qs_dir/crisp.conf.d" --listen "$listen" --root "$root" \
    --runroot "$runroot" --registries-conf "$qs_dir/registries.conf"
}

start_daemon() {
  # setsid: the daemon (and the conmon processes it starts) outlive this script.
  # shellcheck disable=SC2046
  setsid "$crisp" $(daemon_args) >>"$qs_dir/crisp.log" 2>&1 </dev/null &
  daemon_pid=$!
  local i
  for ((i = 0; i < 300; i++)); do
    ctl version >/dev/null 2>&1 && return 0
    alive "$daemon_pid" || { tail -n 20 "$qs_dir/crisp.log" >&2; die "the daemon exited at start (log: $qs_dir/crisp.log)"; }
    sleep 0.1
  done
  die "the daemon did not answer on $listen within 30 s (log: $qs_dir/crisp.log)"
}

teardown() {
  [ -f "$state" ] || { say "nothing to tear down ($state does not exist)"; exit 0; }
  # shellcheck disable=SC1090
  . "$state"
  if [ -x "$crisp" ]; then
    if ! alive "${daemon_pid:-}"; then
      say "starting the daemon once more to remove the pod it left"
      start_daemon
    fi
    for pod in $(ctl pods --label app=crisp-quickstart -q 2>/dev/null || true); do
      say "removing pod $pod"
      ctl stopp "$pod" >/dev/null || true
      ctl rmp --force "$pod" >/dev/null || true
    done
    say "stopping the daemon (pid $daemon_pid)"
    stop_pid "$daemon_pid" 20
    if [ "${created_root:-0}" = 1 ]; then
      # shellcheck disable=SC2046
      "$crisp" wipe --force $(daemon_args) >/dev/null || say "crisp wipe failed; $root and $runroot are left"
      # wipe keeps the lock files; the daemon they locked is gone.
      rm -f "$root/crisp.lock" "$listen.lock"
      rmdir "$root" "$runroot" "$(dirname "$listen")" 2>/dev/null || true
    fi
  fi
  # The pod's cgroup parent (cgroupfs); rmdir only removes what is empty.
  for cgroup in /sys/fs/cgroup/*/"crisp-quickstart-$bridge" /sys/fs/cgroup/"crisp-quickstart-$bridge"; do
    [ -d "$cgroup" ] && rmdir "$cgroup" 2>/dev/null || true
  done
  say "stopping the registry (pid ${registry_pid:-none})"
  stop_pid "${registry_pid:-}" 5
  ip link show "$bridge" >/dev/null 2>&1 && ip link delete "$bridge"
  rm -rf "/var/lib/cni/networks/crisp-quickstart-$bridge"
  if [ "${built:-0}" = 1 ]; then
    rm -rf "$repo/artifacts/crisp"
  fi
  if [ -n "${installed_packages:-}" ]; then
    say "removing the packages the quickstart installed: $installed_packages"
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -q $installed_packages >/dev/null || say "apt-get remove failed"
  fi
  rm -rf "$qs_dir"
  say "done: everything the quickstart made is gone"
}

if [ "${1:-}" = "--teardown" ]; then
  teardown
  exit 0
elif [ -n "${1:-}" ]; then
  die "usage: bash scripts/quickstart.sh [--teardown]"
fi

[ -f "$state" ] && die "a quickstart is already set up ($state); run: bash scripts/quickstart.sh --teardown"
[ -S "$listen" ] && "$crisp" ctl --runtime-endpoint "unix://$listen" version >/dev/null 2>&1 \
  && die "a crisp daemon already serves $listen; stop it first"
case "$subnet" in *.0/24) ;; *) die "QUICKSTART_SUBNET must be a /24 ending in .0/24 (got $subnet)" ;; esac

mkdir -p "$qs_dir"
created_root=0; [ -e "$root" ] || created_root=1
installed_packages=""; built=0; registry_pid=""; daemon_pid=""
save_state() {
  cat >"$state" <<EOF
crisp='$crisp'
listen='$listen'
root='$root'
runroot='$runroot'
bridge='$bridge'
created_root=$created_root
built=$built
installed_packages='$installed_packages'
registry_pid=$registry_pid
daemon_pid=$daemon_pid
EOF
}
save_state

# 1. Packages and build (skipped when QUICKSTART_CRISP names a built crisp).
if [ -z "${QUICKSTART_CRISP:-}" ]; then
  for p in runc conmon containernetworking-plugins iproute2 iptables docker-registry busybox-static curl; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || installed_packages+="$p "
  done
  save_state
  say "installing packages (scripts/deps.sh) and curl"
  bash scripts/deps.sh >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends curl >/dev/null
  [ -x "$crisp" ] || built=1
  save_state
  say "building crisp into artifacts/crisp"
  bash scripts/publish.sh >/dev/null
fi
[ -x "$crisp" ] || die "no crisp executable at $crisp"

# 2. A registry on 127.0.0.1.
free_port() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ "$registry_port" = 0 ]; then
  registry_port=$((20000 + RANDOM % 20000))
  while ! free_port "$registry_port"; do registry_port=$((registry_port + 1)); done
fi
free_port "$registry_port" || die "127.0.0.1:$registry_port is in use; set QUICKSTART_REGISTRY_PORT to a free port"
registry=127.0.0.1:$registry_port
mkdir -p "$qs_dir/registry"
cat >"$qs_dir/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $qs_dir/registry/storage
http:
  addr: $registry
EOF
say "starting docker-registry on $registry"
setsid docker-registry serve "$qs_dir/registry/config.yml" >>"$qs_dir/registry/registry.log" 2>&1 </dev/null &
registry_pid=$!
save_state
for ((i = 0; i < 100; i++)); do
  curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && break
  alive "$registry_pid" || die "docker-registry exited (log: $qs_dir/registry/registry.log)"
  sleep 0.1
done

# 3. A busybox image from the host's busybox-static: one layer with busybox, its applets and a web page.
image_dir=$qs_dir/image
rm -rf "$image_dir"
mkdir -p "$image_dir/rootfs/bin" "$image_dir/rootfs/www" "$image_dir/rootfs/tmp" "$image_dir/rootfs/etc"
cp /bin/busybox "$image_dir/rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -s busybox "$image_dir/rootfs/bin/$applet"
done
echo "root:x:0:0:root:/root:/bin/sh" >"$image_dir/rootfs/etc/passwd"
echo "root:x:0:" >"$image_dir/rootfs/etc/group"
echo "<h1>Hello from a crisp pod</h1>" >"$image_dir/rootfs/www/index.html"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$image_dir/rootfs" -cf "$image_dir/layer.tar" .
diff_id=sha256:$(sha256sum "$image_dir/layer.tar" | cut -d' ' -f1)
gzip -n -c "$image_dir/layer.tar" >"$image_dir/layer.tar.gz"
arch=$(dpkg --print-architecture)
printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["%s"]},"history":[{"created_by":"crisp quickstart: busybox-static of the host"}]}' \
  "$arch" "$diff_id" >"$image_dir/config.json"

digest_of() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }
size_of() { stat -c %s "$1"; }
repo_name=crisp-quickstart/busybox
push_blob() {
  local file=$1 digest location sep
  digest=$(digest_of "$file")
  location=$(curl -fsS -X POST -D - -o /dev/null "http://$registry/v2/$repo_name/blobs/uploads/" \
    | awk 'tolower($1) == "location:" { print $2 }' | tr -d '\r')
  case "$location" in http*) ;; *) location="http://$registry$location" ;; esac
  sep='?'; case "$location" in *\?*) sep='&' ;; esac
  curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$file" \
    "$location${sep}digest=$digest" >/dev/null
}
push_blob "$image_dir/layer.tar.gz"
push_blob "$image_dir/config.json"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%s}]}' \
  "$(digest_of "$image_dir/config.json")" "$(size_of "$image_dir/config.json")" \
  "$(digest_of "$image_dir/layer.tar.gz")" "$(size_of "$image_dir/layer.tar.gz")" >"$image_dir/manifest.json"
curl -fsS -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$image_dir/manifest.json" \
  "http://$registry/v2/$repo_name/manifests/latest" >/dev/null
image=$registry/$repo_name:latest
say "pushed $image"

# 4. The daemon's configuration: a CNI bridge network of its own, the registry as an insecure (plain HTTP) one.
prefix=${subnet%.0/24}
mkdir -p "$qs_dir/cni" "$qs_dir/crisp.conf.d" "$qs_dir/logs"
cat >"$qs_dir/cni/10-crisp-quickstart.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "crisp-quickstart-$bridge",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$bridge",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "routes": [{ "dst": "0.0.0.0/0" }],
        "ranges": [[{ "subnet": "$subnet", "gateway": "$prefix.1" }]]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
cat >"$qs_dir/crisp.conf" <<EOF
# written by scripts/quickstart.sh
[crio.runtime]
cgroup_manager = "cgroupfs"
namespaces_dir = "$runroot/ns"
container_exits_dir = "$runroot/exits"
container_attach_socket_dir = "$runroot"

[crio.network]
network_dir = "$qs_dir/cni"
EOF
if [ -n "${QUICKSTART_RUNROOT:-}" ]; then
  printf '\n[crio.runtime.runtimes.runc]\nruntime_root = "%s/runc"\n' "$runroot" >>"$qs_dir/crisp.conf"
fi
cat >"$qs_dir/registries.conf" <<EOF
# written by scripts/quickstart.sh
[[registry]]
location = "$registry"
insecure = true
EOF

say "starting crisp on $listen (log: $qs_dir/crisp.log)"
start_daemon
save_state

# 5. The pod: busybox httpd serving /www on port 80, published on the host's port $host_port.
port_mappings=""
[ "$host_port" = 0 ] || port_mappings="\"port_mappings\": [{ \"protocol\": \"TCP\", \"container_port\": 80, \"host_port\": $host_port }],"
cat >"$qs_dir/pod.json" <<EOF
{
  "metadata": { "name": "$pod_name", "namespace": "default", "uid": "crisp-quickstart-$pod_name", "attempt": 1 },
  "hostname": "$pod_name",
  "log_directory": "$qs_dir/logs",
  $port_mappings
  "labels": { "app": "crisp-quickstart" },
  "linux": { "cgroup_parent": "$cgroup_parent" }
}
EOF
cat >"$qs_dir/httpd.json" <<EOF
{
  "metadata": { "name": "httpd" },
  "image": { "image": "$image" },
  "command": ["httpd", "-f", "-v", "-p", "80", "-h", "/www"],
  "log_path": "httpd.log",
  "labels": { "app": "crisp-quickstart" },
  "linux": {}
}
EOF
say "running pod $pod_name"
container_id=$(ctl run "$qs_dir/httpd.json" "$qs_dir/pod.json")
pod_id=$(ctl pods --name "$pod_name" -q | head -n 1)
pod_ip=$(ctl inspectp -o json "$pod_id" | grep -o '"ip": *"[0-9.]*"' | head -n 1 | grep -o '[0-9.]*"$' | tr -d '"')
[ -n "$pod_ip" ] || die "pod $pod_id has no IP address"
for ((i = 0; i < 50; i++)); do
  page=$(curl -fsS --max-time 2 "http://$pod_ip/" 2>/dev/null) && break
  sleep 0.2
done
[ -n "${page:-}" ] || die "busybox httpd in pod $pod_id does not answer on http://$pod_ip/"

ctl_hint="$crisp ctl"
[ "$listen" = /run/crisp/crisp.sock ] || ctl_hint="$crisp ctl -r unix://$listen"
cat <<EOF

crisp is running (pid $daemon_pid, socket $listen) with pod $pod_name ($pod_id) and container httpd ($container_id).
The pod answers:  curl http://$pod_ip/   ->  $page
EOF
[ "$host_port" = 0 ] || echo "and on the host:  curl http://127.0.0.1:$host_port/"
cat <<EOF

Look around:      $ctl_hint pods
                  $ctl_hint ps
                  $ctl_hint logs $container_id
                  $ctl_hint exec -it $container_id sh
Tear it down:     bash scripts/quickstart.sh --teardown
EOF
