#!/usr/bin/env bash
# The whole test suite: core Rust tests (no Tauri), UI unit tests, the desktop app build, and
# end-to-end tests that drive the real window under Xvfb through WebKitWebDriver.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== 界面类型检查与单元测试 (svelte-check, Vitest)"
(cd ui && npx svelte-check --tsconfig ./tsconfig.app.json --fail-on-warnings && npx vitest run)

echo "== 核心 Rust 测试 (domain, store, docs, sign, export, cli)"
cargo test --workspace --exclude tic-review-app --all-targets --locked

echo "== 桌面程序构建（内嵌界面）"
(cd ui && npx vite build --logLevel warn)
cargo build -p tic-review-app --features custom-protocol --locked

echo "== 端到端测试（真实窗口）"
node --test --test-concurrency=1 tests/e2e/
