#!/usr/bin/env bash
# Reruns the benchmarks of docs/benchmarks.md: warm latency per handler vs the SDK calls it makes,
# cold start vs an empty Micronaut handler, and 64 concurrent callers against one quota and one rate
# window. Writes benchmarks/target/results.md. --quick: a few iterations only (a smoke run).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl benchmarks -am package
export POWERTOOLS_SERVICE_NAME=jeeves POWERTOOLS_METRICS_NAMESPACE=Jeeves AWS_EMF_ENVIRONMENT=Local
export AWS_REGION=us-east-1
# the functions' JSON logs and EMF lines go to stdout: discard them, keep the report (stderr)
java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile=classpath:log4j2-local.xml \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)" io.jeeves.bench.BenchMain "$@" > /dev/null
