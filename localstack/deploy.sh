#!/usr/bin/env bash
# Deploys the Jeeves CDK app (infra-cdk/) to a running LocalStack with cdklocal: bootstrap, then deploy.
# See localstack/README.md. Needs Node.js (npm) and, unless --build, the Maven build's outputs.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: localstack/deploy.sh [--build] [--http-api] [--prefix NAME] [--outputs FILE] [--destroy]

  --build         build the functions jar and the CDK app first (mvn -DskipTests package)
  --http-api      also deploy the HTTP API and its JWT authorizer (needs a LocalStack license that
                  includes API Gateway v2; the free community image has none)
  --prefix NAME   resource name prefix (default jeeves)
  --outputs FILE  where the stack outputs go as JSON (default localstack/.outputs.json)
  --destroy       delete the stack instead (tables and buckets are retained, as in AWS)

Environment: LOCALSTACK_PORT (default 4566), or AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_S3 for
another endpoint (the S3 one must contain ".s3.", e.g. http://s3.localhost.localstack.cloud:4566).
EOF
}

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=false http_api=false destroy=false prefix=jeeves outputs="$here/.outputs.json"
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=true ;;
    --http-api) http_api=true ;;
    --destroy) destroy=true ;;
    --prefix) prefix=${2:?--prefix needs a value}; shift ;;
    --outputs) outputs=${2:?--outputs needs a file}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

mkdir -p "$(dirname "$outputs")"
outputs="$(cd "$(dirname "$outputs")" && pwd)/$(basename "$outputs")"

port=${LOCALSTACK_PORT:-4566}
# localhost.localstack.cloud and its subdomains resolve to 127.0.0.1; cdklocal needs a name whose
# s3. subdomain resolves for the asset uploads
export AWS_ENDPOINT_URL=${AWS_ENDPOINT_URL:-http://localhost.localstack.cloud:$port}
export AWS_ENDPOINT_URL_S3=${AWS_ENDPOINT_URL_S3:-http://s3.localhost.localstack.cloud:$port}

if $build; then
  (cd "$root" && mvn -B -q -DskipTests package -pl infra-cdk -am)
fi
for f in infra-cdk/target/assets/jeeves-functions.jar infra-cdk/target/cdk.classpath infra-cdk/target/classes; do
  if [ ! -e "$root/$f" ]; then
    echo "missing $f: run 'mvn -B -DskipTests package' at the repository root first (or pass --build)" >&2
    exit 1
  fi
done

if [ ! -x "$here/node_modules/.bin/cdklocal" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
cdklocal="$here/node_modules/.bin/cdklocal"

echo "waiting for LocalStack at $AWS_ENDPOINT_URL ..."
for _ in $(seq 1 90); do
  if curl -fsS "$AWS_ENDPOINT_URL/_localstack/health" >/dev/null 2>&1; then
    ready=true
    break
  fi
  sleep 2
done
if [ "${ready:-false}" != true ]; then
  echo "LocalStack does not answer at $AWS_ENDPOINT_URL (docker compose -f localstack/docker-compose.yml up -d)" >&2
  exit 1
fi

# SnapStart is accepted but not emulated by LocalStack: without it there are no versions and no "live"
# aliases, and everything (state machines included) calls the functions themselves.
context=(-c "prefix=$prefix" -c snapStart=false -c "httpApi=$http_api")

cd "$root/infra-cdk"
if $destroy; then
  "$cdklocal" destroy --no-notices --force "${context[@]}"
  exit 0
fi
"$cdklocal" bootstrap --no-notices aws://000000000000/us-east-1 "${context[@]}"
"$cdklocal" deploy --no-notices --require-approval never --outputs-file "$outputs" "${context[@]}"
echo "deployed; stack outputs in $outputs"
