#!/usr/bin/env bash
# Build step (Maven runs it after packaging eddy-peer.jar): class-data sharing archives for the peer. A short
# seed and get of 8 MiB on loopback, each JVM writing the classes it loaded (parsed, verified, linked) to an
# archive; later peers map it instead of loading those classes again, which takes about a second off every
# downloader's start and warm-up (BENCHMARKS.md). Without the archives peers work the same, only slower to
# start, so a failed training warns and the build goes on.
#   peer/src/build/class-archives.sh JAR
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
JAR=$(readlink -f "$1")
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d)
SEED_PID=
cleanup() {
  [ -n "$SEED_PID" ] && kill "$SEED_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
give_up() {
  echo "class-archives: no class-data sharing archives ($1); peers will start without them" >&2
  exit 0
}

[ -f "$JAR" ] || give_up "no jar at $1"
SEED_ARCHIVE=$("$ROOT/bin/peer-jvm-options" --archive seed "$JAR") || give_up "no archive path"
GET_ARCHIVE=$("$ROOT/bin/peer-jvm-options" --archive get "$JAR") || give_up "no archive path"
# Archives of an earlier jar no longer fit; without them the peers' options are bin/jvm.options alone.
rm -f "$SEED_ARCHIVE" "$GET_ARCHIVE"
mapfile -t OPTIONS < <("$ROOT/bin/peer-jvm-options" seed "$JAR")
head -c $((8 << 20)) /dev/urandom >"$WORK/content.bin"

"$JAVA" "${OPTIONS[@]}" -XX:ArchiveClassesAtExit="$WORK/seed.jsa" -jar "$JAR" \
  seed "$WORK/content.bin" --listen 127.0.0.1:0 >"$WORK/seed.out" 2>&1 &
SEED_PID=$!
for _ in $(seq 600); do
  grep -q "Listening on" "$WORK/seed.out" && break
  kill -0 "$SEED_PID" 2>/dev/null || give_up "the seeder stopped: $(tail -1 "$WORK/seed.out")"
  sleep 0.1
done
PEER=$(grep -Eo '127\.0\.0\.1:[0-9]+' "$WORK/seed.out" | head -1)
SWARM=$(sed -n 's/^Swarm ID: //p' "$WORK/seed.out")
[ -n "$PEER" ] && [ -n "$SWARM" ] || give_up "the seeder did not start: $(tail -1 "$WORK/seed.out")"

"$JAVA" "${OPTIONS[@]}" -XX:ArchiveClassesAtExit="$WORK/get.jsa" -jar "$JAR" \
  get "$SWARM" --peer "$PEER" --output "$WORK/got.bin" --timeout 60s >"$WORK/get.out" 2>&1 ||
  give_up "the download failed: $(tail -1 "$WORK/get.out")"
kill -TERM "$SEED_PID" # the seeder writes its archive as it shuts down
wait "$SEED_PID"
SEED_PID=
[ -s "$WORK/seed.jsa" ] && [ -s "$WORK/get.jsa" ] || give_up "the JVM wrote no archive"
mkdir -p "$(dirname "$SEED_ARCHIVE")"
mv "$WORK/seed.jsa" "$SEED_ARCHIVE"
mv "$WORK/get.jsa" "$GET_ARCHIVE"
echo "class-archives: $(dirname "$GET_ARCHIVE")"
