#!/usr/bin/env bash
# Builds what the local stack needs (skipping tests) and starts it, in one JVM, no Docker: the HTTP API on
# http://localhost:8080 with every function, DynamoDB Local (8000), Step Functions and Lambda (8083),
# SQS (9324), S3 (9090), and the state machines of statemachines/. Options: --port, --in-memory,
# --data DIR, --dynamodb-port, --sfn-port, --sqs-port, --s3-port, --host, --corpus-functions (see --help).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests -pl local -am package
export POWERTOOLS_SERVICE_NAME="${POWERTOOLS_SERVICE_NAME:-jeeves}"
export POWERTOOLS_METRICS_NAMESPACE="${POWERTOOLS_METRICS_NAMESPACE:-Jeeves}"
export AWS_EMF_ENVIRONMENT="${AWS_EMF_ENVIRONMENT:-Local}"
exec java -Dfile.encoding=UTF-8 -XX:+UseSerialGC -jar local/target/jeeves-local.jar "$@"
