#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: system packages, npm packages, then the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# keytar is optional for users; for the tests it must be built against libsecret.
node -e "require('keytar')" 2>/dev/null || npm rebuild keytar
bash scripts/test.sh
