#!/usr/bin/env bash
# The whole test suite: UI unit tests, every Rust test (core and shell) from one build, and
# end-to-end tests that drive the real window under Xvfb through WebKitWebDriver.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== 界面类型检查与单元测试 (svelte-check, Vitest)"
(cd ui && npx svelte-check --tsconfig ./tsconfig.app.json --fail-on-warnings && npx vitest run)

echo "== 构建（核心、桌面程序与内嵌界面，一次编译）"
(cd ui && npx vite build --logLevel warn)
bash scripts/cargo.sh build

echo "== Rust 测试 (domain, package, store, docs, sign, export, cli, 桌面程序命令层)"
# The same flags as the build: nothing is compiled again.
bash scripts/cargo.sh test

echo "== 端到端测试（真实窗口）"
node --test --test-concurrency=1 tests/e2e/

echo "== 安装包（构建 .deb，用 apt 安装，在安装后的程序上运行端到端测试）"
bash scripts/package.sh --debug
sudo_cmd=()
[[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --reinstall --no-install-recommends "./dist/debug/tic-review_${version}_amd64.deb"
TIC_REVIEW_APP=/usr/bin/tic-review-app node --test --test-concurrency=1 tests/installed/
