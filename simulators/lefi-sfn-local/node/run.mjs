// Runs ASL definitions on aws-local-stepfunctions 3.0.0, the differential test's oracle.
//
//   node --require ./with-resolvers.cjs run.mjs < request.json > results.json
//
// request: {"runs": [{"definition": {...}, "input": ..., "context": {...}}]}
// results: {"results": [{"status": "SUCCEEDED", "output": ...}
//                     | {"status": "FAILED", "error": "...", "cause": "..."}]}
//
// Every Task state runs the local handler named by the last segment of its Resource
// (handlers.mjs), and every Retry waits 0 ms, so runs are deterministic and quick.
//
// A run with `"taskServer": "http://HOST:PORT"` runs its Tasks there instead: each POSTs
// its input to `<taskServer>/invoke/<URL-encoded Resource>`; 200 carries the result, any
// other status `{"errorType", "errorMessage"}` (a Lambda function error), thrown as an
// Error of that name so that Retry and Catch match it. lefi-workflow's tests/aws_local.rs
// serves the project's steps that way.
import { StateMachine } from 'aws-local-stepfunctions';
import { fail, makeHandlers } from './handlers.mjs';

function remoteHandler(taskServer, resource) {
  return async (input) => {
    const response = await fetch(`${taskServer}/invoke/${encodeURIComponent(resource)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? null),
    });
    const body = await response.json();
    if (response.ok) return body;
    throw fail(body?.errorType ?? 'Lambda.Unknown', body?.errorMessage ?? '');
  };
}

function collectStates(definition, out) {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    out.push([name, state]);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) collectStates(processor, out);
    for (const branch of state.Branches ?? []) collectStates(branch, out);
  }
  return out;
}

// Building a StateMachine validates the definition (asl-validator, ~0.3 s each): build
// each distinct definition once.
const machines = new Map();
function machineFor(definition) {
  const key = JSON.stringify(definition);
  if (!machines.has(key)) machines.set(key, new StateMachine(definition));
  return machines.get(key);
}

async function runOne({ definition, input, context, taskServer }) {
  const handlers = makeHandlers();
  const taskResourceLocalHandlers = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of collectStates(definition, [])) {
    if (state.Type === 'Task') {
      const fn = state.Resource.split(':').pop();
      const handler = taskServer ? remoteHandler(taskServer, state.Resource) : handlers[fn];
      if (!handler) throw new Error(`no local handler for resource ${state.Resource}`);
      taskResourceLocalHandlers[name] = handler;
    }
    if (state.Retry) retryIntervalOverrides[name] = 0;
  }
  const machine = machineFor(definition);
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
    context,
  });
  try {
    const output = await execution.result;
    return { status: 'SUCCEEDED', output };
  } catch (e) {
    if (e.name === 'ExecutionTimeoutError') return { status: 'TIMED_OUT' };
    const failure = e.name === 'ExecutionError' ? e.cause : e;
    return { status: 'FAILED', error: failure.name, cause: failure.message };
  }
}

let raw = '';
for await (const chunk of process.stdin) raw += chunk;
const request = JSON.parse(raw);
const results = [];
for (const run of request.runs) {
  try {
    results.push(await runOne(run));
  } catch (e) {
    results.push({ status: 'ORACLE_ERROR', message: String(e?.stack ?? e) });
  }
}
process.stdout.write(JSON.stringify({ results }));
