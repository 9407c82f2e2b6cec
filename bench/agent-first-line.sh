#!/usr/bin/env bash
# Eddy's tracing agent next to Arthas 4.1.5 on the same target (numbers go into BENCHMARKS.md, section
# "First traced line: Eddy's agent and Arthas"). Target: dev.eddy.bench.tracing.EightCallers, eight threads
# calling EightCallers.work in batches. For each tool and round, on a fresh target JVM:
#  1. first session: time from starting the tool (jcmd JVMTI.agent_load / arthas-boot.jar -c watch) to the
#     first traced line as it reaches the reader, limited to 1000 calls; then how many calls were reported;
#  2. residual instrumentation: the target's median cost per call before the trace and 5-8 s after it ended,
#     and what the tool says is still instrumented (Eddy: status; Arthas: the class count `reset` undoes,
#     then the cost again 5-8 s after the reset);
#  3. second session in the same JVM: time to its first traced line.
# Usage: bench/agent-first-line.sh [ROUNDS]   (JAVA_HOME picks the JDK; ARTHAS_HOME a ready Arthas 4.1.5)
set -eu # no pipefail: "grep | head -1" and "grep -q" close pipes early on purpose
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${1:-3}
JDK=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
OUT=${OUT:-$ROOT/bench/target/agent-first-line}
AGENT=$ROOT/agent/target/eddy-agent.jar
CLASS=dev.eddy.bench.tracing.EightCallers
mkdir -p "$OUT/classes"

[ -f "$AGENT" ] || mvn -B -q -pl agent -am package -DskipTests
"$JDK/bin/javac" -d "$OUT/classes" bench/src/main/java/dev/eddy/bench/tracing/EightCallers.java
ARTHAS_HOME=${ARTHAS_HOME:-$OUT/arthas}
if [ ! -f "$ARTHAS_HOME/arthas-boot.jar" ]; then
  mvn -B -q dependency:copy -Dartifact=com.taobao.arthas:arthas-packaging:4.1.5:zip:bin -DoutputDirectory="$OUT"
  unzip -q -o "$OUT/arthas-packaging-4.1.5-bin.zip" -d "$ARTHAS_HOME"
fi

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
# Prefixes every line with the epoch milliseconds at which it arrived.
stamp() { while IFS= read -r line; do printf '%s %s\n' "$(( ${EPOCHREALTIME/./} / 1000 ))" "$line"; done; }
# Lines of a stamped FILE that arrived at or after SINCE_MS (default all).
since() { awk -v t="${2:-0}" '$1>=t' "$1" 2>/dev/null; }
# wait_for FILE REGEX SECONDS [SINCE_MS]: until a line matches (or fail loudly).
wait_for() {
  local deadline=$((SECONDS + $3))
  until since "$1" "${4:-0}" | grep -qE "$2"; do
    [ $SECONDS -lt "$deadline" ] || { echo "timed out waiting for /$2/ in $1" >&2; tail -5 "$1" >&2; return 1; }
    sleep 0.01
  done
}
first_ms() { since "$1" "${3:-0}" | grep -E "$2" | head -1 | cut -d' ' -f1; }
# Median ns/call of the target's "rate" lines that arrived in [FROM_MS, TO_MS).
cost() { awk -v a="$2" -v b="$3" '$2=="rate" && $4!="n/a" && $1>=a && $1<b {print $4}' "$1" | sort -n |
  awk '{v[NR]=$1} END {print (NR ? v[int((NR+1)/2)] : "n/a")}'; }

TARGET_PID=
start_target() { # LOG
  "$JDK/bin/java" -XX:+EnableDynamicAgentLoading -cp "$OUT/classes" "$CLASS" 2>&1 | stamp > "$1" &
  wait_for "$1" ' ready [0-9]+$' 60
  TARGET_PID=$(grep -E ' ready [0-9]+$' "$1" | head -1 | cut -d' ' -f3)
  sleep 3 # a few rate lines untraced, and the loop in compiled code
}
stop_target() { [ -z "$TARGET_PID" ] || kill "$TARGET_PID" 2>/dev/null || true; wait 2>/dev/null || true; TARGET_PID=; }
trap stop_target EXIT # a failed step must not leave a target running (and writing into the next run's logs)

echo "machine: $(nproc) cores, $(uptime); JDK: $("$JDK/bin/java" -version 2>&1 | head -1)"
echo
echo "| tool | round | first line, fresh JVM | reported of limit 1000 | ns/call: before / 5-8 s after the limit / 5-8 s after reset | still instrumented after the limit | first line, 2nd session |"
echo "|---|---|---|---|---|---|---|"
CALL_LINE=" \[caller-[0-9]\] $CLASS\.work\([0-9]+\)$"
for round in $(seq "$ROUNDS"); do
  # --- Eddy (default sink: the target's stdout, stamped as it arrives like everything the target prints)
  log=$OUT/eddy-$round-target.log
  start_target "$log"
  t0=$(now_ms)
  "$JDK/bin/jcmd" "$TARGET_PID" JVMTI.agent_load "$AGENT" "trace:$CLASS#work,limit:1000,return" > /dev/null
  wait_for "$log" 'eddy-trace: stopped \(' 120
  first=$(( $(first_ms "$log" "$CALL_LINE") - t0 ))
  stopped=$(first_ms "$log" 'eddy-trace: stopped \(')
  sleep 9
  status=$OUT/eddy-$round-status.log
  rm -f "$status" # file sinks append
  "$JDK/bin/jcmd" "$TARGET_PID" JVMTI.agent_load "$AGENT" "status,sink:file:$status" > /dev/null
  left=$(grep -oE 'instrumented classes \([0-9]+\)' "$status" | grep -oE '[0-9]+')
  # The calls in flight when the limit tripped may return just after the closing line.
  session=$(awk '/ eddy-trace: status: / {exit} {print}' "$log")
  calls=$(grep -cE "$CALL_LINE" <<< "$session" || true)
  returns=$(grep -cE " $CLASS\.work/1 --> " <<< "$session" || true)
  residual="$(cost "$log" $((t0 - 3100)) "$t0") / $(cost "$log" $((stopped + 5000)) $((stopped + 8100)))"
  t1=$(now_ms)
  "$JDK/bin/jcmd" "$TARGET_PID" JVMTI.agent_load "$AGENT" "trace:$CLASS#work,limit:1000,return" > /dev/null
  wait_for "$log" "$CALL_LINE" 120 "$t1"
  second=$(( $(first_ms "$log" "$CALL_LINE" "$t1") - t1 ))
  stop_target
  echo "| Eddy | $round | $first ms | $calls calls, $returns returns | $residual / (no reset needed) | $left classes (status) | $second ms |"

  # --- Arthas
  log=$OUT/arthas-$round-target.log; out=$OUT/arthas-$round-watch.log
  start_target "$log"
  t0=$(now_ms)
  "$JDK/bin/java" -jar "$ARTHAS_HOME/arthas-boot.jar" --arthas-home "$ARTHAS_HOME" "$TARGET_PID" \
    -c "watch $CLASS work -n 1000" 2>&1 | stamp > "$out"
  done_at=$(now_ms)
  first=$(( $(first_ms "$out" "method=$CLASS\.work ") - t0 ))
  # Results from several threads can share a line, so occurrences are counted, not lines.
  calls=$(grep -oE "method=$CLASS\.work location=" "$out" | wc -l)
  sleep 9
  residual="$(cost "$log" $((t0 - 3100)) "$t0") / $(cost "$log" $((done_at + 5000)) $((done_at + 8100)))"
  left=$("$JDK/bin/java" -jar "$ARTHAS_HOME/arthas-boot.jar" --arthas-home "$ARTHAS_HOME" "$TARGET_PID" -c reset 2>&1 |
    grep -oE 'class count: [0-9]+' | grep -oE '[0-9]+' || echo "?")
  reset_at=$(now_ms)
  sleep 9
  residual="$residual / $(cost "$log" $((reset_at + 5000)) $((reset_at + 8100)))"
  t1=$(now_ms)
  "$JDK/bin/java" -jar "$ARTHAS_HOME/arthas-boot.jar" --arthas-home "$ARTHAS_HOME" "$TARGET_PID" \
    -c "watch $CLASS work -n 1000" 2>&1 | stamp > "$out.2"
  second=$(( $(first_ms "$out.2" "method=$CLASS\.work ") - t1 ))
  "$JDK/bin/java" -jar "$ARTHAS_HOME/arthas-boot.jar" --arthas-home "$ARTHAS_HOME" "$TARGET_PID" -c stop > /dev/null 2>&1 || true
  stop_target
  echo "| Arthas 4.1.5 | $round | $first ms | $calls results | $residual | $left classes (reset) | $second ms |"
done
echo
echo "after: $(uptime)"
