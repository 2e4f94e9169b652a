// The aws-local-stepfunctions side of the Step Functions benchmark (docs/benchmarks.md). Run by
// io.jeeves.bench.SfnBench with the pinned Node of conformance/.tools:
//
//   node alsf-bench.mjs DIR
//
// DIR holds NAME.asl.json and NAME.input.json for each benchmark (written by SfnBench, the same files
// our engine runs). Task states run the in-process no-op function (it returns its input). Reads one
// NAME per line on stdin, runs that state machine once, and answers one line
// {"millis": 1.23, "status": "SUCCEEDED"}: SfnBench interleaves these runs with its own, so that both
// engines see the same moments of a noisy machine.

import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TOOL = path.join(HERE, '..', '..', 'conformance', '.tools', 'node_modules', 'aws-local-stepfunctions');
const { StateMachine } = await import(pathToFileURL(path.join(TOOL, 'build', 'main.node.esm.js')).href);

const dir = process.argv[2];

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

const machines = new Map();
function machine(name) {
  if (!machines.has(name)) {
    const definition = JSON.parse(fs.readFileSync(path.join(dir, `${name}.asl.json`), 'utf8'));
    const input = JSON.parse(fs.readFileSync(path.join(dir, `${name}.input.json`), 'utf8'));
    machines.set(name, {
      machine: new StateMachine(definition, { validationOptions: { checkPaths: false } }),
      input,
      options: { overrides: { taskResourceLocalHandlers: taskStates(definition.States) } },
    });
  }
  return machines.get(name);
}

for await (const name of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const m = machine(name.trim());
  let status = 'SUCCEEDED';
  const started = process.hrtime.bigint();
  try {
    await m.machine.run(m.input, m.options).result;
  } catch (e) {
    status = `FAILED ${e.name}: ${e.message}`;
  }
  const millis = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ millis, status }) + '\n');
}
