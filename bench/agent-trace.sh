#!/usr/bin/env bash
# Tracing-agent benchmarks (numbers go into BENCHMARKS.md, section "Tracing agent"):
#  1. JMH: cost per call of a small method untraced / traced (file sink; global and local scope) /
#     after a limit:1 session restored the bytecode, and on JDK 25 also under jdk.MethodTrace (JFR method-trace);
#  2. latency from `jcmd JVMTI.agent_load` to the first reported call and to full restoration, next to
#     `jcmd JFR.start method-trace=` on the same target.
# Usage: bench/agent-trace.sh [ROUNDS]     (JDK25=/path overrides the JDK 25 home)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
ROUNDS=${1:-5}
OUT=${OUT:-$ROOT/bench/target/agent-trace}
mkdir -p "$OUT"

if [ ! -f bench/target/benchmarks.jar ] || [ ! -f agent/target/eddy-agent.jar ]; then
  mvn -B -q -Pbench -DskipTests package
fi

# The machine is shared by parallel builds, so JMH's single-instance lock is ignored; every table below
# therefore carries its own baseline from the same run, and uptime's load average is printed with it.
# (-jvmArgsAppend here replaces the benchmark's own, so it repeats the self-attach flags.)
JMH=(-f 1 -wi 3 -w 1s -i 5 -r 1s -jvmArgsAppend
  "-Djdk.attach.allowAttachSelf=true -XX:+EnableDynamicAgentLoading -Deddy.agentJar=$ROOT/agent/target/eddy-agent.jar")
jmh() { # JDK_HOME LABEL MODES
  echo "== JMH on $2 ($1), $(uptime)"
  "$1/bin/java" -Djmh.ignoreLock=true -jar bench/target/benchmarks.jar AgentTraceBenchmark "${JMH[@]}" \
    -p mode="$3" -rf text -rff "$OUT/jmh-$2.txt" > "$OUT/jmh-$2.log"
  grep -E "^(traced|tracedLocal): " "$OUT/jmh-$2.log" || true
  cat "$OUT/jmh-$2.txt"
}
jmh "$JDK17" jdk17 untraced,traced,tracedLocal,restored
jmh "$JDK25" jdk25 untraced,traced,tracedLocal,restored,jfrMethodTrace

echo "== latency on JDK 17, $(uptime)"
"$JDK17/bin/java" -cp bench/target/benchmarks.jar dev.eddy.bench.tracing.AgentLatency "$JDK17" agent/target/eddy-agent.jar "$ROUNDS"
echo "== latency on JDK 25, $(uptime)"
"$JDK25/bin/java" -cp bench/target/benchmarks.jar dev.eddy.bench.tracing.AgentLatency "$JDK25" agent/target/eddy-agent.jar "$ROUNDS"
