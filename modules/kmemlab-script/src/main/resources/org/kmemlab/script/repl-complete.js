// The REPL's completion helper: the property names of a value and of its prototypes (page. → pfn, flags, ...),
// or of the global object when called with no argument (kernel functions and constants are non-enumerable
// globals, so Object.keys would miss them).
(function (o) {
  'use strict';
  const out = new Set();
  let p = arguments.length === 0 ? globalThis : (o === null || o === undefined ? null : Object(o));
  for (; p !== null && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) {
      if (k !== 'constructor' && !/^__[A-Za-z]+__$/.test(k)) out.add(k); // not __proto__ and kin
    }
  }
  return Array.from(out);
})
