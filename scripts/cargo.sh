#!/usr/bin/env bash
# `bash scripts/cargo.sh build|test`: cargo over the whole workspace — every crate, every target
# (tests and benches included), the shell with the embedded UI — always with the same flags, so
# cargo resolves one feature set and compiles each crate once for the demo, the build and the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
command=${1:?usage: scripts/cargo.sh build|test}
shift
# The shell embeds ui/dist (custom-protocol), so the UI is built before the first compile.
[[ -f ui/dist/index.html ]] || (cd ui && npx vite build --logLevel warn)
exec cargo "$command" --workspace --all-targets --features tic-review-app/custom-protocol --locked "$@"
