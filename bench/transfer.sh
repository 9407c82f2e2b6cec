#!/usr/bin/env bash
# Transfer benchmark (issues 3 and 19): files over loopback between two Eddy JVMs, the same transfers between
# two libswift processes when a swift binary is given (rounds interleaved, Eddy first), what `dd` writes to the
# same disk with fsync, and a raw Netty UDP blast of the same datagram sizes as the physical reference. Every
# round starts both peers fresh. Prints each round (MiB/s, CPU seconds and peak RSS of each side), then one
# table of medians per size and chunk size.
#
# Usage: bench/transfer.sh [--size-mib N[,N...]] [--chunk-size N[,N...]] [--rounds N] [--libswift PATH]
#                          [--heap 128m] [--jar PATH] [--no-blast]
#   Defaults: 256 MiB, 1024-byte chunks, 1 round, -Xmx128m per Eddy JVM, the worktree's jar. MiB/s is content
#   bytes over the downloader's process wall time (Eddy: `eddy get` from launch to exit, the file verified and
#   forced to disk; libswift: from launch to its first `100%` progress line). The Eddy JVMs get the options
#   bin/eddy gives them (bin/peer-jvm-options); --jar measures another build (its class-data sharing archives
#   are looked up beside it). Only 127.0.0.1 is used.
#   The issue 19 table: bench/transfer.sh --size-mib 256,1024 --chunk-size 1024,8192 --rounds 3 --libswift PATH
# Needs: JDK 17+, Maven (builds peer/target/eddy-peer.jar if missing), /usr/bin/time, bc, dd.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=256
CHUNKS=1024
ROUNDS=1
SWIFT=""
HEAP=128m
JAR=$ROOT/peer/target/eddy-peer.jar
BLAST=true
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mib) SIZES=$2; shift 2 ;;
    --chunk-size) CHUNKS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --libswift) SWIFT=$(readlink -f "$2"); shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    --jar) JAR=$(readlink -f "$2"); shift 2 ;;
    --no-blast) BLAST=false; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "transfer.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ ! -f "$JAR" ]; then
  [ "$JAR" = "$ROOT/peer/target/eddy-peer.jar" ] || { echo "transfer.sh: no jar at $JAR" >&2; exit 2; }
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
# Stops a command started as "/usr/bin/time ... CMD &" ($1 is time's pid): TERM to CMD, so time reports;
# KILL if it is still there after 5 s.
stop() {
  local i
  pkill -TERM -P "$1" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  pkill -KILL -P "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
mibs() { echo "scale=3; $1 / 1048576 / ($3 - $2)" | bc | awk '{printf "%.1f", $1}'; } # BYTES START END
row() { printf '%-24s %6s %6s %10s %12s %12s %12s %12s %6s\n' "$@"; }
# "median (min–max)" of the numbers given with DIGITS decimals, or "–" for none.
spread() { # DIGITS NUMBER...
  local digits=$1
  shift
  [ $# -gt 0 ] || { echo "–"; return; }
  printf '%s\n' "$@" | sort -g | awk -v f="%.${digits}f" '{v[NR]=$1} END{m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2;
    if (NR==1) printf f, m; else printf f " (" f "–" f ")", m, v[1], v[NR]}'
}

# One Eddy transfer: prints "MiB/s seedCPU seedRSS getCPU getRSS".
eddy_round() { # CONTENT CHUNK
  local bytes port swarm start end seed_pid
  bytes=$(stat -c %s "$1")
  port=$((20000 + RANDOM % 10000))
  rm -f "$WORK"/eddy-* # the waits below must not read an earlier round's output
  /usr/bin/time -v -o "$WORK/eddy-seed.time" "$JAVA" "${SEED_JVM_OPTIONS[@]}" -Xmx$HEAP -jar "$JAR" seed "$1" \
    --listen 127.0.0.1:$port --chunk-size "$2" > "$WORK/eddy-seed.out" 2>&1 &
  seed_pid=$!
  PIDS+=("$seed_pid")
  wait_for "$WORK/eddy-seed.out" "Listening on" 600
  swarm=$(awk '/Swarm ID:/{print $3}' "$WORK/eddy-seed.out")
  start=$(now)
  /usr/bin/time -v -o "$WORK/eddy-get.time" "$JAVA" "${GET_JVM_OPTIONS[@]}" -Xmx$HEAP -jar "$JAR" get "$swarm" \
    --peer 127.0.0.1:$port --chunk-size "$2" --output "$WORK/eddy-out.bin" --timeout 30m > "$WORK/eddy-get.out" 2>&1
  end=$(now)
  cmp -s "$1" "$WORK/eddy-out.bin" || { echo "Eddy transfer is not byte-exact" >&2; exit 1; }
  stop "$seed_pid"
  rm -f "$WORK/eddy-out.bin"
  echo "$(mibs "$bytes" "$start" "$end") $(usage_of "$WORK/eddy-seed.time") $(usage_of "$WORK/eddy-get.time")"
}

# One libswift transfer, same output.
swift_round() { # CONTENT CHUNK
  local bytes port roothash start end seed_pid get_pid
  bytes=$(stat -c %s "$1")
  port=$((20000 + RANDOM % 10000))
  rm -rf "$WORK"/swift-* # the waits below must not read an earlier round's output
  mkdir -p "$WORK/swift-seed" "$WORK/swift-get"
  ln "$1" "$WORK/swift-seed/content.bin"
  (cd "$WORK/swift-seed" && exec /usr/bin/time -v -o "$WORK/swift-seed.time" "$SWIFT" -f content.bin \
    -l 127.0.0.1:$port -z "$2" > "$WORK/swift-seed.out" 2>&1) &
  seed_pid=$!
  PIDS+=("$seed_pid")
  wait_for "$WORK/swift-seed.out" "Root hash" 600
  wait_for "$WORK/swift-seed.out" "Mainloop" 600
  roothash=$(awk '/Root hash:/{print $3}' "$WORK/swift-seed.out")
  start=$(now)
  (cd "$WORK/swift-get" && exec /usr/bin/time -v -o "$WORK/swift-get.time" "$SWIFT" -l 127.0.0.1:$((port + 1)) \
    -t 127.0.0.1:$port -h "$roothash" -z "$2" -o . -p -w 1800s > "$WORK/swift-get.out" 2>&1) &
  get_pid=$!
  PIDS+=("$get_pid")
  # libswift keeps running after the download: the first "100%" progress line marks completion.
  until grep -q "100%" "$WORK/swift-get.out" 2>/dev/null; do
    kill -0 "$get_pid" 2>/dev/null || { echo "libswift download ended before completing" >&2; exit 1; }
    sleep 0.05
  done
  end=$(now)
  stop "$get_pid"
  stop "$seed_pid"
  cmp -s "$1" "$WORK/swift-get/$roothash" || { echo "libswift transfer is not byte-exact" >&2; exit 1; }
  echo "$(mibs "$bytes" "$start" "$end") $(usage_of "$WORK/swift-seed.time") $(usage_of "$WORK/swift-get.time")"
}

# The raw blast: prints "MiB/s senderCPU senderRSS receiverCPU receiverRSS".
blast_round() { # BYTES CHUNK
  local datagram=$(($2 + 4 + 1 + 8 + 8)) # channel ID + DATA header (chunk range, timestamp) + payload
  local blast="$JAVA -Xmx$HEAP -cp $JAR $ROOT/bench/src/main/java/dev/eddy/bench/UdpBlast.java"
  local port=$((20000 + RANDOM % 10000)) recv_pid mbs
  /usr/bin/time -v -o "$WORK/blast-recv.time" $blast recv $port "$1" > "$WORK/blast-recv.out" 2> "$WORK/blast-recv.err" &
  recv_pid=$!
  PIDS+=("$recv_pid")
  wait_for "$WORK/blast-recv.out" "ready" 120
  /usr/bin/time -v -o "$WORK/blast-send.time" $blast send 127.0.0.1:$port "$1" "$datagram" > "$WORK/blast-send.out" 2> "$WORK/blast-send.err"
  wait "$recv_pid" || true
  mbs=$(awk '/^received/{print $(NF-1)}' "$WORK/blast-recv.out") # MB/s
  echo "$(echo "scale=3; $mbs * 1000000 / 1048576" | bc | awk '{printf "%.1f", $1}') $(usage_of "$WORK/blast-send.time") $(usage_of "$WORK/blast-recv.time")"
}

echo "machine: $(nproc) vCPU ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)"
echo "jar: $JAR"
echo "Eddy JVM options: seed ${SEED_JVM_OPTIONS[*]}; get ${GET_JVM_OPTIONS[*]}"
row "run" "MiB" "chunk" "MiB/s" "seed CPU s" "seed RSS MiB" "get CPU s" "get RSS MiB" "load"
# (for the raw blast, "seed" is the sender and "get" the receiver)
SUMMARY=()
for size in ${SIZES//,/ }; do
  head -c $((size << 20)) /dev/urandom > "$WORK/content.bin"
  # The disk's own pace: what the downloader's final fsync is up against.
  DD=$(dd if="$WORK/content.bin" of="$WORK/dd.bin" bs=1M conv=fsync 2>&1 | awk '/copied/{print $(NF-1), $NF}')
  rm -f "$WORK/dd.bin"
  row "dd bs=1M conv=fsync" "$size" "" "$DD" "" "" "" "" "$(cut -d' ' -f1 /proc/loadavg)"
  for chunk in ${CHUNKS//,/ }; do
    EDDY=(); SWIFTS=(); RATIOS=()
    for ((r = 1; r <= ROUNDS; r++)); do
      read -r mib sc sr gc gr <<< "$(eddy_round "$WORK/content.bin" "$chunk")"
      row "eddy -> eddy ($r)" "$size" "$chunk" "$mib" "$sc" "$sr" "$gc" "$gr" "$(cut -d' ' -f1 /proc/loadavg)"
      EDDY+=("$mib")
      if [ -n "$SWIFT" ]; then
        read -r smib sc sr gc gr <<< "$(swift_round "$WORK/content.bin" "$chunk")"
        row "libswift -> libswift ($r)" "$size" "$chunk" "$smib" "$sc" "$sr" "$gc" "$gr" "$(cut -d' ' -f1 /proc/loadavg)"
        SWIFTS+=("$smib")
        RATIOS+=("$(echo "scale=3; $mib / $smib" | bc)")
      fi
    done
    BLASTED="–"
    if $BLAST; then
      read -r BLASTED sc sr gc gr <<< "$(blast_round $((size << 20)) "$chunk")"
      row "raw netty udp (one way)" "$size" "$chunk" "$BLASTED" "$sc" "$sr" "$gc" "$gr" "$(cut -d' ' -f1 /proc/loadavg)"
    fi
    SUMMARY+=("| $size MiB, $((chunk / 1024)) KiB chunks ($ROUNDS rounds) | $(spread 1 "${EDDY[@]}") | $(spread 1 "${SWIFTS[@]}") | $(spread 2 "${RATIOS[@]}")× | $BLASTED | ${DD:-–} |")
  done
done
echo
echo "MiB/s by downloader wall time, median (min–max) over the rounds:"
echo "| transfer | Eddy | libswift | Eddy / libswift | raw blast | dd conv=fsync |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${SUMMARY[@]}"
