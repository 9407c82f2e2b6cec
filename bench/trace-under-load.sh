#!/usr/bin/env bash
# Tracing under load (issue 15, item 8): what attaching the agent to a seeder's hot path costs a transfer at
# full speed. Each round runs two fresh seeders on loopback, each serving two downloads in a row:
#   untraced: download 1, download 2
#   traced:   download 1 with `eddy trace SEEDER SPEC` started DELAY into it, download 2 after the trace ended
# and prints, per round and as medians: how much longer the traced download 1 took than the untraced one,
# next to the trace window (from starting `eddy trace` to its exit: attaching, installing, tracing LIMIT calls,
# restoring the bytecode); and download 2's time traced/untraced (1.00 = the peer is as fast as before).
#
# Usage: bench/trace-under-load.sh [--rounds N] [--size-mib M] [--delay S] [--spec SPEC]
#   Defaults: 3 rounds, 512 MiB at 1024-byte chunks, the trace started 1 s into the download, and
#   SPEC 'trace:dev.eddy.peer.wire.DatagramEncoder#encode,limit:1000' (called for every datagram sent).
# Needs: JDK 17+, Maven (builds the jars if missing), bc. Only 127.0.0.1 is used.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=3
SIZE_MIB=512
DELAY=1
SPEC='trace:dev.eddy.peer.wire.DatagramEncoder#encode,limit:1000'
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --size-mib) SIZE_MIB=$2; shift 2 ;;
    --delay) DELAY=$2; shift 2 ;;
    --spec) SPEC=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "trace-under-load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

PEER_JAR=$ROOT/peer/target/eddy-peer.jar
AGENT_JAR=$ROOT/agent/target/eddy-agent.jar
if [ ! -f "$PEER_JAR" ] || [ ! -f "$AGENT_JAR" ]; then
  (cd "$ROOT" && mvn -B -q -pl peer,agent -am package -DskipTests)
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mapfile -t SEED_JVM < <("$ROOT/bin/peer-jvm-options" seed "$PEER_JAR")
mapfile -t GET_JVM < <("$ROOT/bin/peer-jvm-options" get "$PEER_JAR")
WORK=$(mktemp -d /tmp/eddy-trace-load.XXXXXX)
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$WORK/content.bin"
. "$ROOT/bench/lib.sh"
since() { echo "$(now) - $1" | bc; }

start_seeder() { # NAME -> sets SEEDER (pid) and ADDRESS, SWARM
  "$JAVA" "${SEED_JVM[@]}" -Xmx256m -jar "$PEER_JAR" seed "$WORK/content.bin" --listen 127.0.0.1:0 \
    > "$WORK/$1.out" 2>&1 &
  SEEDER=$!
  PIDS+=("$SEEDER")
  wait_for "$WORK/$1.out" "Listening on" 60 "$SEEDER"
  ADDRESS=$(grep -o "Listening on udp [0-9.:]*" "$WORK/$1.out" | awk '{print $4}')
  SWARM=$(awk '/Swarm ID:/{print $3; exit}' "$WORK/$1.out")
  [ -n "$ADDRESS" ] || { echo "trace-under-load.sh: the seeder did not start:" >&2; cat "$WORK/$1.out" >&2; exit 1; }
}

# One download from the seeder at ADDRESS into a fresh file; prints its wall time.
download() { # NAME
  local start
  start=$(now)
  "$JAVA" "${GET_JVM[@]}" -Xmx256m -jar "$PEER_JAR" get "$SWARM" --peer "$ADDRESS" --output "$WORK/$1.bin" \
    --timeout 10m > "$WORK/$1.get" 2>&1 || { echo "trace-under-load.sh: download $1 failed:" >&2; cat "$WORK/$1.get" >&2; exit 1; }
  since "$start"
  cmp -s "$WORK/content.bin" "$WORK/$1.bin" || { echo "trace-under-load.sh: download $1 is not byte-exact" >&2; exit 1; }
  rm -f "$WORK/$1.bin"
}

echo "machine: $(nproc) vCPU, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "content: $SIZE_MIB MiB at 1024-byte chunks; trace: $SPEC, started ${DELAY} s into the download"
printf '%-6s %12s %12s %10s %10s %12s %12s %8s\n' round "untraced 1" "traced 1" "delay" "window" "untraced 2" "traced 2" "2: t/u"
: > "$WORK/delays"; : > "$WORK/windows"; : > "$WORK/ratios"
for ((r = 1; r <= ROUNDS; r++)); do
  start_seeder "plain$r"
  plain=$SEEDER
  u1=$(download "u1-$r")
  u2=$(download "u2-$r")
  stop "$plain"

  start_seeder "traced$r"
  traced=$SEEDER
  (
    sleep "$DELAY"
    t0=$(now)
    "$JAVA" -cp "$AGENT_JAR" dev.eddy.agent.attach.TraceCommand "$traced" "$SPEC" > "$WORK/trace$r.out" 2>&1 \
      || echo "trace failed: $?" >> "$WORK/trace$r.out"
    since "$t0" > "$WORK/window$r"
  ) &
  tracer=$!
  t1=$(download "t1-$r")
  wait "$tracer"
  grep -q "trace failed" "$WORK/trace$r.out" && { cat "$WORK/trace$r.out" >&2; exit 1; }
  grep -q "calls reported" "$WORK/trace$r.out" || { echo "no closing line from eddy trace:" >&2; cat "$WORK/trace$r.out" >&2; exit 1; }
  t2=$(download "t2-$r")
  stop "$traced"

  window=$(cat "$WORK/window$r")
  delay=$(echo "$t1 - $u1" | bc)
  ratio=$(echo "scale=3; $t2 / $u2" | bc)
  echo "$delay" >> "$WORK/delays"; echo "$window" >> "$WORK/windows"; echo "$ratio" >> "$WORK/ratios"
  printf '%-6d %11.2fs %11.2fs %9.2fs %9.2fs %11.2fs %11.2fs %8.2f\n' "$r" "$u1" "$t1" "$delay" "$window" "$u2" "$t2" "$ratio"
done
printf '%-6s %12s %12s %9.2fs %9.2fs %12s %12s %8.2f\n' median "" "" "$(median < "$WORK/delays")" \
  "$(median < "$WORK/windows")" "" "" "$(median < "$WORK/ratios")"
echo "last trace's first and closing lines:"
grep -m1 "tracing" "$WORK/trace$ROUNDS.out" || true
grep "calls reported" "$WORK/trace$ROUNDS.out" || true
