#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: system packages, npm packages, then the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# No `npm rebuild`: the keychain test must pass with what a plain `npm ci` gives (@napi-rs/keyring's
# prebuilt binary; keytar's unapproved install script leaves it unbuilt on npm 11).
bash scripts/test.sh
