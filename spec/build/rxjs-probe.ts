/**
 * Counts RxJS work inside a bundle whose RxJS is private (the Espruino bundle in the
 * vm): `Observable.prototype.subscribe` calls (chains started) and
 * `Subscription.prototype.unsubscribe` calls (subscriptions torn down: a completed
 * chain, a cancelled timer, a finished scheduler action), by the constructor's name
 * when the bundle keeps names. The prototypes are found from objects the bundle
 * hands out, so nothing in the bundle is changed but these two methods.
 */
export interface RxjsProbe {
  /** Counts so far: `subscribe`, `unsubscribe`, and `unsubscribe:<Class>`. */
  readonly counts: { [what: string]: number };
  /** A copy of the counts. */
  snapshot(): { [what: string]: number };
  /** Puts the original methods back. */
  restore(): void;
}

interface Proto {
  [key: string]: unknown;
}

function ownerOf(start: object, key: string, marker: string): Proto {
  let proto = Object.getPrototypeOf(start) as Proto | null;
  while (proto !== null && !(Object.prototype.hasOwnProperty.call(proto, key) && Object.prototype.hasOwnProperty.call(proto, marker))) {
    proto = Object.getPrototypeOf(proto) as Proto | null;
  }
  if (proto === null) throw new Error('no prototype with own ' + key + ' and ' + marker);
  return proto;
}

/**
 * Instruments the RxJS of `observable`'s bundle: `Observable.prototype` is the
 * prototype owning `subscribe` and `pipe`, `Subscription.prototype` the one owning
 * `unsubscribe` and `remove`.
 */
export function probeRxjs(observable: { subscribe(observer: { next?: () => void }): { unsubscribe(): void } }): RxjsProbe {
  const observableProto = ownerOf(observable, 'subscribe', 'pipe');
  const subscription = observable.subscribe({ next: () => undefined });
  const subscriptionProto = ownerOf(subscription, 'unsubscribe', 'remove');
  subscription.unsubscribe();
  const counts: { [what: string]: number } = { subscribe: 0, unsubscribe: 0 };
  const subscribe = observableProto.subscribe as (...args: unknown[]) => unknown;
  const unsubscribe = subscriptionProto.unsubscribe as (...args: unknown[]) => unknown;
  observableProto.subscribe = function (this: unknown, ...args: unknown[]) {
    counts.subscribe++;
    return subscribe.apply(this, args);
  };
  subscriptionProto.unsubscribe = function (this: { constructor: { name: string } }, ...args: unknown[]) {
    counts.unsubscribe++;
    const key = 'unsubscribe:' + (this.constructor && this.constructor.name);
    counts[key] = (counts[key] || 0) + 1;
    return unsubscribe.apply(this, args);
  };
  return {
    counts,
    snapshot: () => Object.assign({}, counts),
    restore() {
      observableProto.subscribe = subscribe;
      subscriptionProto.unsubscribe = unsubscribe;
    },
  };
}

/** `after - before` for every key of `after`. */
export function countsSince(before: { [what: string]: number }, after: { [what: string]: number }): { [what: string]: number } {
  const out: { [what: string]: number } = {};
  for (const key of Object.keys(after)) {
    const d = after[key] - (before[key] || 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}
