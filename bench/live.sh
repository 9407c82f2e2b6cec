#!/usr/bin/env bash
# Live streaming benchmark (issue 17): one live source and 4 leechers on loopback, at 8 and 100 Mbit/s. The
# stream is timestamped records (bench/live-stamps.py): each record carries the wall-clock time it went into the
# source's input, and a reader behind each leecher's output takes the difference when it comes out, so the
# latency is end to end: the source's chunking and signing (a munro is announced once its 32 chunks are in),
# the network, the leecher's verification and output. Prints, per rate and peer kind, the median and p99 of
# every record's latency over all leechers (records of the first --warmup seconds left out), the records that
# arrived, and the source's CPU time per second of stream and per Mbit/s of stream rate (it uploads 4 times the
# rate, one copy a leecher).
#
# Usage: bench/live.sh [--rates 8,100] [--seconds 10] [--warmup 2] [--leechers 4] [--libswift PATH] [--jar PATH]
#   With --libswift, the same with a libswift live source (swift -i, fed through a named pipe) and libswift
#   leechers (swift -k), whose output file is followed as they write it at its offsets; rounds alternate,
#   Eddy first. Eddy's source is `eddy live FIFO` with the defaults (ECDSA P-256, unified Merkle tree, 32
#   chunks per signature, 1024-byte chunks); its leechers write to standard output, read by the stamp reader.
#   KEEP=1 keeps the work directory (each peer's output and the latency samples) and says where it is.
#   Timing is meaningful on a quiet machine only: on loopback, LEDBAT's delay samples include the scheduling
#   delay of a loaded machine, and the window (so the rate a leecher gets) shrinks with it.
# Needs: JDK 17+, Maven (builds peer/target/eddy-peer.jar if missing), python3, bc. Only 127.0.0.1 is used.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bench/lib.sh"
RATES=8,100
SECONDS_PER_RUN=10
WARMUP=2
LEECHERS=4
SWIFT=""
JAR=$ROOT/peer/target/eddy-peer.jar
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) RATES=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --leechers) LEECHERS=$2; shift 2 ;;
    --libswift) SWIFT=$(readlink -f "$2"); shift 2 ;;
    --jar) JAR=$(readlink -f "$2"); shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "live.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ! -f "$JAR" ]; then
  [ "$JAR" = "$ROOT/peer/target/eddy-peer.jar" ] || { echo "live.sh: no jar at $JAR" >&2; exit 2; }
  (cd "$ROOT" && mvn -B -q -pl peer -am package -DskipTests)
fi
[ -z "$SWIFT" ] || [ -x "$SWIFT" ] || { echo "live.sh: $SWIFT is not an executable" >&2; exit 2; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mapfile -t JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" get "$JAR")
STAMPS=$ROOT/bench/live-stamps.py
WORK=$(mktemp -d /tmp/eddy-live-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "live.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# CPU seconds (user + system) a process used so far, from /proc (clock ticks).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

# stream KIND RATE_MBIT DIR: runs the source, the leechers and the stream; leaves DIR/lat.* and DIR/cpu.
stream() {
  local kind=$1 mbit=$2 dir=$3 port src i cpu0 cpu1 t0 t1 swarm
  mkdir -p "$dir"
  mkfifo "$dir/input"
  port=$(free_port)
  if [ "$kind" = eddy ]; then
    "$JAVA" "${JVM_OPTIONS[@]}" -jar "$JAR" live "$dir/input" --listen 127.0.0.1:"$port" > "$dir/source.out" 2> "$dir/source.err" &
    src=$!
    PIDS+=("$src")
    wait_for "$dir/source.out" "listening on udp" 60 "$src"
    swarm=$(sed -n 's/^Swarm ID: //p' "$dir/source.out")
    for ((i = 0; i < LEECHERS; i++)); do
      ("$JAVA" "${JVM_OPTIONS[@]}" -jar "$JAR" get --live "$swarm" --peer 127.0.0.1:"$port" --listen 127.0.0.1:0 \
          --idle-timeout 3s --output - 2> "$dir/leecher$i.err" | python3 "$STAMPS" read "$WARMUP" > "$dir/lat.$i") &
      PIDS+=("$!")
      wait_for "$dir/leecher$i.err" "listening on udp" 60 "$!"
    done
  else
    # libswift's source opens its input when it starts: the writer end opens first, held by this shell.
    exec 7<> "$dir/input"
    # Each libswift process in a directory of its own: it writes its state (storage.dat) where it runs.
    (cd "$dir" && exec "$SWIFT" -i "$dir/input" -l 127.0.0.1:"$port" -r "$dir/url.txt" > "$dir/source.out" 2>&1) &
    src=$!
    PIDS+=("$src")
    wait_for "$dir/url.txt" "tswift" 30 "$src"
    swarm=$(sed 's#tswift:/##; s#/.*##' "$dir/url.txt" | tr -d '\n')
    for ((i = 0; i < LEECHERS; i++)); do
      mkdir -p "$dir/l$i"
      (cd "$dir/l$i" && exec "$SWIFT" -k -h "$swarm" -t 127.0.0.1:"$port" -l 127.0.0.1:"$(free_port)" -o "$dir/l$i" \
          > "$dir/leecher$i.err" 2>&1) &
      PIDS+=("$!")
      python3 "$STAMPS" read --follow "$dir/l$i/${swarm:0:40}" "$WARMUP" > "$dir/lat.$i" &
      PIDS+=("$!")
    done
  fi
  sleep 1 # every channel open before the first record
  cpu0=$(cpu_of "$src"); t0=$(now)
  if [ "$kind" = eddy ]; then
    python3 "$STAMPS" write $((mbit * 125000)) "$SECONDS_PER_RUN" > "$dir/input"
  else
    python3 "$STAMPS" write $((mbit * 125000)) "$SECONDS_PER_RUN" >&7
    exec 7>&-
  fi
  sleep 0.5 # the last munro signed and sent
  cpu1=$(cpu_of "$src"); t1=$(now)
  echo "$cpu0 $cpu1 $t0 $t1" > "$dir/cpu"
  # Leechers end 3 s after the last chunk (Eddy's --idle-timeout; the libswift readers stop following then).
  local deadline=$((SECONDS + 30))
  while [ $SECONDS -lt $deadline ] && [ "$(find "$dir" -name 'lat.*' -size +0 | wc -l)" -lt "$LEECHERS" ]; do sleep 0.2; done
  sleep 0.5
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}

# report KIND RATE_MBIT DIR: one line of results.
report() {
  local kind=$1 mbit=$2 dir=$3 expected
  expected=$(python3 -c "print(int($mbit * 125000 * ($SECONDS_PER_RUN - $WARMUP) / 1024) * $LEECHERS)")
  read -r cpu0 cpu1 t0 t1 < "$dir/cpu"
  cat "$dir"/lat.* | python3 -c '
import sys
kind, mbit, expected, cpu, wall = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
v = sorted(int(x) for x in sys.stdin if x.strip())
def pct(p):
    return v[min(len(v) - 1, int(p * len(v)))] / 1000 if v else float("nan")
print(f"{kind:8} {mbit:6.0f} Mbit/s  latency median {pct(0.5):8.1f} ms  p99 {pct(0.99):8.1f} ms  "
      f"records {len(v)}/{expected}  source CPU {cpu / wall:.3f} s/s = {100 * cpu / wall / mbit:.2f}% of a core per Mbit/s")
' "$kind" "$mbit" "$expected" "$(echo "$cpu1 - $cpu0" | bc -l)" "$(echo "$t1 - $t0" | bc -l)"
}

echo "live.sh: $LEECHERS leechers, $SECONDS_PER_RUN s per stream ($WARMUP s warm-up not counted), load: $(cut -d' ' -f1-3 /proc/loadavg)"
IFS=, read -ra RATE_LIST <<< "$RATES"
for mbit in "${RATE_LIST[@]}"; do
  kinds=(eddy)
  [ -z "$SWIFT" ] || kinds+=(libswift)
  for kind in "${kinds[@]}"; do
    stream "$kind" "$mbit" "$WORK/$kind-$mbit"
    report "$kind" "$mbit" "$WORK/$kind-$mbit"
  done
done
