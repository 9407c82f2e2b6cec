#!/usr/bin/env bash
# Transfer benchmark (issue 3, item 9): one file over loopback between two Eddy JVMs, the same transfer
# between two libswift processes when a swift binary is given, and a raw Netty UDP blast of the same
# datagram sizes as the physical reference. Prints MB/s, CPU seconds and peak RSS of each side.
#
# Usage: bench/transfer.sh [--size-mib N] [--chunk-size N] [--libswift /path/to/swift] [--heap 128m]
#   Defaults: 256 MiB, 1024-byte chunks, -Xmx128m per Eddy JVM. Only 127.0.0.1 is used. The Eddy JVMs get
#   the options bin/eddy gives them (bin/peer-jvm-options).
# Needs: JDK 17+, Maven (builds peer/target/eddy-peer.jar if missing), /usr/bin/time, bc.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZE_MIB=256
CHUNK=1024
SWIFT=""
HEAP=128m
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mib) SIZE_MIB=$2; shift 2 ;;
    --chunk-size) CHUNK=$2; shift 2 ;;
    --libswift) SWIFT=$2; shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "transfer.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

JAR=$ROOT/peer/target/eddy-peer.jar
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -B -q -pl peer -am package -DskipTests)
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mapfile -t SEED_JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" seed "$JAR")
mapfile -t GET_JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" get "$JAR")
WORK=$(mktemp -d /tmp/eddy-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

BYTES=$((SIZE_MIB * 1024 * 1024))
head -c "$BYTES" /dev/urandom > "$WORK/content.bin"
now() { date +%s.%N; }
# "<user+sys CPU s> <peak RSS MiB>" from a /usr/bin/time -v report.
usage_of() {
  awk -F: '/User time/{u=$2} /System time/{s=$2} /Maximum resident/{r=$2} END{printf "%.1f %.0f", u+s, r/1024}' "$1"
}
wait_for() { # FILE PATTERN SECONDS
  local i
  for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "transfer.sh: timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1
}
# Stops a command started as "/usr/bin/time ... CMD &" ($1 is time's pid): TERM to CMD, so time reports.
stop() {
  pkill -TERM -P "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
row() { printf '%-28s %10s %14s %14s %14s %14s\n' "$@"; }

echo "machine: $(nproc) vCPU, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "content: $SIZE_MIB MiB, chunk size $CHUNK bytes"
echo "Eddy JVM options: seed ${SEED_JVM_OPTIONS[*]}; get ${GET_JVM_OPTIONS[*]}"
row "run" "MB/s" "seed CPU s" "seed RSS MiB" "get CPU s" "get RSS MiB"
# (for the raw blast, "seed" is the sender and "get" the receiver)

# --- Eddy to Eddy ---------------------------------------------------------------------------------------
PORT=$((20000 + RANDOM % 10000))
/usr/bin/time -v -o "$WORK/eddy-seed.time" "$JAVA" "${SEED_JVM_OPTIONS[@]}" -Xmx$HEAP -jar "$JAR" seed "$WORK/content.bin" \
  --listen 127.0.0.1:$PORT --chunk-size "$CHUNK" > "$WORK/eddy-seed.out" 2>&1 &
SEED_PID=$!
PIDS+=("$SEED_PID")
wait_for "$WORK/eddy-seed.out" "Listening on" 300
SWARM=$(awk '/Swarm ID:/{print $3}' "$WORK/eddy-seed.out")
start=$(now)
/usr/bin/time -v -o "$WORK/eddy-get.time" "$JAVA" "${GET_JVM_OPTIONS[@]}" -Xmx$HEAP -jar "$JAR" get "$SWARM" --peer 127.0.0.1:$PORT \
  --chunk-size "$CHUNK" --output "$WORK/eddy-out.bin" --timeout 30m > "$WORK/eddy-get.out" 2>&1
end=$(now)
cmp -s "$WORK/content.bin" "$WORK/eddy-out.bin" || { echo "Eddy transfer is not byte-exact" >&2; exit 1; }
stop "$SEED_PID"
EDDY_MBS=$(echo "scale=1; $BYTES / 1000000 / ($end - $start)" | bc)
row "eddy -> eddy" "$EDDY_MBS" $(usage_of "$WORK/eddy-seed.time") $(usage_of "$WORK/eddy-get.time")
rm -f "$WORK/eddy-out.bin"

# --- libswift to libswift (optional) --------------------------------------------------------------------
if [ -n "$SWIFT" ]; then
  mkdir -p "$WORK/swift-seed" "$WORK/swift-get"
  ln "$WORK/content.bin" "$WORK/swift-seed/content.bin"
  SPORT=$((PORT + 1)); GPORT=$((PORT + 2))
  (cd "$WORK/swift-seed" && exec /usr/bin/time -v -o "$WORK/swift-seed.time" "$SWIFT" -f content.bin \
    -l 127.0.0.1:$SPORT -z "$CHUNK" > "$WORK/swift-seed.out" 2>&1) &
  SWIFT_SEED=$!
  PIDS+=("$SWIFT_SEED")
  wait_for "$WORK/swift-seed.out" "Root hash" 600
  wait_for "$WORK/swift-seed.out" "Mainloop" 600
  ROOTHASH=$(awk '/Root hash:/{print $3}' "$WORK/swift-seed.out")
  start=$(now)
  (cd "$WORK/swift-get" && exec /usr/bin/time -v -o "$WORK/swift-get.time" "$SWIFT" -l 127.0.0.1:$GPORT \
    -t 127.0.0.1:$SPORT -h "$ROOTHASH" -z "$CHUNK" -o . -p -w 1800s > "$WORK/swift-get.out" 2>&1) &
  GET_SUBSHELL=$!
  PIDS+=("$GET_SUBSHELL")
  # libswift keeps running after the download: the first "100%" progress line marks completion.
  until grep -q "100%" "$WORK/swift-get.out" 2>/dev/null; do
    kill -0 "$GET_SUBSHELL" 2>/dev/null || { echo "libswift download ended before completing" >&2; exit 1; }
    sleep 0.05
  done
  end=$(now)
  stop "$GET_SUBSHELL"
  stop "$SWIFT_SEED"
  cmp -s "$WORK/content.bin" "$WORK/swift-get/$ROOTHASH" || { echo "libswift transfer is not byte-exact" >&2; exit 1; }
  SWIFT_MBS=$(echo "scale=1; $BYTES / 1000000 / ($end - $start)" | bc)
  row "libswift -> libswift" "$SWIFT_MBS" $(usage_of "$WORK/swift-seed.time") $(usage_of "$WORK/swift-get.time")
  echo "eddy / libswift: $(echo "scale=2; $EDDY_MBS / $SWIFT_MBS" | bc)x"
fi

# --- raw Netty UDP blast of the same datagram sizes -------------------------------------------------------
DATAGRAM=$((CHUNK + 4 + 1 + 8 + 8)) # channel ID + DATA header (chunk range, timestamp) + payload
BLAST="$JAVA -Xmx$HEAP -cp $JAR $ROOT/bench/src/main/java/dev/eddy/bench/UdpBlast.java"
BPORT=$((PORT + 3))
/usr/bin/time -v -o "$WORK/blast-recv.time" $BLAST recv $BPORT "$BYTES" > "$WORK/blast-recv.out" 2> "$WORK/blast-recv.err" &
RECV_PID=$!
PIDS+=("$RECV_PID")
wait_for "$WORK/blast-recv.out" "ready" 120
/usr/bin/time -v -o "$WORK/blast-send.time" $BLAST send 127.0.0.1:$BPORT "$BYTES" "$DATAGRAM" > "$WORK/blast-send.out" 2> "$WORK/blast-send.err"
wait "$RECV_PID" || true
BLAST_MBS=$(awk '/^received/{print $(NF-1)}' "$WORK/blast-recv.out")
row "raw netty udp (one way)" "$BLAST_MBS" $(usage_of "$WORK/blast-send.time") $(usage_of "$WORK/blast-recv.time")
echo "raw blast: $(grep received "$WORK/blast-recv.out")"
echo "eddy / raw blast: $(echo "scale=2; $EDDY_MBS / $BLAST_MBS" | bc)"
