#!/usr/bin/env bash
# Sets up everything, seeds the demo database, and starts the app on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The same build as scripts/test.sh, so either command reuses what the other compiled.
(cd ui && npx vite build --logLevel warn)
bash scripts/cargo.sh build
mkdir -p demo
# The demo database is encrypted like any other, with a published demo key given to the command
# line and the app as TIC_REVIEW_KEY. A real installation keeps its random key in the system key
# store, or behind a passphrase chosen at first start.
export TIC_REVIEW_KEY=5449432d5245564945572d44454d4f2d4b45592d6e6f742d7365637265742121
./target/debug/tic-review seed-demo --db demo/tic-review-demo.db
# One laptop per expert: a review whose members scored on laptops of their own; their signed
# score-sheet packages wait in demo/packages/ to be imported by the chair (交换包 tab).
./target/debug/tic-review exchange-demo --db demo/tic-review-demo.db --out demo/packages
echo "启动技术创新中心专家评审（演示数据库：demo/tic-review-demo.db）"
TIC_REVIEW_DB="$PWD/demo/tic-review-demo.db" exec ./target/debug/tic-review-app
