#!/usr/bin/env bash
# The static checks (typecheck, ESLint, Prettier, dependency-cruiser, knip), run side by side with caches.
# Each stage is single-threaded, so on two cores two of them run at once for the price of one. The
# caches live in node_modules/.cache/checks: a clean clone (CI) starts cold and still gains from the
# parallel runs; a developer's second run only re-checks what changed.
# Prints each stage's wall time, and the output of the stages that failed. Exit status: 0 if all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=node_modules/.bin
CACHE=node_modules/.cache/checks
mkdir -p "$CACHE"
JOBS="${CHECK_JOBS:-$(nproc 2>/dev/null || echo 2)}"

stage() {
  local name=$1
  shift
  local start end
  start=$(date +%s%N)
  "$@" >"$CACHE/$name.log" 2>&1
  local status=$?
  end=$(date +%s%N)
  echo "$status $(((end - start) / 1000000))" >"$CACHE/$name.result"
}

STAGES=(typecheck-core typecheck-ui eslint prettier depcruise knip)
run_stage() {
  case $1 in
    typecheck-core) stage "$1" "$BIN/tsc" -p tsconfig.json --noEmit --incremental --tsBuildInfoFile "$CACHE/core.tsbuildinfo" ;;
    typecheck-ui) stage "$1" "$BIN/tsc" -p renderer/tsconfig.json --noEmit --incremental --tsBuildInfoFile "$CACHE/ui.tsbuildinfo" ;;
    eslint) stage "$1" "$BIN/eslint" . --cache --cache-strategy content --cache-location "$CACHE/eslint" ;;
    prettier) stage "$1" "$BIN/prettier" --check . --log-level warn --cache --cache-location "$CACHE/prettier" ;;
    depcruise) stage "$1" "$BIN/depcruise" electron shared renderer/src --config .dependency-cruiser.cjs ;;
    # Unused files, exports, types and dependencies (knip.jsonc).
    knip) stage "$1" "$BIN/knip" --no-progress ;;
  esac
}

started=$(date +%s%N)
rm -f "$CACHE"/*.result
# At most JOBS stages at a time, the slowest (ESLint, the typechecks) first.
for name in eslint typecheck-core typecheck-ui knip prettier depcruise; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  run_stage "$name" &
done
wait
total=$((($(date +%s%N) - started) / 1000000))

secs() { awk -v ms="$1" 'BEGIN { printf "%6.1f", ms / 1000 }'; }
failed=0
for name in "${STAGES[@]}"; do
  read -r status ms <"$CACHE/$name.result"
  printf '  %-15s %s s  %s\n' "$name" "$(secs "$ms")" "$([ "$status" = 0 ] && echo ok || echo FAILED)"
  if [ "$status" != 0 ]; then
    failed=1
    echo "---- $name output"
    cat "$CACHE/$name.log"
  fi
done
printf '  %-15s %s s  (wall, %s at a time)\n' "all checks" "$(secs "$total")" "$JOBS"
exit $failed
