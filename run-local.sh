#!/usr/bin/env bash
# Builds what the local stack needs (skipping tests) and starts it: DynamoDB Local, the HTTP API on
# http://localhost:8080 and every function, in one JVM. No Docker. Options: --port, --in-memory,
# --data DIR, --dynamodb-port, --host (see --help).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests -pl local -am package
export POWERTOOLS_SERVICE_NAME="${POWERTOOLS_SERVICE_NAME:-jeeves}"
export POWERTOOLS_METRICS_NAMESPACE="${POWERTOOLS_METRICS_NAMESPACE:-Jeeves}"
export AWS_EMF_ENVIRONMENT="${AWS_EMF_ENVIRONMENT:-Local}"
exec java -XX:+UseSerialGC -jar local/target/jeeves-local.jar "$@"
