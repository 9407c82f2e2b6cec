#!/usr/bin/env bash
# How long `eddy report` takes on large recordings of N per-message events each, against `jfr summary` on the
# same files as the baseline (the JDK's own tool reading every event). Wall time and CPU time (user + sys, fairer
# when the machine is shared) for each. With RECORDINGS > 1, one `eddy report` reads them all (in parallel) and
# the baseline is `jfr summary` on each in turn.
# `eddy report` is run as users run it, through bin/eddy (its JVM options included).
# Usage: bench/report-speed.sh [N] [RUNS] [RECORDINGS] [HEAP]   (defaults 1000000 3 1 1g)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-3}
RECORDINGS=${3:-1}
HEAP=${4:-1g}
mvn -B -q -pl dashboards -am package -DskipTests
bin/eddy report --help > /dev/null # builds what bin/eddy wants built before anything is timed
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
java -cp jfr-events/target/classes bench/report/LargeRecording.java "$WORK/rec1.jfr" "$N"
FILES=("$WORK/rec1.jfr")
for i in $(seq 2 "$RECORDINGS"); do
  cp "$WORK/rec1.jfr" "$WORK/rec$i.jfr"
  FILES+=("$WORK/rec$i.jfr")
done
echo "recordings: $RECORDINGS of $N events, $(du -h "$WORK/rec1.jfr" | cut -f1) each; heap -Xmx$HEAP; $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
# Prints "WALL s wall, CPU s cpu" for a command (GNU time: elapsed, user + system of it and its children).
measure() {
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$@" > /dev/null
  awk '{ printf "%.2f s wall, %.2f s cpu", $1, $2 + $3 }' "$WORK/time"
}
summaries() { for f in "${FILES[@]}"; do jfr summary "$f" > /dev/null; done; }
for run in $(seq "$RUNS"); do
  echo "run $run: jfr summary $(measure bash -c "$(declare -p FILES); $(declare -f summaries); summaries")" \
    "| eddy report $(EDDY_JAVA_OPTS=-Xmx$HEAP measure bin/eddy report "${FILES[@]}")"
done
