#!/usr/bin/env bash
# Installs what building and testing TIC Review needs on Debian/Ubuntu: system libraries for the
# webview, Xvfb and WebKitWebDriver for end-to-end tests, PDF tools, CJK fonts, and the UI's npm
# packages. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev
  xvfb xauth webkit2gtk-driver xdotool
  poppler-utils libnss3-tools fonts-noto-cjk fontconfig openssl strace sqlite3 rpm
  nodejs npm curl ca-certificates python3 python3-venv
)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Node and npm may come from elsewhere than Debian (nvm, NodeSource); do not fight them.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
  sudo_cmd=()
  [[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
  echo "安装系统软件包：${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "未找到 Rust 工具链（cargo）。请先安装 Rust：https://rustup.rs" >&2
  exit 1
fi

# pyHanko signs PDFs the way other tools do, so the verifier's tests read documents it did not
# write; it lives in its own virtual environment under target/ (never the system's Python).
venv=target/pyhanko-venv
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import pyhanko' 2>/dev/null; then
  mkdir -p target
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'pyHanko==0.25.3'
fi

# npm ci is exact and offline-safe once the cache is warm; skip it when the lock file has not changed.
if [[ ! -f ui/node_modules/.package-lock.json ]] || ! cmp -s ui/package-lock.json ui/node_modules/.lock-installed 2>/dev/null; then
  (cd ui && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.lock-installed)
fi
