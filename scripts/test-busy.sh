#!/usr/bin/env bash
# `npm test` on a busy machine: one busy-loop process pinned to each core (as on a small shared CI
# runner where other jobs use every core), then `npm test` beside them. Extra arguments go to vitest,
# e.g. `bash scripts/test-busy.sh test/suites/load test/e2e`. The loops are killed however this ends;
# the exit code is npm test's.
set -u

cd "$(dirname "$0")/.." || exit 2

if ! command -v taskset >/dev/null 2>&1; then
  echo "test-busy: taskset not found (Debian package util-linux)" >&2
  exit 2
fi

cores=$(nproc)
loops=()

stop_loops() {
  for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${loops[@]}"; do wait "$pid" 2>/dev/null; done
  loops=()
}
trap stop_loops EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for ((core = 0; core < cores; core++)); do
  # A pure CPU spin in its own shell, pinned to one core; nothing else is touched.
  taskset -c "$core" bash -c 'while :; do :; done' &
  loops+=("$!")
done
echo "test-busy: ${#loops[@]} busy loop(s) on ${cores} core(s): pids ${loops[*]}" >&2

npm test -- "$@"
code=$?
echo "test-busy: npm test exited ${code}" >&2
exit "$code"
