#!/usr/bin/env bash
# How long `eddy report` takes on a large recording (N per-message events), against `jfr summary` on the same
# file as the baseline (the JDK's own tool reading every event). Usage: bench/report-speed.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-3}
mvn -B -q -pl dashboards -am package -DskipTests
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
java -cp jfr-events/target/classes bench/report/LargeRecording.java "$WORK/large.jfr" "$N"
echo "recording: $N events, $(du -h "$WORK/large.jfr" | cut -f1)"
seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }'; }
for run in $(seq "$RUNS"); do
  echo "run $run: jfr summary $(seconds jfr summary "$WORK/large.jfr") s, eddy report $(seconds java -jar dashboards/target/eddy-dashboards.jar report "$WORK/large.jfr") s"
done
