// The REPL's value printer: evaluated once per session context; the host keeps the returned function,
// so nothing here becomes a global. Addresses (BigInt) print in hex with the n suffix, so a printed value
// can be pasted back as input; struct page / kmem_cache objects print as the kernel names them.
(function () {
  'use strict';
  const MAX_ITEMS = 100;

  function hex(b) {
    return (b < 0n ? '-0x' + (-b).toString(16) : '0x' + b.toString(16)) + 'n';
  }

  function custom(v) {
    // Page and KmemCache carry their own toString; plain objects and arrays do not
    const proto = Object.getPrototypeOf(v);
    return proto !== null && proto !== Object.prototype && proto !== Array.prototype
      && typeof v.toString === 'function' && v.toString !== Object.prototype.toString
      && !(v instanceof Error) && typeof v !== 'function';
  }

  function fmt(v, depth, seen) {
    switch (typeof v) {
      case 'bigint': return hex(v);
      case 'string': return depth === 0 && v.includes('\n') ? v.replace(/\n$/, '') : JSON.stringify(v);
      case 'undefined': return 'undefined';
      case 'function': return '[Function' + (v.name ? ': ' + v.name : '') + ']';
      case 'symbol': return v.toString();
      case 'number': case 'boolean': return String(v);
    }
    if (v === null) return 'null';
    if (v instanceof Error) return (v.name || 'Error') + ': ' + v.message;
    if (custom(v)) return String(v);
    if (seen.includes(v)) return '[Circular]';
    if (depth > 4) return Array.isArray(v) ? '[Array]' : '[Object]';
    const next = seen.concat([v]);
    if (Array.isArray(v)) {
      const items = v.slice(0, MAX_ITEMS).map((x) => fmt(x, depth + 1, next));
      if (v.length > MAX_ITEMS) items.push('... ' + (v.length - MAX_ITEMS) + ' more');
      return '[' + items.join(', ') + ']';
    }
    if (v instanceof Map) {
      return 'Map(' + v.size + ') {' + Array.from(v).slice(0, MAX_ITEMS)
        .map(([k, x]) => fmt(k, depth + 1, next) + ' => ' + fmt(x, depth + 1, next)).join(', ') + '}';
    }
    if (v instanceof Set) {
      return 'Set(' + v.size + ') {' + Array.from(v).slice(0, MAX_ITEMS).map((x) => fmt(x, depth + 1, next)).join(', ') + '}';
    }
    const keys = Object.keys(v);
    const parts = keys.slice(0, MAX_ITEMS).map((k) =>
      (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)) + ': ' + fmt(v[k], depth + 1, next));
    if (keys.length > MAX_ITEMS) parts.push('... ' + (keys.length - MAX_ITEMS) + ' more');
    return parts.length === 0 ? '{}' : '{ ' + parts.join(', ') + ' }';
  }

  // thrown: the value an input threw; an Error prints as "Name: message", anything else (throw 42) as Uncaught 42
  return function (v, thrown) {
    try {
      if (thrown && !(v instanceof Error)) return 'Uncaught ' + fmt(v, 1, []);
      return fmt(v, 0, []);
    } catch (e) {
      return String(v);
    }
  };
})
