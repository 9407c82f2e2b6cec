#!/usr/bin/env bash
# Network lab in Linux network namespaces (reliability lab): two namespaces joined by a veth pair, with a
# real kernel queue (tbf) on one side's egress. Only addresses inside the namespaces are used; the host's
# own interfaces, routes and addresses are never touched. Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN),
# iproute2 (ip, tc) and the sch_tbf qdisc; netem is not needed.
#
# Usage: bench/netns-lab.sh SUBCOMMAND ...
#   check                     exit 0 if namespaces, veth pairs and tbf work here, else print why, exit 1
#   up LAB [--rate R] [--burst B] [--latency L]
#                             create namespaces eddylab-LAB-a (10.77.0.1/24) and eddylab-LAB-b (10.77.0.2/24),
#                             joined by a veth pair; a's egress goes through "tbf rate R burst B latency L"
#                             (defaults 20mbit, 32kbit, 400ms); undone at once if any step fails
#   down LAB                  remove both namespaces (and so the veth pair and the qdisc)
#   exec LAB a|b CMD...       run CMD inside namespace a or b (the process becomes CMD: same pid)
#   qdisc LAB                 print a's queue once: tc -s qdisc show
#   sample LAB [SECONDS]      every SECONDS (default 0.05) print "MICROS SENT_BYTES BACKLOG_BYTES DROPS" for a's
#                             queue (MICROS: microseconds since the epoch) until killed
#   gc                        remove labs whose owner process (LAB_OWNER_PID, recorded by up) is gone
# LAB is a short name of letters, digits and '-' (e.g. the test's pid); namespaces are named after it, so
# labs with different names run side by side, each with the same addresses inside.
set -euo pipefail

PREFIX=eddylab-
ADDR_A=10.77.0.1
ADDR_B=10.77.0.2
DEV=veth0

die() { echo "netns-lab: $*" >&2; exit 1; }
ns() { echo "$PREFIX$1-$2"; }
lab_name() {
  [[ $1 =~ ^[A-Za-z0-9-]{1,24}$ ]] || die "bad lab name '$1': letters, digits and '-' only, at most 24"
  echo "$1"
}
# Who made each lab, for gc: kept outside /run/netns, whose every entry ip takes for a namespace.
OWNERS=/run/eddy-netns-lab
owner_file() { echo "$OWNERS/$1.owner"; }
exists() { [ -e "/run/netns/$1" ]; }

check() {
  command -v ip >/dev/null || die "no 'ip' command (iproute2)"
  command -v tc >/dev/null || die "no 'tc' command (iproute2)"
  [ "$(id -u)" -eq 0 ] || die "not root: creating network namespaces needs root"
  local lab="check-$$" why
  if ! why=$(LAB_OWNER_PID=$$ "$0" up "$lab" 2>&1); then
    "$0" down "$lab" 2>/dev/null || true
    die "cannot build a lab here: $why"
  fi
  "$0" down "$lab"
}

# Everything up creates is removed again if a later step fails (or the script is interrupted).
up() {
  local lab rate=20mbit burst=32kbit latency=400ms
  lab=$(lab_name "${1:?usage: up LAB [--rate R] [--burst B] [--latency L]}")
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --rate) rate=$2; shift 2 ;;
      --burst) burst=$2; shift 2 ;;
      --latency) latency=$2; shift 2 ;;
      *) die "up: unknown option $1" ;;
    esac
  done
  local a b
  a=$(ns "$lab" a)
  b=$(ns "$lab" b)
  if exists "$a" || exists "$b"; then
    die "lab $lab exists already (netns-lab.sh down $lab)"
  fi
  UNDO=$lab
  trap 'down "$UNDO"; exit 1' ERR INT TERM
  mkdir -p "$OWNERS"
  echo "${LAB_OWNER_PID:-$PPID}" > "$(owner_file "$lab")"
  ip netns add "$a"
  ip netns add "$b"
  # Created inside a with its peer moved straight into b: no interface ever appears on the host.
  ip -n "$a" link add "$DEV" type veth peer name "$DEV" netns "$b"
  ip -n "$a" addr add "$ADDR_A/24" dev "$DEV"
  ip -n "$b" addr add "$ADDR_B/24" dev "$DEV"
  for n in "$a" "$b"; do
    ip -n "$n" link set lo up
    ip -n "$n" link set "$DEV" up
  done
  tc -n "$a" qdisc add dev "$DEV" root tbf rate "$rate" burst "$burst" latency "$latency"
  trap - ERR INT TERM
  echo "lab $lab: $a $ADDR_A --[tbf rate $rate burst $burst latency $latency]--> $b $ADDR_B"
}

down() {
  local lab n
  lab=$(lab_name "${1:?usage: down LAB}")
  for side in a b; do
    n=$(ns "$lab" "$side")
    if exists "$n"; then
      ip netns del "$n"
    fi
  done
  rm -f "$(owner_file "$lab")"
}

gc() {
  local f lab pid
  for f in "$OWNERS"/*.owner; do
    [ -e "$f" ] || continue
    lab=$(basename "$f" .owner)
    pid=$(cat "$f")
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "netns-lab: removing lab $lab (owner $pid is gone)" >&2
      down "$lab"
    fi
  done
}

# One tc process answers every sample (tc -batch; with -j each answer is one JSON line), so sampling forks
# nothing but sleep: on a busy machine a fork per sample made the samples late and uneven. No pipeline: its
# processes would outlive this shell when it is killed; these two are killed with it.
sample() {
  local lab interval=${2:-0.05} a line requests answers
  lab=$(lab_name "${1:?usage: sample LAB [SECONDS]}")
  a=$(ns "$lab" a)
  exec {requests}< <(while true; do echo "qdisc show dev $DEV"; sleep "$interval"; done)
  SAMPLER_PIDS=$!
  exec {answers}< <(exec tc -n "$a" -s -j -batch - <&"$requests")
  SAMPLER_PIDS+=" $!"
  trap 'kill $SAMPLER_PIDS 2>/dev/null' EXIT
  trap 'exit 0' TERM INT HUP
  local json='"bytes":([0-9]+).*"drops":([0-9]+).*"backlog":([0-9]+)'
  while IFS= read -r line <&"$answers"; do
    [[ $line =~ $json ]] && echo "${EPOCHREALTIME/[.,]/} ${BASH_REMATCH[1]} ${BASH_REMATCH[3]} ${BASH_REMATCH[2]}"
  done
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  check) check ;;
  up) up "$@" ;;
  down) down "$@" ;;
  exec)
    lab=$(lab_name "${1:?usage: exec LAB a|b CMD...}")
    side=${2:?usage: exec LAB a|b CMD...}
    [[ $side == a || $side == b ]] || die "exec: side must be a or b, not '$side'"
    shift 2
    [ $# -gt 0 ] || die "usage: exec LAB a|b CMD..."
    exec ip netns exec "$(ns "$lab" "$side")" "$@" ;;
  qdisc) tc -n "$(ns "$(lab_name "${1:?usage: qdisc LAB}")" a)" -s qdisc show dev "$DEV" ;;
  sample) sample "$@" ;;
  gc) gc ;;
  -h|--help|"") sed -n '2,20p' "$0" ;;
  *) die "unknown subcommand '$cmd' (see --help)" ;;
esac
