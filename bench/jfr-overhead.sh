#!/usr/bin/env bash
# Flight recorder overhead on a loopback transfer: the same download (a) without recording, (b) with
# ppspp.jfc, (c) with ppspp-messages.jfc, both peers recording, variants interleaved round by round so
# machine noise hits all alike. Prints a Markdown table for BENCHMARKS.md.
# A fourth variant, "unwritten", splits (c): message events enabled, reported, filled and committed, but
# filtered out by bench/messages-unwritten.jfc's threshold, so the recorder never writes them. JFR's options
# cannot add a settings file to --record, so that variant starts its recording with -XX:StartFlightRecording
# (as the JVM starts; --record starts it in main; either way before eddy's clock starts).
#
#   bench/jfr-overhead.sh [SIZE_MIB (default 256)] [ROUNDS (default 1)]
#   EDDY_JAR=/path/to/eddy-peer.jar bench/jfr-overhead.sh ...   (a copy, so rebuilding meanwhile is safe)
#   The JVMs get the options bin/eddy gives them (bin/peer-jvm-options; class-data sharing only for the build's
#   own jar, as an archive names the jar it was made from).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZE_MIB=${1:-256}
ROUNDS=${2:-1}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JFR=${JAVA_HOME:+$JAVA_HOME/bin/}jfr
JAR=${EDDY_JAR:-$ROOT/peer/target/eddy-peer.jar}
mapfile -t SEED_JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" seed "$JAR")
mapfile -t GET_JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" get "$JAR")
# With --record the options add the jar as agent (see bin/peer-jvm-options): what bin/eddy gives a recorded run.
mapfile -t SEED_REC_JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" seed "$JAR" --record)
mapfile -t GET_REC_JVM_OPTIONS < <("$ROOT/bin/peer-jvm-options" get "$JAR" --record)

[ -n "${EDDY_JAR:-}" ] || "$ROOT/bin/eddy" --version >/dev/null # builds the jars if sources changed
WORK=$(mktemp -d)
SEED_PID=
cleanup() {
  [ -n "$SEED_PID" ] && kill "$SEED_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom >"$WORK/content.bin"

# "user+sys CPU seconds" from a /usr/bin/time -f '%U %S' report.
cpu_of() { awk '{c = $1 + $2} END {print c}' "$1"; }

# One transfer; prints "seconds cpu_seconds seed_jfr_bytes get_jfr_bytes message_events message_event_bytes
# get_process_seconds".
transfer() {
  local variant=$1 run=$WORK/$1-$2 seed_rec=() get_rec=() seed_jvm=("${SEED_JVM_OPTIONS[@]}") get_jvm=("${GET_JVM_OPTIONS[@]}")
  mkdir -p "$run"
  case $variant in
    none) ;;
    ppspp | messages)
      local profile=default
      [ "$variant" = messages ] && profile=messages
      seed_rec=(--record "$run/seed.jfr" --record-settings "$profile")
      get_rec=(--record "$run/get.jfr" --record-settings "$profile")
      seed_jvm=("${SEED_REC_JVM_OPTIONS[@]}")
      get_jvm=("${GET_REC_JVM_OPTIONS[@]}") ;;
    unwritten)
      local settings=settings=default,settings=$ROOT/jfr-events/src/main/resources/dev/eddy/jfr/ppspp-messages.jfc,settings=$ROOT/bench/messages-unwritten.jfc
      seed_jvm+=("-XX:StartFlightRecording:$settings,filename=$run/seed.jfr")
      get_jvm+=("-XX:StartFlightRecording:$settings,filename=$run/get.jfr") ;;
  esac
  /usr/bin/time -f '%U %S' -o "$run/seed.time" "$JAVA" "${seed_jvm[@]}" -jar "$JAR" seed "$WORK/content.bin" --listen 127.0.0.1:0 "${seed_rec[@]}" >"$run/seed.log" 2>&1 &
  SEED_PID=$!
  local peer swarm
  until peer=$(grep -Eos '127\.0\.0\.1:[0-9]+' "$run/seed.log"); do
    kill -0 "$SEED_PID" 2>/dev/null || { echo "seeder failed: $(cat "$run/seed.log")" >&2; exit 1; }
    sleep 0.2
  done
  swarm=$(sed -n 's/^Swarm ID: //p' "$run/seed.log")
  /usr/bin/time -f '%U %S %e' -o "$run/get.time" \
    "$JAVA" "${get_jvm[@]}" -jar "$JAR" get "$swarm" --peer "$peer" --output "$run/got.bin" --timeout 20m "${get_rec[@]}" >"$run/get.log" 2>"$run/get.err"
  kill "$(pgrep -P "$SEED_PID" java)" # the JVM under /usr/bin/time: SIGTERM, as Ctrl-C
  wait "$SEED_PID" || true
  SEED_PID=
  cmp -s "$WORK/content.bin" "$run/got.bin" || { echo "download differs from the content" >&2; exit 1; }
  local seconds cpu sizes=(0 0) count=0 bytes=0
  seconds=$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$run/get.log")
  cpu=$(echo "$(cpu_of "$run/seed.time") + $(cpu_of "$run/get.time")" | bc)
  if [ "$variant" != none ]; then
    sizes=("$(stat -c %s "$run/seed.jfr")" "$(stat -c %s "$run/get.jfr")")
    read -r count bytes < <({ "$JFR" summary "$run/seed.jfr"; "$JFR" summary "$run/get.jfr"; } |
      awk '$1 ~ /^dev\.eddy\.ppspp\.Message(Sent|Received)$/ {c += $2; b += $3} END {print c + 0, b + 0}')
  fi
  rm -f "$run/got.bin"
  echo "$seconds $cpu ${sizes[0]} ${sizes[1]} $count $bytes $(awk '{print $3}' "$run/get.time")"
}

declare -A secs cpus seedb getb msgs msgb walls
echo "machine: $(nproc) vCPU, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1); content $SIZE_MIB MiB, $ROUNDS round(s)" >&2
echo "JVM options: seed ${SEED_JVM_OPTIONS[*]}; get ${GET_JVM_OPTIONS[*]}; recorded: ${GET_REC_JVM_OPTIONS[*]: -1}" >&2
for round in $(seq "$ROUNDS"); do
  for variant in none ppspp messages unwritten; do
    transfer "$variant" "$round" >"$WORK/result" # not in a subshell: the exit trap must see SEED_PID
    read -r s cpu sb gb c b w <"$WORK/result"
    echo "round $round $variant: $s s (eddy get process $w s), $cpu CPU s (both JVMs), recordings $sb + $gb bytes, $c message events ($b bytes)" >&2
    secs[$variant]+="$s "
    walls[$variant]+="$w "
    cpus[$variant]+="$cpu "
    seedb[$variant]=$sb getb[$variant]=$gb msgs[$variant]=$c msgb[$variant]=$b
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
base=$(echo "${secs[none]}" | median)
cpubase=$(echo "${cpus[none]}" | median)
wallbase=$(echo "${walls[none]}" | median)
echo
echo "| recording | transfer s (each round) | median s | MB/s | vs none | \`eddy get\` process s (each round) | median | vs none | CPU s, both JVMs (each round) | median CPU s | vs none | recording files (seeder + downloader) | message events | MB per million message events |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for variant in none ppspp messages unwritten; do
  m=$(echo "${secs[$variant]}" | median)
  mc=$(echo "${cpus[$variant]}" | median)
  mw=$(echo "${walls[$variant]}" | median)
  awk -v v="$variant" -v all="${secs[$variant]}" -v m="$m" -v base="$base" -v callx="${cpus[$variant]}" -v mc="$mc" -v cbase="$cpubase" \
      -v wall="${walls[$variant]}" -v mw="$mw" -v wbase="$wallbase" \
      -v size="$SIZE_MIB" -v sb="${seedb[$variant]}" -v gb="${getb[$variant]}" -v c="${msgs[$variant]}" -v b="${msgb[$variant]}" 'BEGIN {
    files = (v == "none") ? "-" : sprintf("%.1f MB + %.1f MB", sb / 1e6, gb / 1e6)
    per = (c > 0) ? sprintf("%.1f", b / c) : "-"
    printf "| %s | %s | %.2f | %.1f | %+.1f%% | %s | %.2f | %+.1f%% | %s | %.1f | %+.1f%% | %s | %s | %s |\n", v, all, m, size * 1.048576 / m, (m / base - 1) * 100, wall, mw, (mw / wbase - 1) * 100, callx, mc, (mc / cbase - 1) * 100, files, (c > 0 ? c : "-"), per
  }'
done
