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
# gnome-keyring-daemon 42 can die of its own assertion (g_error, "trap int3" in the kernel log) in the middle of a
# run. The bus then starts a new one on the next request, through the system's service file, which finds the
# keyring locked and asks for a password on a display there is none of: every later keychain test failed. Our own
# session bus config puts a service file first whose daemon unlocks with the test password, so a restarted daemon
# serves at once and only the request in flight at the crash is lost.
export TEST_KEYRING_PASSWORD=test-password
BUS_DIR="$TEST_HOME/.dbus-test"
mkdir -p "$BUS_DIR/services"
cat >"$BUS_DIR/services/org.freedesktop.secrets.service" <<'EOS'
[D-BUS Service]
Name=org.freedesktop.secrets
Exec=/bin/sh -c 'printf %s "$TEST_KEYRING_PASSWORD" | exec gnome-keyring-daemon --foreground --unlock --components=secrets'
EOS
BUS_CONFIG=()
if [ -f /usr/share/dbus-1/session.conf ]; then
  sed "s#<standard_session_servicedirs />#<servicedir>$BUS_DIR/services</servicedir><standard_session_servicedirs />#" \
    /usr/share/dbus-1/session.conf >"$BUS_DIR/session.conf"
  BUS_CONFIG=(--config-file="$BUS_DIR/session.conf")
fi
dbus-run-session "${BUS_CONFIG[@]}" -- bash -c '
  set -euo pipefail
  printf %s "$TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  echo "== unit and integration tests"
  node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json
  echo "== end-to-end tests (Chromium)"
  node_modules/.bin/playwright test
  echo "== MCP conformance suite, both protocol eras, directly and through the gateway"
  node --import tsx scripts/conformance.ts
'
node scripts/summary.mjs
