#!/usr/bin/env bash
# Swarm benchmark where P2P matters (issue 16): a seeder whose upload is the bottleneck. Every peer runs in a
# network namespace of its own, all joined by a bridge in a hub namespace; each peer's uplink (its egress into
# the bridge) goes through "tbf rate RATE". First one downloader alone fetches the content from a fresh
# seeder, then N downloaders at once, each given only the seeder as tracker; a swarm that shares well needs
# little more than the time of one (client-server would need N times it). With --libswift, the same two runs
# follow with a libswift seeder and libswift downloaders in the same namespaces.
#
# Usage: bench/swarm-netns.sh [--leechers N] [--rate R] [--size-mib M] [--chunk-size C] [--rounds K]
#                             [--libswift /path/to/swift] [--record DIR]
#   Defaults: 8 leechers, 40mbit uplinks, 64 MiB, 1024-byte chunks, 1 round. Times are process wall times
#   from starting the downloaders until the last one has exited with a byte-exact copy. --record DIR keeps
#   every Eddy peer's flight recording and output there (DIR/RUN/seed.jfr, getN.jfr, *.out) for eddy report.
# Needs root (network namespaces), iproute2 with sch_tbf, JDK 17+, Maven. Only addresses inside the
# namespaces (10.79.0.0/24) are used; the namespaces are removed on exit, also on failure or Ctrl-C.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LEECHERS=8
RATE=40mbit
SIZE_MIB=64
CHUNK=1024
ROUNDS=1
SWIFT=""
RECORD=""
while [ $# -gt 0 ]; do
  case "$1" in
    --leechers) LEECHERS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --size-mib) SIZE_MIB=$2; shift 2 ;;
    --chunk-size) CHUNK=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --libswift) SWIFT=$(readlink -f "$2"); shift 2 ;;
    --record) RECORD=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "swarm-netns.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $LEECHERS =~ ^[0-9]+$ ]] && [ "$LEECHERS" -ge 1 ] && [ "$LEECHERS" -le 200 ] \
  || { echo "swarm-netns.sh: --leechers must be 1..200" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "swarm-netns.sh: needs root to create network namespaces" >&2; exit 1; }
[ -z "$SWIFT" ] || [ -x "$SWIFT" ] || { echo "swarm-netns.sh: $SWIFT is not executable" >&2; exit 2; }

JAR=$ROOT/peer/target/eddy-peer.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -pl peer -am package -DskipTests)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVA=$(command -v "$JAVA")
mapfile -t SEED_JVM < <("$ROOT/bin/peer-jvm-options" seed "$JAR")
mapfile -t GET_JVM < <("$ROOT/bin/peer-jvm-options" get "$JAR")

TAG=eddyswarm-$$
HUB=$TAG-hub
PORT=7000
WORK=$(mktemp -d /tmp/eddy-swarm.XXXXXX)
ns() { echo "$TAG-p$1"; }
addr() { echo "10.79.0.$(($1 + 1))"; }
# Every peer process runs inside one of this run's namespaces: ending those ends them all.
cleanup() {
  local n
  for n in $(ip netns list | awk -v t="$TAG-" 'index($1, t) == 1 {print $1}'); do
    ip netns pids "$n" | xargs -r kill -9 2>/dev/null || true
    ip netns del "$n"
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Peer 0 is the seeder, 1..N the downloaders.
ip netns add "$HUB"
ip -n "$HUB" link add br0 type bridge
ip -n "$HUB" link set br0 up
for ((i = 0; i <= LEECHERS; i++)); do
  n=$(ns $i)
  ip netns add "$n"
  ip -n "$HUB" link add "v$i" type veth peer name eth0 netns "$n"
  ip -n "$HUB" link set "v$i" master br0 up
  ip -n "$n" addr add "$(addr $i)/24" dev eth0
  ip -n "$n" link set lo up
  ip -n "$n" link set eth0 up
  # The burst holds a few datagrams (tbf needs at least one MTU); latency bounds the queue at 400 ms.
  tc -n "$n" qdisc add dev eth0 root tbf rate "$RATE" burst 64kbit latency 400ms
done

BYTES=$((SIZE_MIB * 1024 * 1024))
head -c "$BYTES" /dev/urandom > "$WORK/content.bin"
. "$ROOT/bench/lib.sh"
# Per download: generous (a MiB at 1 Mbit/s takes 8.4 s), so only a stuck run hits it.
DEADLINE=$((SIZE_MIB * 10 + 120))

# One Eddy run: a fresh seeder, COUNT downloaders started at once; prints the wall time until the last exits.
eddy_run() {
  local count=$1 dir=$WORK/eddy-$2 i seed
  [ -z "$RECORD" ] || dir=$RECORD/eddy-$2
  mkdir -p "$dir"
  record() { [ -z "$RECORD" ] || echo "--record=$dir/$1.jfr"; }
  ip netns exec "$(ns 0)" "$JAVA" "${SEED_JVM[@]}" -Xmx256m -jar "$JAR" seed "$WORK/content.bin" --listen "$(addr 0):$PORT" \
    --chunk-size "$CHUNK" $(record seed) > "$dir/seed.out" 2>&1 &
  seed=$! # ip netns exec becomes the peer (same pid)
  wait_for "$dir/seed.out" "Listening on" 120 "$seed"
  local swarm getters=() start end
  swarm=$(awk '/Swarm ID:/{print $3; exit}' "$dir/seed.out")
  start=$(now)
  for ((i = 1; i <= count; i++)); do
    ip netns exec "$(ns "$i")" "$JAVA" "${GET_JVM[@]}" -Xmx256m -jar "$JAR" get "$swarm" --tracker "$(addr 0):$PORT" \
      --listen "$(addr "$i"):$PORT" --chunk-size "$CHUNK" --output "$dir/copy$i" --timeout "${DEADLINE}s" \
      $(record "get$i") > "$dir/get$i.out" 2>&1 &
    getters+=($!)
  done
  for ((i = 1; i <= count; i++)); do
    wait "${getters[$((i - 1))]}" || { echo "eddy downloader $i failed:" >&2; cat "$dir/get$i.out" >&2; exit 1; }
  done
  end=$(now)
  stop "$seed"
  for ((i = 1; i <= count; i++)); do
    cmp -s "$WORK/content.bin" "$dir/copy$i" || { echo "eddy copy $i is not byte-exact" >&2; exit 1; }
  done
  echo "$end - $start" | bc
  rm -f "$dir"/copy*
}

# The same with libswift: a downloader without -l exits once its copy is complete.
swift_run() {
  local count=$1 dir=$WORK/swift-$2 i seed
  mkdir -p "$dir/seed"
  ln -f "$WORK/content.bin" "$dir/seed/content.bin"
  (cd "$dir/seed" && exec ip netns exec "$(ns 0)" "$SWIFT" -f content.bin -l "$(addr 0):$PORT" -z "$CHUNK" \
    > "$dir/seed.out" 2>&1) &
  seed=$!
  wait_for "$dir/seed.out" "Root hash" 300 "$seed"
  local hash getters=() start end
  hash=$(awk '/Root hash:/{print $3; exit}' "$dir/seed.out")
  start=$(now)
  for ((i = 1; i <= count; i++)); do
    mkdir -p "$dir/get$i"
    (cd "$dir/get$i" && exec timeout "$DEADLINE" ip netns exec "$(ns "$i")" "$SWIFT" -t "$(addr 0):$PORT" \
      -h "$hash" -z "$CHUNK" -o . > "$dir/get$i.out" 2>&1) &
    getters+=($!)
  done
  for ((i = 1; i <= count; i++)); do
    wait "${getters[$((i - 1))]}" || { echo "libswift downloader $i failed:" >&2; tail "$dir/get$i.out" >&2; exit 1; }
  done
  end=$(now)
  stop "$seed"
  for ((i = 1; i <= count; i++)); do
    cmp -s "$WORK/content.bin" "$dir/get$i/$hash" || { echo "libswift copy $i is not byte-exact" >&2; exit 1; }
    rm -rf "$dir/get$i"
  done
  echo "$end - $start" | bc
}

echo "machine: $(nproc) vCPU, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "swarm: 1 seeder + $LEECHERS downloaders, each uplink tbf $RATE, $SIZE_MIB MiB, chunk size $CHUNK"
printf '%-10s %6s %12s %14s %8s\n' peer round "alone (s)" "$LEECHERS at once (s)" ratio
for ((r = 1; r <= ROUNDS; r++)); do
  alone=$(eddy_run 1 "alone$r")
  all=$(eddy_run "$LEECHERS" "all$r")
  printf '%-10s %6d %12.1f %14.1f %8.2f\n' eddy "$r" "$alone" "$all" "$(echo "scale=3; $all / $alone" | bc)"
  if [ -n "$SWIFT" ]; then
    salone=$(swift_run 1 "alone$r")
    sall=$(swift_run "$LEECHERS" "all$r")
    printf '%-10s %6d %12.1f %14.1f %8.2f\n' libswift "$r" "$salone" "$sall" "$(echo "scale=3; $sall / $salone" | bc)"
    echo "eddy / libswift, $LEECHERS at once: $(echo "scale=2; $all / $sall" | bc) of libswift's time"
  fi
done
