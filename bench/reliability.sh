#!/usr/bin/env bash
# Reliability figures (RELIABILITY.md): one download per scenario and round through the impairment relay
# (eddy relay) on loopback, Eddy to Eddy and, when a swift binary is given, libswift to libswift through the
# same relay settings, rounds interleaved. Prints a Markdown table: the bound LossScenariosIT asserts for the
# scenario, each side's median downloader process wall time (range), its throughput, and what was counted over
# all rounds (the relay's drops; Eddy's seeder: chunks sent again, spurious, loss episodes, timeouts).
#
# Usage: bench/reliability.sh [--rounds N] [--libswift /path/to/swift] [--only NAME] [--fresh-seeders]
#   Each scenario starts one seeder of each kind and warms it with a download that is not counted; each round
#   is a fresh relay and downloader. --fresh-seeders starts the seeders for every round instead.
#   Defaults: 3 rounds; round r uses relay seed r. Only 127.0.0.1 is used. Eddy's peers and the relay run as
#   bin/eddy runs them: the jar in place, with bin/peer-jvm-options (the class-data sharing archives fit only
#   the jar they were made for, where it was; a copy would start without them, 0.2 s slower).
# Needs: JDK 17+, Maven (builds peer/target/eddy-peer.jar if missing), cmp, bc, python3 (free ports).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=3
SWIFT=""
ONLY=""
FRESH=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --libswift) SWIFT=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --fresh-seeders) FRESH=true; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "reliability.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# name | relay arguments | content MiB | deadline s | LossScenariosIT's bound (keep in step with it)
SCENARIOS=(
  "no loss|--loss 0%|8|60|-"
  "1% loss|--loss 1%|8|60|20 s"
  "5% loss|--loss 5%|8|120|25 s"
  "3% loss in bursts of 4|--loss 3% --burst 4|8|120|40 s"
  "1% reordering|--reorder 1%|8|60|20 s, 32 chunks sent again"
  "1% reordering + 1% duplication|--reorder 1% --duplicate 1%|8|60|20 s"
  "100 ms RTT|--delay 50ms|8|120|-"
  "100 ms RTT +/-10 ms|--delay 50ms --jitter 5ms|8|120|20 s for 256 KiB"
  "20% loss, 100 ms RTT +/-10 ms|--loss 20% --delay 50ms --jitter 5ms|1|900|120 s for 256 KiB"
  "10 s blackout at 2 s, 16 Mbit/s|--rate 16mbit --queue 262144 --blackout 2s+10s|8|120|10-60 s"
)

JAR=$ROOT/peer/target/eddy-peer.jar
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -B -q -pl peer -am package -DskipTests)
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d /tmp/eddy-reliability.XXXXXX)
mapfile -t SEED_JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" seed "$JAR")
mapfile -t GET_JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" get "$JAR")
mapfile -t RELAY_JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" relay "$JAR")
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
# The seeder runs with --debug for the channel log (its close line carries loss recovery's counters), and
# this configuration keeps the per-message and per-second logs off, so logging costs nothing measurable.
cat > "$WORK/logback.xml" <<'EOF'
<configuration>
  <appender name="E" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
    <encoder><pattern>%msg%n</pattern></encoder></appender>
  <logger name="dev.eddy.peer.channels" level="DEBUG"/>
  <logger name="dev.eddy.peer.messages" level="WARN"/>
  <logger name="dev.eddy.peer.stats" level="WARN"/>
  <root level="WARN"><appender-ref ref="E"/></root>
</configuration>
EOF

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
. "$ROOT/bench/lib.sh"
relay_dropped() { awk '/dropped/ {for (i = 1; i <= NF; i++) if ($i == "dropped") d += $(i + 1)} END {print d + 0}' "$1"; }

# Seeders run for a whole scenario, as seeders do, each warmed by one download straight from it that is not
# counted; every round is a fresh relay and a fresh downloader, timed from its start to its exit. With
# --fresh-seeders each round starts its own seeders instead (the method of RELIABILITY.md's earlier figures):
# then a seeder's start-up and warm-up compete with its downloader for the machine's cores.

# start_eddy_seeder CONTENT: sets EDDY_SEEDER, EDDY_SEEDER_PORT, EDDY_SWARM; warms it unless --fresh-seeders.
start_eddy_seeder() {
  EDDY_SEEDER_PORT=$(free_port)
  rm -f "$WORK/seed.out" "$WORK/seed.err" # a previous seeder's lines must not satisfy the waits below
  "$JAVA" "${SEED_JVM_OPTIONS[@]}" -Dlogback.configurationFile="$WORK/logback.xml" -jar "$JAR" seed "$1" \
    --listen "127.0.0.1:$EDDY_SEEDER_PORT" --debug > "$WORK/seed.out" 2> "$WORK/seed.err" &
  EDDY_SEEDER=$!; PIDS+=("$EDDY_SEEDER")
  wait_for "$WORK/seed.out" "Listening" 60 "$EDDY_SEEDER"
  EDDY_SWARM=$(sed -n 's/^Swarm ID: //p' "$WORK/seed.out")
  if ! $FRESH; then
    "$JAVA" "${GET_JVM_OPTIONS[@]}" -jar "$JAR" get "$EDDY_SWARM" --peer "127.0.0.1:$EDDY_SEEDER_PORT" \
      --output "$WORK/warm.bin" --timeout 60s > /dev/null 2>&1 || { echo "reliability.sh: Eddy's warm-up failed" >&2; exit 1; }
    rm -f "$WORK/warm.bin"
    # The warm-up's channel is not counted: wait for its close line (no loss on its way, so its goodbye came).
    for _ in $(seq 50); do grep -q "retransmitted" "$WORK/seed.err" && break; sleep 0.1; done
  fi
  EDDY_SEEDER_COUNTED_FROM=$(($(wc -l < "$WORK/seed.err") + 1))
}

# stop_eddy_seeder: stops it (closing the channels whose close a downloader's lost goodbye left open) and adds
# its channels' loss recovery counters to COUNTED_EDDY ("retransmitted spurious episodes timeouts").
stop_eddy_seeder() {
  stop "$EDDY_SEEDER"
  local add
  add=$(tail -n +"$EDDY_SEEDER_COUNTED_FROM" "$WORK/seed.err" \
    | sed -n 's/.*retransmitted \([0-9]*\) chunks, \([0-9]*\) spurious, \([0-9]*\) loss episodes, \([0-9]*\) timeouts.*/\1 \2 \3 \4/p')
  COUNTED_EDDY=$(printf '%s\n%s\n' "$COUNTED_EDDY" "$add" | awk '{r += $1; s += $2; e += $3; t += $4} END {print r + 0, s + 0, e + 0, t + 0}')
}

# start_swift_seeder CONTENT: sets SWIFT_SEEDER, SWIFT_SEEDER_PORT, SWIFT_HASH; warms it unless --fresh-seeders.
start_swift_seeder() {
  SWIFT_SEEDER_PORT=$(free_port)
  mkdir -p "$WORK/swift-seed" "$WORK/swift-get"
  rm -rf "$WORK/swift-seed/"* "$WORK/swift-get/"*
  cp "$1" "$WORK/swift-seed/content.bin" # it writes its hash tree beside the file
  rm -f "$WORK/swift-seed.out"
  "$SWIFT" -f "$WORK/swift-seed/content.bin" -l "127.0.0.1:$SWIFT_SEEDER_PORT" > "$WORK/swift-seed.out" 2>&1 &
  SWIFT_SEEDER=$!; PIDS+=("$SWIFT_SEEDER")
  wait_for "$WORK/swift-seed.out" "Root hash" 120 "$SWIFT_SEEDER"
  SWIFT_HASH=$(sed -n 's/.*Root hash: *\([0-9a-f]\{40\}\).*/\1/p' "$WORK/swift-seed.out" | head -1)
  if ! $FRESH; then
    swift_leech "127.0.0.1:$SWIFT_SEEDER_PORT" 60 || { echo "reliability.sh: libswift's warm-up failed" >&2; exit 1; }
    rm -rf "$WORK/swift-get/"*
  fi
}

# swift_leech PEER DEADLINE: a libswift leecher, which exits by itself once complete (it checks once a second,
# so up to a second late); fails if it does not end in time or its file differs.
swift_leech() {
  local leecher i rc=0
  "$SWIFT" -t "$1" -h "$SWIFT_HASH" -o "$WORK/swift-get" > "$WORK/swift-get.out" 2>&1 &
  leecher=$!; PIDS+=("$leecher")
  for ((i = 0; i < $2 * 20; i++)); do kill -0 "$leecher" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$leecher" 2>/dev/null; then stop "$leecher"; rc=124; else wait "$leecher" || rc=$?; fi
  [ "$rc" -eq 0 ] && cmp -s "$WORK/swift-seed/content.bin" "$WORK/swift-get/$SWIFT_HASH"
}

# start_relay ROUND RELAY_ARGS TARGET_PORT: sets RELAY and RELAY_PORT.
start_relay() {
  RELAY_PORT=$(free_port)
  rm -f "$WORK/relay.out"
  # shellcheck disable=SC2086 # the relay arguments are words
  "$JAVA" "${RELAY_JVM_OPTIONS[@]}" -jar "$JAR" relay --listen "127.0.0.1:$RELAY_PORT" --to "127.0.0.1:$3" $2 --seed "$1" > "$WORK/relay.out" 2>&1 &
  RELAY=$!; PIDS+=("$RELAY")
  wait_for "$WORK/relay.out" "Relaying" 30 "$RELAY"
}

# stop_relay: once the downloader's goodbye, which may still wait in the relay's delay queue, has gone on:
# a seeder whose channel stays open (the goodbye lost, as any datagram may be) probes and times out until
# it stops, and those timeouts are counted too.
stop_relay() {
  sleep 0.2
  stop "$RELAY"
}

# eddy_round ROUND RELAY_ARGS CONTENT DEADLINE -> "seconds dropped" or "fail"
eddy_round() {
  local t0 t1 rc=0
  start_relay "$1" "$2" "$EDDY_SEEDER_PORT"
  rm -f "$WORK/copy.bin"
  t0=$(now)
  "$JAVA" "${GET_JVM_OPTIONS[@]}" -jar "$JAR" get "$EDDY_SWARM" --peer "127.0.0.1:$RELAY_PORT" \
    --output "$WORK/copy.bin" --timeout "$4s" > "$WORK/get.out" 2> "$WORK/get.err" || rc=$?
  t1=$(now)
  stop_relay
  if [ "$rc" -ne 0 ] || ! cmp -s "$3" "$WORK/copy.bin"; then
    echo "reliability.sh: eddy get failed (exit $rc): $(tail -1 "$WORK/get.err")" >&2
    echo fail; return
  fi
  echo "$(echo "$t1 - $t0" | bc) $(relay_dropped "$WORK/relay.out")"
}

# libswift_round ROUND RELAY_ARGS CONTENT DEADLINE -> "seconds dropped" or "fail"
libswift_round() {
  local t0 t1 ok=true
  start_relay "$1" "$2" "$SWIFT_SEEDER_PORT"
  rm -rf "$WORK/swift-get/"*
  t0=$(now)
  swift_leech "127.0.0.1:$RELAY_PORT" "$4" || ok=false
  t1=$(now)
  stop_relay
  if ! $ok; then
    echo "reliability.sh: libswift leecher failed or its file differs" >&2
    echo fail; return
  fi
  echo "$(echo "$t1 - $t0" | bc) $(relay_dropped "$WORK/relay.out")"
}

# summary "t1 t2 ..." MIB -> "median s (min-max), MiB/s at the median"
summary() {
  echo "$1" | tr ' ' '\n' | grep -v '^$' | sort -g | awk -v mib="$2" '
    {v[NR] = $1} END {
      if (NR == 0) {print "failed"; exit}
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.1f s (%.1f-%.1f), %.2f MiB/s", m, v[1], v[NR], mib / m }'
}

echo "Machine: $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Command: bench/reliability.sh --rounds $ROUNDS${SWIFT:+ --libswift $SWIFT}${ONLY:+ --only '$ONLY'}$($FRESH && echo ' --fresh-seeders'); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| scenario | relay | content | bound (LossScenariosIT) | Eddy | libswift | Eddy/libswift | counted (Eddy, all rounds: relay drops; chunks sent again, spurious, loss episodes, timeouts) |"
echo "|---|---|---|---|---|---|---|---|"
for s in "${SCENARIOS[@]}"; do
  IFS='|' read -r name args mib deadline bound <<< "$s"
  if [ -n "$ONLY" ] && [[ "$name" != *"$ONLY"* ]]; then continue; fi
  content=$WORK/content-$mib.bin
  [ -f "$content" ] || head -c $((mib * 1024 * 1024)) /dev/urandom > "$content"
  eddy_times=""; swift_times=""; COUNTED_EDDY=""; dropped_eddy=0; failed=0
  if ! $FRESH; then
    start_eddy_seeder "$content"
    [ -n "$SWIFT" ] && start_swift_seeder "$content"
  fi
  for ((r = 1; r <= ROUNDS; r++)); do
    if $FRESH; then
      start_eddy_seeder "$content"
      [ -n "$SWIFT" ] && start_swift_seeder "$content"
    fi
    read -r t dropped <<< "$(eddy_round "$r" "$args" "$content" "$deadline")"
    if [ "$t" != fail ]; then
      eddy_times+=" $t"; dropped_eddy=$((dropped_eddy + dropped))
    else
      failed=$((failed + 1))
    fi
    if [ -n "$SWIFT" ]; then
      read -r t dropped <<< "$(libswift_round "$r" "$args" "$content" "$deadline")"
      [ "$t" != fail ] && swift_times+=" $t"
    fi
    if $FRESH; then
      stop_eddy_seeder
      [ -n "$SWIFT" ] && stop "$SWIFT_SEEDER"
    fi
  done
  if ! $FRESH; then
    stop_eddy_seeder
    [ -n "$SWIFT" ] && stop "$SWIFT_SEEDER"
  fi
  read -r retx spurious episodes timeouts <<< "$COUNTED_EDDY"
  counted="$dropped_eddy; $retx, $spurious, $episodes, $timeouts"
  [ "$failed" -gt 0 ] && counted+="; $failed rounds failed"
  eddy=$(summary "$eddy_times" "$mib")
  swift="-"; ratio="-"
  if [ -n "$SWIFT" ]; then
    swift=$(summary "$swift_times" "$mib")
    if [ -n "$eddy_times" ] && [ -n "$swift_times" ]; then
      ratio=$(awk -v e="${eddy%% s*}" -v l="${swift%% s*}" 'BEGIN {printf "%.2f", e / l}')
    fi
  fi
  echo "| $name | \`$args\` | $mib MiB | $bound | $eddy | $swift | $ratio | $counted |"
done
