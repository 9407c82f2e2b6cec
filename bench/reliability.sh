#!/usr/bin/env bash
# Reliability figures (RELIABILITY.md): one download per scenario and round through the impairment relay
# (eddy relay) on loopback, Eddy to Eddy and, when a swift binary is given, libswift to libswift through the
# same relay settings, rounds interleaved. Prints a Markdown table: the bound LossScenariosIT asserts for the
# scenario, each side's median process wall time (range), its throughput, and what was counted (the relay's
# drops; Eddy's seeder: chunks retransmitted, spurious, loss episodes, timeouts).
#
# Usage: bench/reliability.sh [--rounds N] [--libswift /path/to/swift] [--only NAME]
#   Defaults: 3 rounds; round r uses relay seed r. Only 127.0.0.1 is used. Eddy's peers and the relay run as
#   bin/eddy runs them: the jar in place, with bin/peer-jvm-options (the class-data sharing archives fit only
#   the jar they were made for, where it was; a copy would start without them, 0.2 s slower).
# Needs: JDK 17+, Maven (builds peer/target/eddy-peer.jar if missing), cmp, bc, python3 (free ports).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=3
SWIFT=""
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --libswift) SWIFT=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
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

# eddy ROUND RELAY_ARGS CONTENT DEADLINE -> "seconds dropped retransmitted spurious episodes timeouts" or "fail"
eddy_round() {
  local seeder_port relay_port seeder relay t0 t1 rc=0
  seeder_port=$(free_port); relay_port=$(free_port)
  rm -f "$WORK/seed.out" "$WORK/relay.out" # a previous round's lines must not satisfy the waits below
  "$JAVA" "${SEED_JVM_OPTIONS[@]}" -Dlogback.configurationFile="$WORK/logback.xml" -jar "$JAR" seed "$3" \
    --listen "127.0.0.1:$seeder_port" --debug > "$WORK/seed.out" 2> "$WORK/seed.err" &
  seeder=$!; PIDS+=("$seeder")
  wait_for "$WORK/seed.out" "Listening" 60 "$seeder"
  # shellcheck disable=SC2086 # the relay arguments are words
  "$JAVA" "${RELAY_JVM_OPTIONS[@]}" -jar "$JAR" relay --listen "127.0.0.1:$relay_port" --to "127.0.0.1:$seeder_port" $2 --seed "$1" > "$WORK/relay.out" 2>&1 &
  relay=$!; PIDS+=("$relay")
  wait_for "$WORK/relay.out" "Relaying" 30 "$relay"
  rm -f "$WORK/copy.bin"
  t0=$(now)
  "$JAVA" "${GET_JVM_OPTIONS[@]}" -jar "$JAR" get "$(sed -n 's/^Swarm ID: //p' "$WORK/seed.out")" --peer "127.0.0.1:$relay_port" \
    --output "$WORK/copy.bin" --timeout "$4s" > "$WORK/get.out" 2> "$WORK/get.err" || rc=$?
  t1=$(now)
  stop "$relay"; stop "$seeder"
  if [ "$rc" -ne 0 ] || ! cmp -s "$3" "$WORK/copy.bin"; then
    echo "reliability.sh: eddy get failed (exit $rc): $(tail -1 "$WORK/get.err")" >&2
    echo fail; return
  fi
  local counters
  counters=$(sed -n 's/.*retransmitted \([0-9]*\) chunks, \([0-9]*\) spurious, \([0-9]*\) loss episodes, \([0-9]*\) timeouts.*/\1 \2 \3 \4/p' "$WORK/seed.err" \
    | awk '{r += $1; s += $2; e += $3; t += $4} END {print r + 0, s + 0, e + 0, t + 0}')
  echo "$(echo "$t1 - $t0" | bc) $(relay_dropped "$WORK/relay.out") $counters"
}

# libswift ROUND RELAY_ARGS CONTENT DEADLINE -> "seconds dropped" or "fail". The leecher exits by itself once
# complete (it checks once a second, so up to a second late).
libswift_round() {
  local seeder_port relay_port seeder relay leecher t0 t1 hash rc=0 i
  seeder_port=$(free_port); relay_port=$(free_port)
  mkdir -p "$WORK/swift-seed" "$WORK/swift-get"
  rm -rf "$WORK/swift-seed/"* "$WORK/swift-get/"*
  cp "$3" "$WORK/swift-seed/content.bin" # it writes its hash tree beside the file
  rm -f "$WORK/swift-seed.out" "$WORK/relay.out"
  "$SWIFT" -f "$WORK/swift-seed/content.bin" -l "127.0.0.1:$seeder_port" > "$WORK/swift-seed.out" 2>&1 &
  seeder=$!; PIDS+=("$seeder")
  wait_for "$WORK/swift-seed.out" "Root hash" 120 "$seeder"
  hash=$(sed -n 's/.*Root hash: *\([0-9a-f]\{40\}\).*/\1/p' "$WORK/swift-seed.out" | head -1)
  # shellcheck disable=SC2086
  "$JAVA" "${RELAY_JVM_OPTIONS[@]}" -jar "$JAR" relay --listen "127.0.0.1:$relay_port" --to "127.0.0.1:$seeder_port" $2 --seed "$1" > "$WORK/relay.out" 2>&1 &
  relay=$!; PIDS+=("$relay")
  wait_for "$WORK/relay.out" "Relaying" 30 "$relay"
  t0=$(now)
  "$SWIFT" -t "127.0.0.1:$relay_port" -h "$hash" -o "$WORK/swift-get" > "$WORK/swift-get.out" 2>&1 &
  leecher=$!; PIDS+=("$leecher")
  for ((i = 0; i < $4 * 20; i++)); do kill -0 "$leecher" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$leecher" 2>/dev/null; then stop "$leecher"; rc=124; else wait "$leecher" || rc=$?; fi
  t1=$(now)
  stop "$relay"; stop "$seeder"
  if [ "$rc" -ne 0 ] || ! cmp -s "$3" "$WORK/swift-get/$hash"; then
    echo "reliability.sh: libswift leecher failed (exit $rc)" >&2
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
echo "Command: bench/reliability.sh --rounds $ROUNDS${SWIFT:+ --libswift $SWIFT}${ONLY:+ --only '$ONLY'}; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| scenario | relay | content | bound (LossScenariosIT) | Eddy | libswift | Eddy/libswift | counted (Eddy, per round: relay drops; chunks retransmitted, spurious, loss episodes, timeouts) |"
echo "|---|---|---|---|---|---|---|---|"
for s in "${SCENARIOS[@]}"; do
  IFS='|' read -r name args mib deadline bound <<< "$s"
  if [ -n "$ONLY" ] && [[ "$name" != *"$ONLY"* ]]; then continue; fi
  content=$WORK/content-$mib.bin
  [ -f "$content" ] || head -c $((mib * 1024 * 1024)) /dev/urandom > "$content"
  eddy_times=""; swift_times=""; counted=""
  for ((r = 1; r <= ROUNDS; r++)); do
    read -r t dropped retx spurious episodes timeouts <<< "$(eddy_round "$r" "$args" "$content" "$deadline")"
    if [ "$t" != fail ]; then
      eddy_times+=" $t"; counted+="${counted:+; }$dropped; $retx, $spurious, $episodes, $timeouts"
    else
      counted+="${counted:+; }failed"
    fi
    if [ -n "$SWIFT" ]; then
      read -r t dropped <<< "$(libswift_round "$r" "$args" "$content" "$deadline")"
      [ "$t" != fail ] && swift_times+=" $t"
    fi
  done
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
