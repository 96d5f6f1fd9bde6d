// aws-local-stepfunctions 3.0.0 calls Promise.withResolvers (Node >= 22). Node 20 lacks it;
// this file is loaded with `node --require` before the runner so the package works there.
'use strict';
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
