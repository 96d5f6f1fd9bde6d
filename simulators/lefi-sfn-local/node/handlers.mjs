// The differential test's task handlers, keyed by the function name at the end of the
// resource ARN. tests/differential.rs implements the same handlers in Rust: change both.
// Errors carry a name (Lambda's errorType) and a message (errorMessage), which
// aws-local-stepfunctions reports as the Error and Cause of the failure.

export function fail(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

// One set of handlers per execution: `fail-until-3` counts calls per distinct input.
export function makeHandlers() {
  const calls = new Map();
  return {
    // Returns its input unchanged.
    echo: async (input) => input,
    // {"a": x, "b": y} -> x + y.
    add: async (input) => {
      if (typeof input?.a !== 'number' || typeof input?.b !== 'number') {
        throw fail('BadInput', 'add needs numbers a and b');
      }
      return input.a + input.b;
    },
    // Fails with RegistryTimeout on the first two calls with a given input, then
    // returns {"attempts": n, "input": input}.
    'fail-until-3': async (input) => {
      const key = canonical(input);
      const n = (calls.get(key) ?? 0) + 1;
      calls.set(key, n);
      if (n < 3) throw fail('RegistryTimeout', `attempt ${n} timed out`);
      return { attempts: n, input };
    },
    // Always fails; the error name is input.errorName when that is a string.
    'always-fail': async (input) => {
      const name = typeof input?.errorName === 'string' ? input.errorName : 'AlwaysFails';
      throw fail(name, 'this function always fails');
    },
    // Sleeps input.ms milliseconds, then returns {"slept": ms}.
    sleep: async (input) => {
      const ms = typeof input?.ms === 'number' ? input.ms : 0;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { slept: ms };
    },
  };
}

// JSON with object keys sorted, so that equal inputs count as one whatever their key order.
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
