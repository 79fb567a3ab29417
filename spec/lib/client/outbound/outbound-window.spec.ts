import { asyncScheduler, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { PublishPacket, SubscribePacket } from '../../../../lib/codec/packet';
import { MqttError, MqttTimeoutError, ClientClosedError } from '../../../../lib/errors';
import { InFlight, InFlightOwner, OutboundWindow } from '../../../../lib/client/outbound/outbound-window';
import { inFlight } from '../support/harness';

function publish(topic: string): PublishPacket {
  return { type: 'publish', topic, payload: new Uint8Array(0), qos: 1, retain: false, dup: false };
}

/** An owner that reports each outcome as "<tag>:ok" or "<tag>:<code>" on a subject. */
function reportingOwner(): { owner: InFlightOwner; outcomes: Subject<string> } {
  const outcomes = new Subject<string>();
  const owner: InFlightOwner = {
    acknowledged: (entry: InFlight) => outcomes.next(entry.tag + ':ok'),
    failed: (entry: InFlight, error: MqttError) => outcomes.next(entry.tag + ':' + error.code),
  };
  return { owner, outcomes };
}

function ts(): TestScheduler {
  return new TestScheduler((a, e) => expect(a).toEqual(e));
}

describe('OutboundWindow (response timeout 5 ms)', () => {
  it('settles interleaved acknowledgements and times out the ones that never come', () => {
    ts().run(({ cold, expectObservable }) => {
      const window = new OutboundWindow(asyncScheduler, 5);
      const { owner, outcomes } = reportingOwner();
      const ids: { [tag: string]: number } = {};
      // a, b, c sent at 0, 1, 2; acks for c (3) and a (4); b never acked → fails at 1 + 5 = 6
      cold('abc').subscribe((tag) => (ids[tag] = window.track(publish(tag), owner, tag)!.packetId));
      cold('---ca').subscribe((tag) => window.acknowledge({ type: 'puback', packetId: ids[tag] }));
      const expected = '---xy-z';
      expectObservable(outcomes).toBe(expected, { x: 'c:ok', y: 'a:ok', z: 'b:PUBACK_TIMEOUT' });
    });
  });

  it('gives each kind its own timeout code and message', () => {
    ts().run(({ flush }) => {
      const window = new OutboundWindow(asyncScheduler, 5);
      const errors: MqttError[] = [];
      const owner: InFlightOwner = { acknowledged: () => undefined, failed: (_e, err) => errors.push(err) };
      window.track(publish('t'), owner, null);
      const sub: SubscribePacket = { type: 'subscribe', packetId: 0, subscriptions: [{ topic: 'a', qos: 1 }] };
      window.track(sub, owner, null);
      window.track({ type: 'unsubscribe', packetId: 0, topics: ['a'] }, owner, null);
      flush();
      expect(errors.map((e) => [e.code, e.message])).toEqual([
        ['PUBACK_TIMEOUT', 'no PUBACK for packet 1 within 5 ms'],
        ['SUBACK_TIMEOUT', 'no SUBACK for packet 2 within 5 ms'],
        ['UNSUBACK_TIMEOUT', 'no UNSUBACK for packet 3 within 5 ms'],
      ]);
      expect(errors[0]).toBeInstanceOf(MqttTimeoutError);
      expect((errors[0] as MqttTimeoutError).timeoutMs).toBe(5);
      expect(inFlight(window)).toEqual([]);
    });
  });

  it('writes the packet id into the packet and ignores unknown ids and wrong ack types', () => {
    const window = new OutboundWindow(asyncScheduler, 1000);
    const { owner } = reportingOwner();
    const packet = publish('t');
    const entry = window.track(packet, owner, 't')!;
    expect(packet.packetId).toBe(entry.packetId);
    expect(window.acknowledge({ type: 'suback', packetId: entry.packetId, granted: [0] })).toBe(false);
    expect(window.acknowledge({ type: 'puback', packetId: entry.packetId + 1 })).toBe(false);
    expect(inFlight(window)).toEqual([entry]);
    expect(window.acknowledge({ type: 'puback', packetId: entry.packetId })).toBe(true);
    expect(window.acknowledge({ type: 'puback', packetId: entry.packetId })).toBe(false);
    expect(inFlight(window)).toEqual([]);
  });

  it('uses one timer for the whole window, however many messages are in flight', () => {
    const scheduler = ts();
    scheduler.run(({ flush }) => {
      let schedules = 0;
      const counting = { now: () => asyncScheduler.now(), schedule: ((...args: Parameters<typeof asyncScheduler.schedule>) => (schedules++, asyncScheduler.schedule(...args))) } as typeof asyncScheduler;
      const window = new OutboundWindow(counting, 5);
      const { owner } = reportingOwner();
      const entries: InFlight[] = [];
      for (let i = 0; i < 1000; i++) entries.push(window.track(publish('t'), owner, i)!);
      for (let i = 0; i < 1000; i++) window.acknowledge({ type: 'puback', packetId: entries[i].packetId });
      flush();
      expect(schedules).toBe(1);
    });
  });

  it('restart gives a fresh deadline and re-sends in age order; failAll empties the window', () => {
    ts().run(({ cold, expectObservable }) => {
      const window = new OutboundWindow(asyncScheduler, 5);
      const { owner, outcomes } = reportingOwner();
      const entries: { [tag: string]: InFlight } = {};
      cold('ab').subscribe((tag) => (entries[tag] = window.track(publish(tag), owner, tag)!));
      // at 3 "a" is re-sent: its deadline moves from 5 to 8, behind b (6)
      cold('---x').subscribe(() => {
        window.restart(entries.a);
        const order: string[] = [];
        window.forEach((e) => order.push(e.tag as string));
        expect(order).toEqual(['b', 'a']);
      });
      expectObservable(outcomes).toBe('------b-a', { b: 'b:PUBACK_TIMEOUT', a: 'a:PUBACK_TIMEOUT' });
    });
    const window = new OutboundWindow(asyncScheduler, 5);
    const { owner, outcomes } = reportingOwner();
    const seen: string[] = [];
    outcomes.subscribe((o) => seen.push(o));
    window.track(publish('x'), owner, 'x');
    window.track(publish('y'), owner, 'y');
    window.failAll(new ClientClosedError());
    expect(seen).toEqual(['x:CLIENT_CLOSED', 'y:CLIENT_CLOSED']);
    expect(inFlight(window)).toEqual([]);
  });

  it('lets a custom timeout policy keep the entry (reconnect and re-send later)', () => {
    ts().run(({ expectObservable }) => {
      const timeouts = new Subject<number>();
      let restarts = 0;
      const window = new OutboundWindow(asyncScheduler, 5, (entry, w) => {
        timeouts.next(entry.packetId);
        if (++restarts < 3) w.restart(entry);
        else w.remove(entry);
      });
      window.track(publish('t'), reportingOwner().owner, null);
      expectObservable(timeouts).toBe('-----a----a----a', { a: 1 });
    });
  });

  it('forEach visits the entries present when the walk began that are still in the window, whatever a visit removes', () => {
    const window = new OutboundWindow(asyncScheduler, 5);
    const { owner } = reportingOwner();
    const entries = ['a', 'b', 'c', 'd'].map((tag) => window.track(publish(tag), owner, tag)!);
    const seen: string[] = [];
    window.forEach((entry) => {
      seen.push(entry.tag as string);
      if (entry.tag === 'a') {
        window.remove(entries[1]); // b goes before its turn
        window.restart(entries[2]); // c becomes the newest: still visited once
        window.track(publish('e'), owner, 'e'); // not in the walk
      }
    });
    expect(seen).toEqual(['a', 'c', 'd']);
  });
});

describe('OutboundWindow.resendAll: re-sending after a reconnect under a Receive Maximum (response timeout 10 ms)', () => {
  it('re-sends oldest first at most receiveMaximum at a time; those waiting run no deadline until they are sent', () => {
    ts().run(({ flush }) => {
      const timeouts: string[] = [];
      const window = new OutboundWindow(asyncScheduler, 10);
      const owner: InFlightOwner = {
        acknowledged: () => undefined,
        failed: (entry: InFlight, error: MqttError) => timeouts.push(entry.tag + ':' + error.code + '@' + asyncScheduler.now()),
      };
      const ids = ['a', 'b', 'c'].map((tag) => window.track(publish(tag), owner, tag)!.packetId);
      const sent: string[] = [];
      window.receiveMaximum = 1;
      window.resendAll((entry) => sent.push(entry.tag + '@' + asyncScheduler.now()));
      expect(window.isEmpty).toBe(false);
      // each PUBACK 8 ms after its PUBLISH: within the 10 ms deadline of each, never of all three
      asyncScheduler.schedule(() => window.acknowledge({ type: 'puback', packetId: ids[0] }), 8);
      asyncScheduler.schedule(() => window.acknowledge({ type: 'puback', packetId: ids[1] }), 16);
      flush();
      expect(sent).toEqual(['a@0', 'b@8', 'c@16']);
      // only c, whose PUBACK never comes, misses its deadline: 10 ms after it was sent
      expect(timeouts).toEqual(['c:PUBACK_TIMEOUT@26']);
    });
  });

  it('counts a QoS 2 publication waiting for PUBCOMP, and re-sends everything at once without a bound (MQTT 3.1.1)', () => {
    const window = new OutboundWindow(asyncScheduler, 1000);
    const { owner } = reportingOwner();
    const q1 = window.track(publish('q1'), owner, 'q1')!;
    const q2 = window.track(Object.assign(publish('q2'), { qos: 2 as const }), owner, 'q2')!;
    window.received(q2.packetId); // PUBREC came: PUBREL is what gets re-sent
    const sent: string[] = [];
    const resend = (entry: InFlight) => sent.push(String(entry.tag) + (entry.released ? ':PUBREL' : ''));
    window.resendAll(resend);
    expect(sent).toEqual(['q1', 'q2:PUBREL']);
    sent.length = 0;
    window.receiveMaximum = 1;
    window.resendAll(resend);
    expect(sent).toEqual(['q1']); // the PUBREL waits: its publication holds a place until PUBCOMP
    window.acknowledge({ type: 'puback', packetId: q1.packetId });
    expect(sent).toEqual(['q1', 'q2:PUBREL']);
    window.failAll(new ClientClosedError('closed'));
  });
});
