/*
 * The tslib helpers RxJS's ES5 build imports, for the Espruino bundle only.
 * Same behaviour as tslib for what Espruino can run (classes, spread of arrays,
 * array-like iteration); the async helpers (used by RxJS only for async
 * iterables and ReadableStreams, which Espruino has not) throw a TypeError,
 * so a subscriber to such a source gets an error, never a crash.
 */
var extendStatics = function (d, b) {
  extendStatics = Object.setPrototypeOf ||
    function (d2, b2) { for (var p in b2) if (Object.prototype.hasOwnProperty.call(b2, p)) d2[p] = b2[p]; };
  return extendStatics(d, b);
};

export function __extends(d, b) {
  if (typeof b !== 'function' && b !== null) {
    throw new TypeError('Class extends value ' + String(b) + ' is not a constructor or null');
  }
  extendStatics(d, b);
  function __() { this.constructor = d; }
  d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
}

export var __assign = function () {
  __assign = Object.assign || function (t) {
    for (var s, i = 1, n = arguments.length; i < n; i++) {
      s = arguments[i];
      for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p)) t[p] = s[p];
    }
    return t;
  };
  return __assign.apply(this, arguments);
};

export function __rest(s, e) {
  var t = {};
  for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p) && e.indexOf(p) < 0) t[p] = s[p];
  return t;
}

/** Iterates arrays and array-likes; iterables through Symbol.iterator only where Symbol exists. */
export function __values(o) {
  var s = typeof Symbol === 'function' && Symbol.iterator;
  var m = s && o[s];
  var i = 0;
  if (m) return m.call(o);
  if (o && typeof o.length === 'number') {
    return {
      next: function () {
        if (o && i >= o.length) o = void 0;
        return { value: o && o[i++], done: !o };
      },
    };
  }
  throw new TypeError('Object is not iterable.');
}

export function __read(o, n) {
  var m = typeof Symbol === 'function' && o[Symbol.iterator];
  if (!m) return o;
  var it = m.call(o);
  var ar = [];
  var r;
  while ((n === void 0 || n-- > 0) && !(r = it.next()).done) ar.push(r.value);
  return ar;
}

export function __spreadArray(to, from) {
  return to.concat(Array.prototype.slice.call(from));
}

function unsupported() {
  throw new TypeError('async iterables and ReadableStreams are not supported on Espruino');
}

export var __awaiter = unsupported;
export var __generator = unsupported;
export var __await = unsupported;
export var __asyncValues = unsupported;
export var __asyncGenerator = unsupported;
