#!/usr/bin/env bash
# Sets up crisp on a fresh Debian 12 machine (as root) and runs the daemon in the foreground with the
# built-in defaults: CRI socket /run/crisp/crisp.sock, state in /var/lib/crisp and /run/crisp.
# Extra arguments go to the daemon, e.g. `bash scripts/run.sh --log-level debug`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
bash scripts/publish.sh
exec artifacts/crisp/crisp "$@"
