#!/usr/bin/env bash
# Build step (Maven runs it after packaging eddy-peer.jar): class-data sharing archives for the peer. A short
# seed and get of 8 MiB on loopback, both recording (--record), each JVM listing the classes it loaded; then
# one static archive per role holds those classes (the JDK's and the jar's), parsed, verified and linked, and
# later peers map it instead of loading them again (BENCHMARKS.md). Static rather than a dynamic archive on
# top of the JDK's: JDK 17 leaves classes compiled for Java 5 (picocli's 174) out of a dynamic archive but
# keeps them in a static one. Training with --record puts the flight recorder's own classes in too, so a
# recorded run starts faster; an unrecorded one maps them and never touches them. Without the archives peers
# work the same, only slower to start, so a failed training warns and the build goes on.
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
# The options of a recorded run, as the training runs record (the agent's classes go into the archives too).
mapfile -t OPTIONS < <("$ROOT/bin/peer-jvm-options" seed "$JAR" --record)
head -c $((8 << 20)) /dev/urandom >"$WORK/content.bin"

"$JAVA" "${OPTIONS[@]}" -XX:DumpLoadedClassList="$WORK/seed.classes" -jar "$JAR" \
  seed "$WORK/content.bin" --listen 127.0.0.1:0 --record "$WORK/seed.jfr" >"$WORK/seed.out" 2>&1 &
SEED_PID=$!
for _ in $(seq 600); do
  grep -q "Listening on" "$WORK/seed.out" && break
  kill -0 "$SEED_PID" 2>/dev/null || give_up "the seeder stopped: $(tail -1 "$WORK/seed.out")"
  sleep 0.1
done
PEER=$(grep -Eo '127\.0\.0\.1:[0-9]+' "$WORK/seed.out" | head -1)
SWARM=$(sed -n 's/^Swarm ID: //p' "$WORK/seed.out")
[ -n "$PEER" ] && [ -n "$SWARM" ] || give_up "the seeder did not start: $(tail -1 "$WORK/seed.out")"

"$JAVA" "${OPTIONS[@]}" -XX:DumpLoadedClassList="$WORK/get.classes" -jar "$JAR" \
  get "$SWARM" --peer "$PEER" --output "$WORK/got.bin" --timeout 60s --record "$WORK/get.jfr" >"$WORK/get.out" 2>&1 ||
  give_up "the download failed: $(tail -1 "$WORK/get.out")"
kill -TERM "$SEED_PID" # the seeder's list is complete once it has shut down
wait "$SEED_PID"
SEED_PID=
mkdir -p "$(dirname "$SEED_ARCHIVE")"
# The class path at dump time must be the one the peers run with (-jar JAR): the JVM checks it.
for role in seed get; do
  archive=$SEED_ARCHIVE
  [ "$role" = get ] && archive=$GET_ARCHIVE
  [ -s "$WORK/$role.classes" ] || give_up "the $role JVM listed no classes"
  "$JAVA" -Xshare:dump -XX:SharedClassListFile="$WORK/$role.classes" -XX:SharedArchiveFile="$WORK/$role.jsa" \
    -Xlog:cds=off -cp "$JAR" >"$WORK/$role.dump" 2>&1 || give_up "the $role archive failed: $(tail -1 "$WORK/$role.dump")"
  mv "$WORK/$role.jsa" "$archive"
done
echo "class-archives: $(dirname "$GET_ARCHIVE")"
