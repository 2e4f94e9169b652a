// The aws-local-stepfunctions side of the Step Functions benchmark (docs/benchmarks.md). Run by
// io.jeeves.bench.SfnBench with the pinned Node of conformance/.tools:
//
//   node alsf-bench.mjs DIR WARMUPS RUNS
//
// DIR holds NAME.asl.json and NAME.input.json for each benchmark (written by SfnBench, the same files
// our engine runs). Task states run the in-process no-op function (it returns its input). Prints one
// JSON object: {"NAME": {"millis": [...], "status": "SUCCEEDED"}, ...}.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TOOL = path.join(HERE, '..', '..', 'conformance', '.tools', 'node_modules', 'aws-local-stepfunctions');
const { StateMachine } = await import(pathToFileURL(path.join(TOOL, 'build', 'main.node.esm.js')).href);

const [dir, warmups, runs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];

/** Every Task state, at any depth, runs the no-op function. */
function taskStates(states, out = {}) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') out[name] = async (input) => input;
    const nested = state.ItemProcessor ?? state.Iterator;
    if (nested) taskStates(nested.States, out);
    for (const branch of state.Branches ?? []) taskStates(branch.States, out);
  }
  return out;
}

const results = {};
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.asl.json')).sort()) {
  const name = file.slice(0, -'.asl.json'.length);
  const definition = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const input = JSON.parse(fs.readFileSync(path.join(dir, `${name}.input.json`), 'utf8'));
  const machine = new StateMachine(definition, { validationOptions: { checkPaths: false } });
  const options = { overrides: { taskResourceLocalHandlers: taskStates(definition.States) } };
  const millis = [];
  let status = 'SUCCEEDED';
  for (let i = 0; i < warmups + runs; i++) {
    const started = process.hrtime.bigint();
    try {
      await machine.run(input, options).result;
    } catch (e) {
      status = `FAILED ${e.name}: ${e.message}`;
    }
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (i >= warmups) millis.push(elapsed);
  }
  results[name] = { millis, status };
}
process.stdout.write(JSON.stringify(results));
