#!/usr/bin/env bash
# `bash scripts/package.sh [--debug]`: builds the installers — a .deb (Debian 12+, Ubuntu 22.04+)
# and an .rpm (rpm systems with WebKitGTK 4.1) — into dist/, the version in each file's name
# (Kylin/UOS and Windows: docs/packaging.md). Each holds the
# desktop program (/usr/bin/tic-review-app, with its menu entry and icon) and the command-line tool
# (/usr/bin/tic-review: signature verification, backups, due dates). The documents' typeface and
# the webview come from the system, declared as dependencies in src-tauri/tauri.conf.json.
# --debug packages the debug build the test suite already made (CI installs it and drives it).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
if [[ ${1:-} == --debug ]]; then profile=debug; fi

[[ -d ui/node_modules ]] || bash scripts/install-deps.sh
if [[ $profile == release ]]; then
  echo "== 构建发行版（release）"
  (cd ui && npx vite build --logLevel warn)
  cargo build --release --locked -p tic-review-app -p tic-cli --features tic-review-app/custom-protocol
else
  # The test suite's build as it stands (same flags, the UI it embeds), so nothing is compiled again.
  bash scripts/cargo.sh build
fi

target=${CARGO_TARGET_DIR:-$PWD/target}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
cli="$target/$profile/tic-review"
extra=$(printf '{"version":"%s","bundle":{"linux":{"deb":{"files":{"/usr/bin/tic-review":"%s"}},"rpm":{"files":{"/usr/bin/tic-review":"%s"}}}}}' "$version" "$cli" "$cli")
bundle_flags=(--bundles deb,rpm --ci --config "$extra")
[[ $profile == debug ]] && bundle_flags+=(--debug)
echo "== 打包（deb、rpm）"
rm -rf "$target/$profile/bundle"
(cd src-tauri && npx --prefix ../ui tauri bundle "${bundle_flags[@]}")

out=dist
[[ $profile == debug ]] && out=dist/debug
mkdir -p "$out"
rm -f "$out"/*.deb "$out"/*.rpm
cp "$target/$profile/bundle/rpm/"*.rpm "$out/"
deb=$(ls "$target/$profile/bundle/deb/"*.deb)
if [[ $profile == release ]]; then
  # The bundler compresses with gzip; dpkg-deb's xz makes the same package half the size (16.6 MB →
  # 8.0 MB measured: its large window finds the code the two programs share), well inside the 15 MB
  # an expert downloads onto a laptop.
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  dpkg-deb -R "$deb" "$work/pkg"
  dpkg-deb --root-owner-group -Zxz -z9 -b "$work/pkg" "$out/$(basename "$deb")" >/dev/null
  size=$(stat -c %s "$out/$(basename "$deb")")
  if ((size > 15 * 1024 * 1024)); then
    echo "安装包过大：$(basename "$deb") 为 $((size / 1024 / 1024)) MB，目标不超过 15 MB" >&2
    exit 1
  fi
else
  cp "$deb" "$out/"
fi
echo "== 安装包"
ls -l "$out"/*.deb "$out"/*.rpm
