import { asyncScheduler } from 'rxjs';
import type { PublishPacket } from '../../../../lib/codec/packet';
import type { MqttError } from '../../../../lib/errors';
import { InFlight, InFlightOwner, OutboundWindow, WindowPlaceWaiter } from '../../../../lib/client/outbound/outbound-window';
import { memoryStore } from '../../../../adapters/memory-store';
import { inFlight } from '../support/harness';

function publish(topic: string, qos: 1 | 2): PublishPacket {
  return { type: 'publish', topic, payload: Uint8Array.of(1), qos, retain: false, dup: false };
}

function recordingOwner(): { owner: InFlightOwner; log: string[] } {
  const log: string[] = [];
  return {
    log,
    owner: {
      acknowledged: (entry: InFlight) => log.push(entry.tag + ':ok'),
      failed: (entry: InFlight, error: MqttError) => log.push(entry.tag + ':' + error.code),
    },
  };
}

describe('OutboundWindow at QoS 2', () => {
  it('PUBREC moves an entry on (once; a repeated PUBREC finds it again), PUBCOMP settles it; PUBACK does not', () => {
    const window = new OutboundWindow(asyncScheduler, 10000);
    const { owner, log } = recordingOwner();
    const entry = window.track(publish('t', 2), owner, 'a') as InFlight;
    expect(window.acknowledge({ type: 'puback', packetId: entry.packetId })).toBe(false);
    expect(window.acknowledge({ type: 'pubcomp', packetId: entry.packetId })).toBe(false); // PUBREC first
    expect(window.received(entry.packetId)).toBe(entry);
    expect(entry.released).toBe(true);
    expect(window.received(entry.packetId)).toBe(entry);
    expect(log).toEqual([]);
    expect(window.acknowledge({ type: 'pubcomp', packetId: entry.packetId })).toBe(true);
    expect(log).toEqual(['a:ok']);
    expect(inFlight(window)).toEqual([]);
  });

  it('received() refuses ids of QoS 1 publications, subscriptions and free ids', () => {
    const window = new OutboundWindow(asyncScheduler, 10000);
    const { owner } = recordingOwner();
    const q1 = window.track(publish('t', 1), owner, 'q1') as InFlight;
    const sub = window.track({ type: 'subscribe', packetId: 0, subscriptions: [{ topic: 'a', qos: 2 }] }, owner, 's') as InFlight;
    expect(window.received(q1.packetId)).toBeNull();
    expect(window.received(sub.packetId)).toBeNull();
    expect(window.received(999)).toBeNull();
  });

  it('counts QoS 2 entries against qos2Limit and tells each waiter once when a place comes free', () => {
    const window = new OutboundWindow(asyncScheduler, 10000);
    window.qos2Limit = 2;
    const { owner } = recordingOwner();
    const freed: string[] = [];
    const waiter = (name: string): WindowPlaceWaiter => ({ placeFreed: () => freed.push(name) });
    const a = waiter('a');
    const b = waiter('b');
    const first = window.track(publish('1', 2), owner, 1) as InFlight;
    window.track(publish('q1', 1), owner, 'q1'); // QoS 1 takes no QoS 2 place
    window.track(publish('2', 2), owner, 2);
    expect(window.qos2Room(a)).toBe(false);
    expect(window.qos2Room(a)).toBe(false); // registered once
    expect(window.qos2Room(b)).toBe(false);
    window.received(first.packetId);
    window.acknowledge({ type: 'pubcomp', packetId: first.packetId });
    expect(freed).toEqual(['a', 'b']);
    expect(window.qos2Room()).toBe(true);
    window.failAll({ code: 'CLIENT_CLOSED' } as MqttError);
    expect(freed).toEqual(['a', 'b']); // nobody was waiting any more
  });

  it('records publications in its store as they enter, move on and leave; failAll keeps them for the next client', () => {
    const store = memoryStore();
    store.open('c');
    const window = new OutboundWindow(asyncScheduler, 10000);
    window.store = store;
    const { owner } = recordingOwner();
    const one = window.track(publish('one', 1), owner, 1) as InFlight;
    const two = window.track(publish('two', 2), owner, 2) as InFlight;
    const three = window.track(publish('three', 2), owner, 3) as InFlight;
    window.track({ type: 'unsubscribe', packetId: 0, topics: ['x'] }, owner, 'u'); // not a publication: not stored
    window.received(two.packetId);
    window.acknowledge({ type: 'puback', packetId: one.packetId });
    store.close();
    expect(store.open('c').outgoing.map((p) => [p.topic, p.packetId, p.qos, p.released])).toEqual([
      ['two', two.packetId, 2, true],
      ['three', three.packetId, 2, false],
    ]);
    window.failAll({ code: 'CLIENT_CLOSED' } as MqttError);
    store.close();
    expect(store.open('c').outgoing).toHaveLength(2);
  });

  it('adopts recovered publications with their own ids and PUBREL state; new ids come after them', () => {
    const window = new OutboundWindow(asyncScheduler, 10000);
    const { owner, log } = recordingOwner();
    const recovered = Object.assign(publish('r', 2), { packetId: 41 });
    const entry = window.adopt(recovered, true, owner, 'r') as InFlight;
    expect(entry.packetId).toBe(41);
    expect(window.adopt(Object.assign(publish('dup', 1), { packetId: 41 }), false, owner, 'x')).toBeNull();
    expect((window.track(publish('new', 1), owner, 'n') as InFlight).packetId).toBe(42);
    expect(window.acknowledge({ type: 'pubcomp', packetId: 41 })).toBe(true); // released already: PUBCOMP is next
    expect(log).toEqual(['r:ok']);
  });

  it('times out each half with its own code', () => {
    jest.useFakeTimers();
    try {
      const window = new OutboundWindow(asyncScheduler, 5);
      const { owner, log } = recordingOwner();
      window.track(publish('a', 2), owner, 'a');
      const b = window.track(publish('b', 2), owner, 'b') as InFlight;
      window.received(b.packetId);
      jest.advanceTimersByTime(10);
      expect(log).toEqual(['a:PUBREC_TIMEOUT', 'b:PUBCOMP_TIMEOUT']);
    } finally {
      jest.useRealTimers();
    }
  });
});
