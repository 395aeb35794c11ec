#!/usr/bin/env bash
# The packed tarball as a user gets it: `npm pack`, then `npm install --omit=dev <tarball>` in
# an empty folder, then `allot serve` from there on a free port with a temporary data
# directory; fetches the console (/) and /healthz, and stops it with SIGTERM (exit 0 expected).
# Runs alone (`.ci/pack-smoke.sh`) or as a step of .ci/run, in about a minute when npm's cache
# is warm (better-sqlite3: see below).
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "pack-smoke: $*" >&2
  [ -f "$work/serve.log" ] && sed 's/^/  serve: /' "$work/serve.log" >&2
  exit 1
}

echo "pack-smoke: npm pack (builds dist/ and web/dist/ first)"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
[ -f "$work/$tarball" ] || fail "npm pack made no tarball"

echo "pack-smoke: npm install --omit=dev $tarball in an empty folder"
mkdir "$work/app"
printf '{ "name": "allot-pack-smoke", "private": true }\n' >"$work/app/package.json"
# better-sqlite3's install script downloads a prebuilt binary or compiles one (minutes). When
# this checkout holds the same version, built for this Node, its binary is copied instead;
# PACK_SMOKE_COMPILE=1 runs the install script as a user's install would.
ours="node_modules/better-sqlite3"
theirs="$work/app/node_modules/better-sqlite3"
if [ "${PACK_SMOKE_COMPILE:-0}" != 1 ] && [ -f "$ours/build/Release/better_sqlite3.node" ]; then
  (cd "$work/app" && timeout 600 npm install --omit=dev --no-audit --no-fund --ignore-scripts \
    "$work/$tarball") || fail "the tarball does not install"
  if [ "$(node -p "require('./$ours/package.json').version")" = \
    "$(node -p "require('$theirs/package.json').version")" ]; then
    mkdir -p "$theirs/build/Release"
    cp "$ours/build/Release/better_sqlite3.node" "$theirs/build/Release/"
  else
    (cd "$work/app" && timeout 600 npm rebuild better-sqlite3) || fail "better-sqlite3 does not build"
  fi
else
  (cd "$work/app" && timeout 600 npm install --omit=dev --no-audit --no-fund "$work/$tarball") ||
    fail "the tarball does not install"
fi
[ -d "$work/app/node_modules/allot/web/dist" ] || fail "web/dist is missing from the tarball"

port="$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
base="http://127.0.0.1:$port"
echo "pack-smoke: serving on $base"
(cd "$work/app" && exec env -i PATH="$PATH" HOME="$work" ALLOT_DATA_DIR="$work/data" PORT="$port" \
  LOG_LEVEL=warn node node_modules/allot/bin/allot.js serve) >"$work/serve.log" 2>&1 &
pid=$!

for _ in $(seq 1 120); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || fail "allot serve exited before answering"
  sleep 0.5
done
health="$(curl -fsS "$base/healthz")" || fail "/healthz does not answer"
echo "pack-smoke: /healthz $health"
console="$(curl -fsS "$base/")" || fail "/ does not answer"
grep -q '<div id="root"></div>' <<<"$console" || fail "/ is not the console's HTML"
grep -q '<script type="module"' <<<"$console" || fail "/ has no console script"
echo "pack-smoke: / serves the console"

kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=""
[ "$code" -eq 0 ] || fail "allot serve exited with $code on SIGTERM"
echo "pack-smoke: passed"
