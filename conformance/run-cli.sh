#!/usr/bin/env bash
# Runs the conformance corpus with the AWS CLI against a running Jeeves local stack, as a user would:
# create-state-machine, start-execution, describe-execution until it ends, delete-state-machine; then
# compares each result with expected.json (rules in README.md). Start the stack first with the corpus's
# functions:
#
#   ./run-local.sh --in-memory --corpus-functions        # in another terminal
#   conformance/run-cli.sh [NAME...]                      # all machines, or the named ones
#
# Environment: SFN_ENDPOINT (default http://127.0.0.1:8083, also the Lambda endpoint), AWS (the CLI,
# default `aws`). Exit code 1 if any machine does not conform. Use a fresh stack (--in-memory) for each
# run: execution names are unique per state machine, as in AWS, and six machines name theirs.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ENDPOINT="${SFN_ENDPOINT:-http://127.0.0.1:8083}"
AWS_CLI="${AWS:-aws}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local}"
export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_PAGER=""
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-$AWS_REGION}" # the CLI v1 reads only this one
sfn() { "$AWS_CLI" --endpoint-url "$ENDPOINT" stepfunctions "$@"; }

if [ $# -gt 0 ]; then MACHINES=("$@"); else mapfile -t MACHINES < <(ls "$HERE/machines"); fi
passed=0; failed=()
for name in "${MACHINES[@]}"; do
  dir="$HERE/machines/$name"
  read -r machine role execution < <(python3 - "$dir" <<'PY'
import json, os, sys
d = sys.argv[1]
ctx = os.path.join(d, "context.json")
if os.path.exists(ctx):
    c = json.load(open(ctx))
    print(c["StateMachine"]["Name"], c["Execution"]["RoleArn"], c["Execution"]["Name"])
else:
    print("corpus-" + os.path.basename(d)[:3], "arn:aws:iam::000000000000:role/corpus", "-")
PY
)
  if ! arn=$(sfn create-state-machine --name "$machine" --role-arn "$role" \
        --definition "file://$dir/definition.asl.json" --query stateMachineArn --output text); then
    failed+=("$name"); echo "FAIL  $name: create-state-machine refused"; continue
  fi
  "$AWS_CLI" --endpoint-url "$ENDPOINT" lambda invoke --function-name corpus-reset /dev/null > /dev/null
  name_args=(); [ "$execution" != "-" ] && name_args=(--name "$execution")
  if ! exec_arn=$(sfn start-execution --state-machine-arn "$arn" --input "file://$dir/input.json" \
             ${name_args[@]+"${name_args[@]}"} --query executionArn --output text); then
    sfn delete-state-machine --state-machine-arn "$arn"
    failed+=("$name"); echo "FAIL  $name: start-execution refused"; continue
  fi
  while [ "$(sfn describe-execution --execution-arn "$exec_arn" --query status --output text)" = RUNNING ]; do
    sleep 0.2
  done
  sfn describe-execution --execution-arn "$exec_arn" > /tmp/jeeves-corpus-result.json
  sfn delete-state-machine --state-machine-arn "$arn"
  if verdict=$(python3 - "$dir" /tmp/jeeves-corpus-result.json <<'PY'
import json, os, sys
from datetime import datetime, timezone
d, result = sys.argv[1], json.load(open(sys.argv[2]))
exp_text = open(os.path.join(d, "expected.json")).read()
ctx = os.path.join(d, "context.json")
if os.path.exists(ctx):  # the start time is the service's: expect this execution's own
    start = datetime.fromisoformat(result["startDate"]).astimezone(timezone.utc)
    ms = start.microsecond // 1000
    own = start.strftime("%Y-%m-%dT%H:%M:%S") + (f".{ms:03d}" if ms else "") + "Z"
    exp_text = exp_text.replace(json.load(open(ctx))["Execution"]["StartTime"], own)
exp = json.loads(exp_text)
problems = []
if result["status"] != exp["status"]:
    problems.append(f"status {result['status']} ({result.get('error')}: {result.get('cause')}), expected {exp['status']}")
else:
    if "output" in exp and json.loads(result.get("output", "null")) != exp["output"]:
        problems.append(f"output {result.get('output')}, expected {json.dumps(exp['output'])}")
    if "error" in exp and result.get("error") != exp["error"]:
        problems.append(f"error {result.get('error')}, expected {exp['error']}")
    if "cause" in exp and result.get("cause") != exp["cause"]:
        problems.append(f"cause {result.get('cause')}, expected {exp['cause']}")
    if "causeContains" in exp and exp["causeContains"] not in (result.get("cause") or ""):
        problems.append(f"cause {result.get('cause')}, expected to contain {exp['causeContains']}")
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
); then
    passed=$((passed + 1)); echo "ok    $name"
  else
    failed+=("$name"); echo "FAIL  $name: $verdict"
  fi
done
echo "${passed} of ${#MACHINES[@]} machines conform through the AWS CLI at $ENDPOINT"
[ ${#failed[@]} -eq 0 ]
