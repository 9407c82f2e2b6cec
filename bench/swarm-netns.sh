#!/usr/bin/env bash
# Swarm benchmark where P2P matters (issue 16): a seeder whose upload is the bottleneck. Every peer runs in a
# network namespace of its own, all joined by a bridge in a hub namespace; each peer's uplink (its egress into
# the bridge) goes through "tbf rate RATE". First one downloader alone fetches the content from a fresh
# seeder, then N downloaders at once, each given only the seeder as tracker; a swarm that shares well needs
# little more than the time of one (client-server would need N times it). With --libswift, the same two runs
# follow with a libswift seeder and libswift downloaders in the same namespaces.
#
# Usage: bench/swarm-netns.sh [--leechers N] [--rate R] [--size-mib M] [--chunk-size C] [--rounds K]
#                             [--libswift /path/to/swift] [--record DIR [--record-settings messages]]
#   Defaults: 8 leechers, 40mbit uplinks, 64 MiB, 1024-byte chunks, 1 round. Times are process wall times
#   from starting the downloaders until the last one has exited with a byte-exact copy; each Eddy run also
#   says how many copies of the content its seeder sent (on standard error). --record DIR keeps
#   every Eddy peer's flight recording and output there (DIR/RUN/seed.jfr, getN.jfr, *.out) for eddy report;
#   --record-settings messages records every message too (which chunks went where, and when).
#   EDDY_JAVA_OPTS adds JVM options to every Eddy peer, as for bin/eddy.
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
RECORD_SETTINGS=default
while [ $# -gt 0 ]; do
  case "$1" in
    --leechers) LEECHERS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --size-mib) SIZE_MIB=$2; shift 2 ;;
    --chunk-size) CHUNK=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --libswift) SWIFT=$(readlink -f "$2"); shift 2 ;;
    --record) RECORD=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --record-settings) RECORD_SETTINGS=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
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
# With --record DIR the peers get what bin/eddy gives a recorded run (the jar as agent, bin/peer-jvm-options).
mapfile -t SEED_JVM < <("$ROOT/bin/peer-jvm-options" seed "$JAR" ${RECORD:+--record})
mapfile -t GET_JVM < <("$ROOT/bin/peer-jvm-options" get "$JAR" ${RECORD:+--record})
# EDDY_JAVA_OPTS adds to both, as for bin/eddy (a later option wins).
SEED_JVM+=(${EDDY_JAVA_OPTS:-})
GET_JVM+=(${EDDY_JAVA_OPTS:-})

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

# CPU seconds (user + system) of process PID so far, and of this shell's exited children (the downloaders).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print ($12 + $13) / hz}' "/proc/$1/stat"; }
# Sets CHILDREN_CPU; call it directly: in a $(...) subshell the builtin times would count that subshell's children.
children_cpu() {
  times > "$WORK/times"
  CHILDREN_CPU=$(awk -F'[ ms]+' 'NR == 2 {print $1 * 60 + $2 + $3 * 60 + $4}' "$WORK/times")
}

# One run of KIND (eddy or swift, the prefix of the three functions below): a fresh seeder, COUNT downloaders
# started at once, each copy checked byte for byte; prints the wall time until the last downloader exited.
swarm_run() {
  local kind=$1 count=$2 dir=$WORK/$1-$3 i getters=() start end copy
  [ "$kind" != eddy ] || [ -z "$RECORD" ] || dir=$RECORD/eddy-$3
  mkdir -p "$dir"
  "${kind}_seed" "$dir" # sets SEED (its pid) and SWARM (the swarm's ID)
  local seed_cpu0 gets_cpu0 seed_cpu gets_cpu
  seed_cpu0=$(cpu_of "$SEED")
  children_cpu
  gets_cpu0=$CHILDREN_CPU
  start=$(now)
  for ((i = 1; i <= count; i++)); do
    "${kind}_get" "$i" "$dir" &
    getters+=($!)
  done
  for ((i = 1; i <= count; i++)); do
    wait "${getters[$((i - 1))]}" || { echo "$kind downloader $i failed:" >&2; tail -n 20 "$dir/get$i.out" >&2; exit 1; }
  done
  end=$(now)
  children_cpu
  gets_cpu=$(echo "$CHILDREN_CPU - $gets_cpu0" | bc)
  seed_cpu=$(echo "$(cpu_of "$SEED") - $seed_cpu0" | bc)
  stop "$SEED"
  # How many copies of the content the seeder sent (Eddy's says): near 1 when the downloaders trade the rest.
  local sent
  sent=$(awk '/^Uploaded/{print $2; exit}' "$dir/seed.out")
  [ -z "$sent" ] || echo "  ($kind, $count at once: the seeder sent $(echo "scale=2; $sent / $BYTES" | bc) copies of the content)" >&2
  # Whether the run was CPU-bound: the peers' CPU time against every core for the whole run.
  printf '  (%s, %d at once: CPU %.1f s, seeder %.1f s + downloaders %.1f s, in %.1f s wall: %.0f%% of %d cores)\n' \
    "$kind" "$count" "$(echo "$seed_cpu + $gets_cpu" | bc)" "$seed_cpu" "$gets_cpu" "$(echo "$end - $start" | bc)" \
    "$(echo "100 * ($seed_cpu + $gets_cpu) / (($end - $start) * $(nproc))" | bc -l)" "$(nproc)" >&2
  for ((i = 1; i <= count; i++)); do
    copy=$("${kind}_copy" "$i" "$dir")
    cmp -s "$WORK/content.bin" "$copy" || { echo "$kind copy $i is not byte-exact" >&2; exit 1; }
    rm -f "$copy"
  done
  echo "$end - $start" | bc
}

# Eddy in DIR: the seeder, downloader I, where I's copy is.
record() { [ -z "$RECORD" ] || echo "--record=$1/$2.jfr --record-settings=$RECORD_SETTINGS"; }
eddy_seed() {
  ip netns exec "$(ns 0)" "$JAVA" "${SEED_JVM[@]}" -Xmx256m -jar "$JAR" seed "$WORK/content.bin" --listen "$(addr 0):$PORT" \
    --chunk-size "$CHUNK" $(record "$1" seed) > "$1/seed.out" 2>&1 &
  SEED=$! # ip netns exec becomes the peer (same pid)
  wait_for "$1/seed.out" "Listening on" 120 "$SEED"
  SWARM=$(awk '/Swarm ID:/{print $3; exit}' "$1/seed.out")
}
eddy_get() {
  exec ip netns exec "$(ns "$1")" "$JAVA" "${GET_JVM[@]}" -Xmx256m -jar "$JAR" get "$SWARM" --tracker "$(addr 0):$PORT" \
    --listen "$(addr "$1"):$PORT" --chunk-size "$CHUNK" --output "$2/copy$1" --timeout "${DEADLINE}s" \
    $(record "$2" "get$1") > "$2/get$1.out" 2>&1
}
eddy_copy() { echo "$2/copy$1"; }

# libswift in DIR: a downloader without -l exits once its copy is complete.
swift_seed() {
  mkdir -p "$1/seed"
  ln -f "$WORK/content.bin" "$1/seed/content.bin"
  (cd "$1/seed" && exec ip netns exec "$(ns 0)" "$SWIFT" -f content.bin -l "$(addr 0):$PORT" -z "$CHUNK" \
    > "$1/seed.out" 2>&1) &
  SEED=$!
  wait_for "$1/seed.out" "Root hash" 300 "$SEED"
  SWARM=$(awk '/Root hash:/{print $3; exit}' "$1/seed.out")
}
swift_get() {
  mkdir -p "$2/get$1"
  cd "$2/get$1" && exec timeout "$DEADLINE" ip netns exec "$(ns "$1")" "$SWIFT" -t "$(addr 0):$PORT" \
    -h "$SWARM" -z "$CHUNK" -o . > "$2/get$1.out" 2>&1
}
swift_copy() { echo "$2/get$1/$SWARM"; }

echo "machine: $(nproc) vCPU, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "swarm: 1 seeder + $LEECHERS downloaders, each uplink tbf $RATE, $SIZE_MIB MiB, chunk size $CHUNK"
printf '%-10s %6s %12s %14s %8s\n' peer round "alone (s)" "$LEECHERS at once (s)" ratio
for ((r = 1; r <= ROUNDS; r++)); do
  alone=$(swarm_run eddy 1 "alone$r")
  all=$(swarm_run eddy "$LEECHERS" "all$r")
  printf '%-10s %6d %12.1f %14.1f %8.2f\n' eddy "$r" "$alone" "$all" "$(echo "scale=3; $all / $alone" | bc)"
  if [ -n "$SWIFT" ]; then
    salone=$(swarm_run swift 1 "alone$r")
    sall=$(swarm_run swift "$LEECHERS" "all$r")
    printf '%-10s %6d %12.1f %14.1f %8.2f\n' libswift "$r" "$salone" "$sall" "$(echo "scale=3; $sall / $salone" | bc)"
    echo "eddy / libswift, $LEECHERS at once: $(echo "scale=2; $all / $sall" | bc) of libswift's time"
  fi
done
