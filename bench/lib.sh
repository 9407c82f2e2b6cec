# Shell helpers shared by the benchmark scripts; sourced, not run. Messages name the script that sources it.
BENCH_NAME=$(basename "$0")

now() { date +%s.%N; }

# wait_for FILE PATTERN SECONDS PID: until PATTERN appears in FILE; fails if PID exits first or time runs out.
wait_for() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || { echo "$BENCH_NAME: process $4 exited waiting for '$2':" >&2; cat "$1" >&2; exit 1; }
    sleep 0.1
  done
  echo "$BENCH_NAME: timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1
}

# stop PID: ends a process this script started and reaps it.
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# median: of the numbers on standard input, one per line.
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
