// Generates expected.json for the ASL conformance corpus by running every machine on an independent
// interpreter, aws-local-stepfunctions@3.0.0, with the corpus's fake Lambda functions.
//
// Run it through generate.sh, which installs the pinned tools into .tools and uses the pinned Node 22.
//
//   ./generate.sh                 regenerate every machine whose expected.json is missing or generated
//   ./generate.sh --check         regenerate in memory only; exit 1 if any generated file would change
//   ./generate.sh NAME...         only the named machines (directory names under machines/)
//
// Hand-written expectations ("source": "hand-written") are never written; the tool's own result for
// them is printed, so the differences stay visible. Anything unexpected stops the run with exit code 1:
// an unknown Task resource or function, a Task or Fail state the corpus cannot make engine-independent,
// an error that did not come from the machine (a crash inside the tool), a result that differs between
// two runs, or a malformed expected.json.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MACHINES = path.join(HERE, 'machines');
const TOOL_DIR = path.join(HERE, '.tools', 'node_modules', 'aws-local-stepfunctions');
const TOOL_VERSION = '3.0.0';
const SOURCE = `aws-local-stepfunctions@${TOOL_VERSION}`;
const HAND_WRITTEN = 'hand-written';
const RUN_TIMEOUT_MS = 30_000;

const LAMBDA_ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';
const LAMBDA_ARN = /^arn:aws:lambda:us-east-1:000000000000:function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

// ---------------------------------------------------------------------------------------------------
// Loud failures

class CorpusError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CorpusError';
  }
}

function die(message) {
  throw new CorpusError(message);
}

// ---------------------------------------------------------------------------------------------------
// Fake Lambda functions (README.md, "Fake Lambda functions", is the normative description)

/** An error a fake function reports. AWS reports Error = errorType, Cause = the JSON error payload. */
class FakeLambdaError extends Error {
  constructor(errorType, errorMessage) {
    // The tool reports a thrown Error's `name` as the error name and its `message` as the cause, so the
    // message carries the same JSON error payload that AWS puts in the cause.
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A fresh set of functions with fresh state: one per execution. */
function makeFunctions(problems) {
  const misuse = (message) => {
    problems.push(message);
    return new CorpusError(message);
  };
  let flakyCalls = 0;
  return {
    echo(input) {
      return structuredClone(input);
    },
    add(input) {
      if (!isPlainObject(input) || typeof input.a !== 'number' || typeof input.b !== 'number') {
        throw misuse(`add: input must be {"a": number, "b": number}, got ${JSON.stringify(input)}`);
      }
      return input.a + input.b;
    },
    fail(input) {
      const o = isPlainObject(input) ? input : {};
      const errorType = o.errorType ?? 'CustomError';
      const message = o.message ?? 'failed';
      if (typeof errorType !== 'string' || typeof message !== 'string') {
        throw misuse(`fail: errorType and message must be strings, got ${JSON.stringify(input)}`);
      }
      throw new FakeLambdaError(errorType, message);
    },
    flaky(input) {
      const failures = isPlainObject(input) && input.failures !== undefined ? input.failures : 2;
      if (!Number.isInteger(failures) || failures < 0) {
        throw misuse(`flaky: failures must be a non-negative integer, got ${JSON.stringify(input)}`);
      }
      flakyCalls += 1;
      if (flakyCalls <= failures) {
        throw new FakeLambdaError('FlakyError', `call ${flakyCalls} failed`);
      }
      return { calls: flakyCalls };
    },
  };
}

function functionNameOf(nameOrArn, where) {
  const m = LAMBDA_ARN.exec(nameOrArn);
  if (m) return m[1];
  if (/^[A-Za-z0-9_-]+$/.test(nameOrArn)) return nameOrArn;
  die(`${where}: function name or ARN '${nameOrArn}' is not of the form NAME or ${LAMBDA_ARN_PREFIX}NAME`);
}

function callFunction(functions, name, input, where, problems) {
  const fn = functions[name];
  if (!fn) {
    const message = `${where}: unknown fake function '${name}'`;
    problems.push(message);
    throw new CorpusError(message);
  }
  return fn(input);
}

/** The local handler standing in for a Task state's resource. */
function handlerFor(resource, stateName, functions, problems) {
  if (resource === LAMBDA_INVOKE) {
    return (input) => {
      const where = `Task '${stateName}' (lambda:invoke)`;
      const bad = (msg) => {
        problems.push(`${where}: ${msg}`);
        return new CorpusError(`${where}: ${msg}`);
      };
      if (!isPlainObject(input)) throw bad(`Parameters must be an object, got ${JSON.stringify(input)}`);
      const extra = Object.keys(input).filter((k) => k !== 'FunctionName' && k !== 'Payload');
      if (extra.length) throw bad(`only FunctionName and Payload are supported, got ${extra.join(', ')}`);
      if (typeof input.FunctionName !== 'string') throw bad('FunctionName must be a string');
      if (!('Payload' in input)) throw bad('Payload is required');
      let name;
      try {
        name = functionNameOf(input.FunctionName, where);
      } catch (e) {
        throw bad(e.message);
      }
      const payload = callFunction(functions, name, input.Payload, where, problems);
      return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
    };
  }
  const m = LAMBDA_ARN.exec(resource);
  if (!m) die(`Task '${stateName}': unsupported Resource '${resource}'`);
  return (input) => callFunction(functions, m[1], input, `Task '${stateName}'`, problems);
}

// ---------------------------------------------------------------------------------------------------
// Definition walk: Task resources, Wait and Retry names, Fail states

function walk(definition, visit, where = 'top level') {
  if (!isPlainObject(definition) || !isPlainObject(definition.States)) die(`${where}: no States object`);
  for (const [name, state] of Object.entries(definition.States)) {
    visit(name, state);
    if (state.Type === 'Parallel') {
      (state.Branches ?? []).forEach((b, i) => walk(b, visit, `${name}.Branches[${i}]`));
    } else if (state.Type === 'Map') {
      walk(state.ItemProcessor ?? state.Iterator, visit, `${name}.ItemProcessor`);
    }
  }
}

function analyse(definition) {
  const tasks = new Map();
  const waits = new Set();
  const retries = new Set();
  walk(definition, (name, state) => {
    if (state.Type === 'Task') {
      if (tasks.has(name) && tasks.get(name) !== state.Resource) {
        die(`two Task states are named '${name}' with different resources; the tool keys handlers by state name`);
      }
      if (state.Resource !== LAMBDA_INVOKE && !LAMBDA_ARN.test(state.Resource)) {
        die(`Task '${name}': unsupported Resource '${state.Resource}'`);
      }
      tasks.set(name, state.Resource);
    }
    if (state.Type === 'Wait') waits.add(name);
    if (Array.isArray(state.Retry)) retries.add(name);
    if (state.Type === 'Fail') {
      // Without an explicit error and cause the tool invents its own ("FailStateError", "Execution failed
      // because of a Fail state"), which AWS does not; the corpus always names both.
      if (!('Error' in state || 'ErrorPath' in state) || !('Cause' in state || 'CausePath' in state)) {
        die(`Fail '${name}': give Error (or ErrorPath) and Cause (or CausePath)`);
      }
    }
  });
  return { tasks, waits, retries };
}

// ---------------------------------------------------------------------------------------------------
// Running the tool

async function loadTool() {
  const pkg = JSON.parse(fs.readFileSync(path.join(TOOL_DIR, 'package.json'), 'utf8'));
  if (pkg.version !== TOOL_VERSION) die(`expected aws-local-stepfunctions ${TOOL_VERSION}, found ${pkg.version}`);
  return import(pathToFileURL(path.join(TOOL_DIR, 'build', 'main.node.esm.js')).href);
}

async function runOnce(tool, definition, input, context) {
  const { tasks, waits, retries } = analyse(definition);
  const problems = [];
  const functions = makeFunctions(problems);
  const taskResourceLocalHandlers = {};
  for (const [name, resource] of tasks) {
    taskResourceLocalHandlers[name] = handlerFor(resource, name, functions, problems);
  }
  const waitTimeOverrides = Object.fromEntries([...waits].map((n) => [n, 0]));
  const retryIntervalOverrides = Object.fromEntries([...retries].map((n) => [n, 0]));

  const machine = new tool.StateMachine(structuredClone(definition)); // validates the definition
  const options = { overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides } };
  if (context !== undefined) options.context = structuredClone(context);
  const execution = machine.run(structuredClone(input), options);

  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CorpusError(`no result after ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
  });
  let result;
  try {
    const output = await Promise.race([execution.result, timeout]);
    result = { status: 'SUCCEEDED', output };
  } catch (e) {
    if (e instanceof CorpusError) {
      execution.abort();
      throw e;
    }
    if (!(e instanceof tool.ExecutionError)) {
      die(`the tool ended with ${e?.name}: ${e?.message}`);
    }
    const err = e.cause;
    const kind = err?.constructor?.name ?? '';
    if (err instanceof FakeLambdaError) {
      result = { status: 'FAILED', error: err.name, cause: err.message, origin: 'function' };
    } else if (kind === 'FailStateError') {
      result = { status: 'FAILED', error: err.name, cause: err.message, origin: 'fail-state' };
    } else if (kind.startsWith('States') && err.name.startsWith('States.')) {
      result = { status: 'FAILED', error: err.name, toolCause: err.message, origin: 'interpreter' };
    } else {
      die(`the execution failed with an error that did not come from the machine: ${kind} ${err?.name}: ${err?.message}`);
    }
  } finally {
    clearTimeout(timer);
  }
  if (problems.length) die(problems.join('; '));
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Stable JSON (keys sorted by code unit, 2-space indent, newline at the end)

function stable(value, indent = '') {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    if (s === undefined) die(`not JSON: ${String(value)}`);
    return s;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[\n' + value.map((v) => inner + stable(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return '{}';
  return '{\n' + keys.map((k) => inner + JSON.stringify(k) + ': ' + stable(value[k], inner)).join(',\n') + '\n' + indent + '}';
}

/** expected.json text: fixed top-level order, everything below sorted. */
function renderExpected(e) {
  const order = ['status', 'output', 'error', 'cause', 'causeContains', 'source', 'reason'];
  const extra = Object.keys(e).filter((k) => !order.includes(k));
  if (extra.length) die(`unexpected expected.json keys: ${extra.join(', ')}`);
  const parts = order.filter((k) => k in e).map((k) => `  ${JSON.stringify(k)}: ${stable(e[k], '  ')}`);
  return '{\n' + parts.join(',\n') + '\n}\n';
}

// ---------------------------------------------------------------------------------------------------
// Machines

function readJson(file, { optional = false } = {}) {
  if (!fs.existsSync(file)) {
    if (optional) return undefined;
    die(`${file} is missing`);
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    die(`${file}: ${e.message}`);
  }
}

function checkExpectedShape(e, file) {
  if (!isPlainObject(e)) die(`${file}: not an object`);
  if (e.status === 'SUCCEEDED') {
    if (!('output' in e) || 'error' in e || 'cause' in e || 'causeContains' in e) die(`${file}: SUCCEEDED needs output only`);
  } else if (e.status === 'FAILED') {
    if ('output' in e || typeof e.error !== 'string') die(`${file}: FAILED needs error (string) and no output`);
    if ('cause' in e && 'causeContains' in e) die(`${file}: give cause or causeContains, not both`);
    if ('cause' in e && typeof e.cause !== 'string') die(`${file}: cause must be a string`);
    if ('causeContains' in e && typeof e.causeContains !== 'string') die(`${file}: causeContains must be a string`);
  } else {
    die(`${file}: status must be SUCCEEDED or FAILED`);
  }
  if (e.source === HAND_WRITTEN) {
    if (typeof e.reason !== 'string' || e.reason.trim() === '') die(`${file}: hand-written expectations need a reason`);
  } else if (e.source === SOURCE) {
    if ('reason' in e) die(`${file}: generated expectations carry no reason`);
  } else {
    die(`${file}: source must be '${SOURCE}' or '${HAND_WRITTEN}', got ${JSON.stringify(e.source)}`);
  }
}

function toExpected(result, previous, name) {
  if (result.status === 'SUCCEEDED') return { status: 'SUCCEEDED', output: result.output, source: SOURCE };
  const e = { status: 'FAILED', error: result.error };
  if (result.origin === 'interpreter') {
    // The tool's wording of its own errors is its own; AWS words them differently. A causeContains put
    // into a generated file by hand is kept only while the tool's cause still contains it.
    const keep = previous?.source === SOURCE ? previous.causeContains : undefined;
    if (keep !== undefined) {
      if (!result.toolCause.includes(keep)) {
        die(`${name}: the tool's cause ${JSON.stringify(result.toolCause)} no longer contains causeContains ${JSON.stringify(keep)}`);
      }
      e.causeContains = keep;
    }
  } else {
    e.cause = result.cause;
  }
  e.source = SOURCE;
  return e;
}

function describe(result) {
  const text = result.status === 'SUCCEEDED'
    ? `SUCCEEDED ${JSON.stringify(result.output)}`
    : `FAILED ${result.error} (${JSON.stringify(result.cause ?? result.toolCause)})`;
  return text.length > 400 ? `${text.slice(0, 400)}... (${text.length} characters)` : text;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const only = args.filter((a) => !a.startsWith('--'));
  const unknownFlags = args.filter((a) => a.startsWith('--') && a !== '--check');
  if (unknownFlags.length) die(`unknown option(s): ${unknownFlags.join(' ')}`);

  const all = fs.readdirSync(MACHINES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const name of all) {
    if (!/^\d{3}-[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) die(`machines/${name}: name must be NNN-short-name (lowercase, digits, hyphens)`);
  }
  const numbers = all.map((n) => n.slice(0, 3));
  const dup = numbers.find((n, i) => numbers.indexOf(n) !== i);
  if (dup) die(`two machines are numbered ${dup}`);
  for (const n of only) if (!all.includes(n)) die(`no machine named ${n}`);
  const selected = only.length ? all.filter((n) => only.includes(n)) : all;

  const tool = await loadTool();
  let written = 0;
  let unchanged = 0;
  let handWritten = 0;
  const stale = [];

  for (const name of selected) {
    const dir = path.join(MACHINES, name);
    const allowed = new Set(['definition.asl.json', 'input.json', 'expected.json', 'context.json']);
    for (const f of fs.readdirSync(dir)) if (!allowed.has(f)) die(`machines/${name}/${f}: unexpected file`);
    const definition = readJson(path.join(dir, 'definition.asl.json'));
    const input = readJson(path.join(dir, 'input.json'));
    const context = readJson(path.join(dir, 'context.json'), { optional: true });
    const expectedFile = path.join(dir, 'expected.json');
    const previous = readJson(expectedFile, { optional: true });
    if (previous !== undefined) checkExpectedShape(previous, `machines/${name}/expected.json`);
    if (context !== undefined && !isDeepStrictEqual(context?.Execution?.Input, input)) {
      die(`machines/${name}/context.json: Execution.Input must equal input.json`);
    }

    if (previous?.source === HAND_WRITTEN) {
      handWritten += 1;
      let tool_says;
      try {
        tool_says = describe(await runOnce(tool, definition, input, context));
      } catch (e) {
        tool_says = `no usable result (${e.message})`;
      }
      console.log(`hand-written  ${name}: the tool gives ${tool_says}`);
      continue;
    }

    let first;
    let second;
    try {
      first = await runOnce(tool, definition, input, context);
      second = await runOnce(tool, definition, input, context);
    } catch (e) {
      if (e instanceof CorpusError) die(`machines/${name}: ${e.message}`);
      die(`machines/${name}: ${e?.name}: ${e?.message}`);
    }
    const text = renderExpected(toExpected(first, previous, name));
    if (text !== renderExpected(toExpected(second, previous, name))) {
      die(`machines/${name}: two runs gave different results:\n  ${describe(first)}\n  ${describe(second)}`);
    }
    const old = fs.existsSync(expectedFile) ? fs.readFileSync(expectedFile, 'utf8') : undefined;
    if (old === text) {
      unchanged += 1;
    } else if (check) {
      stale.push(name);
      console.log(`would change   ${name}: ${describe(first)}`);
    } else {
      fs.writeFileSync(expectedFile, text);
      written += 1;
      console.log(`written       ${name}: ${describe(first)}`);
    }
  }

  console.log(`\n${selected.length} machines: ${written} written, ${unchanged} unchanged, ${handWritten} hand-written (not touched)` +
    (check ? `, ${stale.length} would change` : ''));
  if (check && stale.length) process.exitCode = 1;
}

main().then(
  // Exit explicitly: an aborted execution inside the tool may leave timers behind.
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(`generate.mjs: ${e instanceof CorpusError ? e.message : e?.stack ?? e}`);
    process.exit(1);
  },
);
