#!/usr/bin/env bash
# Builds the browser version of kip-index into web/dist/: the exact scorer as
# WebAssembly (crate kip-web), its JavaScript glue, the ES module kip.js and the SAQ
# page. Serve web/dist/ with any static server; nothing is fetched from elsewhere.
# It also writes web/dist/kip.html, the same page in one file that opens by
# double-click (file://), with Node.js (web/onefile.mjs).
#
#   bash web/build.sh
#   python3 -m http.server -d web/dist 8000   # then open http://127.0.0.1:8000/
set -euo pipefail
web="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$web")"
cd "$root"

# wasm-bindgen's command-line tool must be the version of the crate in Cargo.lock.
version="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
if [ -z "$version" ]; then
    echo "build.sh: no wasm-bindgen in Cargo.lock" >&2
    exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
    echo "build.sh: installing wasm-bindgen-cli $version (cargo install, once)" >&2
    cargo install wasm-bindgen-cli --version "$version"
fi
if command -v rustup > /dev/null; then
    rustup target add wasm32-unknown-unknown > /dev/null 2>&1 || true
fi

cargo build --profile web --target wasm32-unknown-unknown -p kip-web
rm -rf "$web/dist"
mkdir -p "$web/dist"
wasm-bindgen --target web --no-typescript --out-dir "$web/dist/pkg" \
    target/wasm32-unknown-unknown/web/kip_web.wasm
wasm-bindgen --target no-modules --no-typescript --out-dir "$web/dist/nomodules" \
    target/wasm32-unknown-unknown/web/kip_web.wasm
cp "$web"/www/* "$web/dist/"
# The bundled reference instrument, which the page opens by default.
cp examples/monev-2025/instrument.json "$web/dist/instrument.json"

# The one-file page, from the no-modules glue; the pieces are not needed after.
if command -v node > /dev/null; then
    node "$web/onefile.mjs"
else
    echo "build.sh: Node.js not found: web/dist/kip.html (the one-file page) not written" >&2
fi
rm -rf "$web/dist/nomodules"

wasm="$web/dist/pkg/kip_web_bg.wasm"
echo "build.sh: web/dist/ built; $(basename "$wasm") is $(wc -c < "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
