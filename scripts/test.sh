#!/usr/bin/env bash
# Static checks, unit + integration tests (with a real Secret Service), then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=node_modules/.bin
mkdir -p test-results
echo "== static checks side by side: typecheck, lint (ESLint), formatting (Prettier), the dependency rule (dependency-cruiser)"
bash scripts/checks.sh
echo "== build (compiled CLI, core, built-in servers, client types, Electron main, web UI): tests run against dist/"
node scripts/build.mjs

# A private HOME and session bus so the tests use a throwaway keyring, never the user's own.
TEST_HOME=$(mktemp -d)
trap 'rm -rf "$TEST_HOME"' EXIT
export HOME="$TEST_HOME" XDG_CONFIG_HOME="$TEST_HOME/.config" XDG_DATA_HOME="$TEST_HOME/.local/share"
export MCP_ORCH_REQUIRE_KEYRING=1
export npm_config_cache="${npm_config_cache:-$TEST_HOME/.npm}"
dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  echo "== unit and integration tests"
  node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json
  echo "== end-to-end tests (Chromium)"
  node_modules/.bin/playwright test
  echo "== MCP conformance suite, both protocol eras, directly and through the gateway"
  node --import tsx scripts/conformance.ts
'
node scripts/summary.mjs
