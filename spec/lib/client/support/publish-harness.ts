import { asyncScheduler, map, merge, Observable, Subject, Subscription } from 'rxjs';
import { VirtualBroker } from '../../../../adapters/virtual';
import { createClient } from '../../../../lib/client/create-client';
import { decodeUtf8 } from '../../../../lib/codec/utf8';
import type { Connection, Transport } from '../../../../lib/client/transport';
import type { ClientOptions, MqttClient, OutgoingMessage, PublishResult } from '../../../../lib/client/types';

/**
 * A virtual broker (answers after `delay` ms) and a client of it (no keepalive, so
 * virtual time ends), `connect()` subscribed at once; `wrap` changes the transport.
 */
export function connectedClient(
  delay: number,
  options: Partial<ClientOptions> = {},
  wrap?: (transport: Transport) => Transport,
): { broker: VirtualBroker; client: MqttClient } {
  const broker = new VirtualBroker({ delay });
  const transport = wrap ? wrap(broker.transport) : broker.transport;
  const client = createClient(Object.assign({ transport, clientId: 'publisher', keepalive: 0 }, options));
  client.connect().subscribe({ error: () => undefined });
  return { broker, client };
}

/** `count` messages `prefix0`, `prefix1`, ... (text payloads) at `qos`. */
export function messages(count: number, qos: 0 | 1, prefix = 'm'): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  for (let i = 0; i < count; i++) out.push({ topic: 'bench/t', payload: prefix + i, qos });
  return out;
}

/** A result as a short string: `"<payload>"` when ok, `"<payload>:<code or name>"` when failed. */
export function resultText(result: PublishResult): string {
  const m = result.message as OutgoingMessage | null;
  const payload = m === null || typeof m !== 'object' ? String(m) : typeof m.payload === 'string' ? m.payload : decodeUtf8(m.payload as Uint8Array, 0, (m.payload as Uint8Array).length);
  if (result.ok) return payload;
  const error = result.error as Error & { code?: string };
  return payload + ':' + (error.code || error.name);
}

/** The results as {@link resultText} strings. */
export function texts(results$: Observable<PublishResult>): Observable<string> {
  return results$.pipe(map(resultText));
}

/** Times of the PUBLISH packets the broker received. */
export function publishTimes(broker: VirtualBroker): number[] {
  return broker.received.filter((r) => r.packet.type === 'publish').map((r) => r.time);
}

/**
 * The most QoS 1 PUBLISHes ever unacknowledged at the client, from the broker's record:
 * the broker answers each one on receipt and the PUBACK reaches the client `delay` ms later.
 */
export function peakInFlight(broker: VirtualBroker, delay: number): number {
  const events: Array<[number, number]> = [];
  for (const r of broker.received) {
    if (r.packet.type !== 'publish' || r.packet.qos !== 1) continue;
    events.push([r.time, 1], [r.time + delay, -1]);
  }
  // at equal times acknowledgements first: the client reads them before it sends more
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of events) {
    now += d;
    peak = Math.max(peak, now);
  }
  return peak;
}

function wrapConnections(transport: Transport, wrap: (c: Connection) => Connection): Transport {
  return { open: () => transport.open().pipe(map(wrap)) };
}

/** `transport` with every write's size recorded in `writes`. */
export function recordingWrites(writes: number[]): (transport: Transport) => Transport {
  return (transport) =>
    wrapConnections(transport, (c) => ({
      data$: c.data$,
      close: () => c.close(),
      write: (bytes) => {
        writes.push(bytes.length);
        return c.write(bytes);
      },
    }));
}

/** `transport` whose connections also read what the test pushes into `reads` (say, several packets as one chunk). */
export function extraReads(reads: Subject<Uint8Array>): (transport: Transport) => Transport {
  return (transport) =>
    wrapConnections(transport, (c) => ({
      data$: merge(c.data$, reads),
      close: () => c.close(),
      write: (bytes) => c.write(bytes),
    }));
}

/**
 * A socket-like send buffer on `transport`: a write of `highWater` bytes or more
 * "fills the buffer" (write returns false); `drain$` emits once, `drainAfter` ms after
 * the last such write, as a socket's `'drain'` does when its buffer empties.
 */
export function pacedWrites(highWater: number, drainAfter: number): (transport: Transport) => Transport {
  return (transport) =>
    wrapConnections(transport, (c) => {
      const drain = new Subject<void>();
      let pending: Subscription | null = null;
      return {
        data$: c.data$,
        drain$: drain.asObservable(),
        close: () => c.close(),
        write: (bytes) => {
          c.write(bytes);
          if (bytes.length < highWater) return true;
          if (pending !== null) pending.unsubscribe();
          pending = asyncScheduler.schedule(() => {
            pending = null;
            drain.next();
          }, drainAfter);
          return false;
        },
      };
    });
}

/** An iterator over `items` (or endless copies of `template` when `items` is null) that counts its pulls. */
export function countingIterable(items: OutgoingMessage[] | null, template?: OutgoingMessage): Iterable<OutgoingMessage> & { pulled: number; returned: boolean } {
  const source = {
    pulled: 0,
    returned: false,
    [Symbol.iterator]() {
      return {
        next(): IteratorResult<OutgoingMessage> {
          if (items !== null && source.pulled >= items.length) return { done: true, value: undefined };
          const value = items !== null ? items[source.pulled] : { topic: template!.topic, payload: String(template!.payload) + source.pulled, qos: template!.qos };
          source.pulled++;
          return { done: false, value };
        },
        return(): IteratorResult<OutgoingMessage> {
          source.returned = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return source;
}
