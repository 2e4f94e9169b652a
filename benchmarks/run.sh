#!/usr/bin/env bash
# Reruns the benchmarks of docs/benchmarks.md: warm latency per handler vs the SDK calls it makes,
# cold start vs an empty Micronaut handler, 64 concurrent callers against one quota and one rate
# window, the Step Functions engine vs aws-local-stepfunctions, and the governance control loop (propose
# -> complete), and the LLM gateway's overhead. Writes benchmarks/target/results.md, results-sfn.md,
# results-governance.md and results-llm.md. --quick: a few iterations only (a smoke run).
# --only warm|cold|concurrency|sfn|governance|llm: one part; --only sse: the SSE decoding part of llm alone
# (no local stack; writes results-sse.md). --sse-warmups N: warm-up runs per backend of the SSE part (200).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl benchmarks -am package
export POWERTOOLS_SERVICE_NAME=jeeves POWERTOOLS_METRICS_NAMESPACE=Jeeves AWS_EMF_ENVIRONMENT=Local
export AWS_REGION=us-east-1
CP="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
LOG=-Dlog4j2.configurationFile=classpath:log4j2-local.xml
ONLY=""
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
# the functions' JSON logs and EMF lines go to stdout: discard them, keep the report (stderr)
if [ -z "$ONLY" ] || { [ "$ONLY" != sfn ] && [ "$ONLY" != governance ] && [ "$ONLY" != llm ] && [ "$ONLY" != sse ]; }; then
  # Lambda-like JVM flags (C1 only, serial GC) for the function benchmarks
  java -Dfile.encoding=UTF-8 -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$LOG" -cp "$CP" io.jeeves.bench.BenchMain \
    ${ARGS[@]+"${ARGS[@]}"} ${ONLY:+--only "$ONLY"} > /dev/null
fi
if [ -z "$ONLY" ] || [ "$ONLY" = sfn ]; then
  conformance/tools/install.sh > /dev/null
  # the local stack's JVM as run-local.sh starts it (full JIT, like the Node side)
  java -Dfile.encoding=UTF-8 -XX:+UseSerialGC "$LOG" -cp "$CP" io.jeeves.bench.BenchMain ${ARGS[@]+"${ARGS[@]}"} --only sfn \
    --out benchmarks/target/results-sfn.md > /dev/null
fi
if [ -z "$ONLY" ] || [ "$ONLY" = governance ]; then
  # the control loop on the local stack's JVM as run-local.sh starts it
  java -Dfile.encoding=UTF-8 -XX:+UseSerialGC "$LOG" -cp "$CP" io.jeeves.bench.BenchMain ${ARGS[@]+"${ARGS[@]}"} \
    --only governance --out benchmarks/target/results-governance.md > /dev/null
fi
if [ -z "$ONLY" ] || [ "$ONLY" = llm ]; then
  # the LLM gateway's overhead and SSE decoding, on the local stack's JVM as run-local.sh starts it
  java -Dfile.encoding=UTF-8 -XX:+UseSerialGC "$LOG" -cp "$CP" io.jeeves.bench.BenchMain ${ARGS[@]+"${ARGS[@]}"} \
    --only llm --out benchmarks/target/results-llm.md > /dev/null
fi
if [ "$ONLY" = sse ]; then
  java -Dfile.encoding=UTF-8 -XX:+UseSerialGC "$LOG" -cp "$CP" io.jeeves.bench.BenchMain ${ARGS[@]+"${ARGS[@]}"} \
    --only sse --out benchmarks/target/results-sse.md > /dev/null
fi
