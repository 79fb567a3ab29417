import { Subscription } from 'rxjs';
import type { Packet, QoS } from '../../../../lib/codec/packet';
import type { Link } from '../../../../lib/client/connection/link';
import { DETACHED_OWNER, OutboundWindow } from '../../../../lib/client/outbound/outbound-window';
import { TopicRegistry } from '../../../../lib/client/inbound/topic-registry';
import { testScheduler } from '../support/harness';

/**
 * A registry on a link that records what it sends, and a broker that applies those
 * packets in order (as mosquitto does on one connection) and acknowledges each one.
 */
function storm() {
  const sent: Packet[] = [];
  const session = { v5: null, send: (packet: Packet) => sent.push(packet) } as unknown as Link; // an MQTT 3.1.1 link
  const scheduler = testScheduler();
  const window = new OutboundWindow(scheduler, 10000);
  const registry = new TopicRegistry(window, () => session);
  const held: { [filter: string]: QoS } = {};
  let errors = 0;
  /** Lets the broker take every packet sent so far and those its acknowledgements make the registry send. */
  const settle = (): void => {
    for (let i = 0; i < sent.length; i++) {
      const packet = sent[i];
      if (packet.type === 'subscribe') {
        for (const s of packet.subscriptions) held[s.topic] = s.qos;
        window.acknowledge({ type: 'suback', packetId: packet.packetId, granted: packet.subscriptions.map((s) => s.qos) });
      } else if (packet.type === 'unsubscribe') {
        for (const t of packet.topics) delete held[t];
        window.acknowledge({ type: 'unsuback', packetId: packet.packetId });
      }
    }
    sent.length = 0;
  };
  const observe = (filter: string): Subscription => registry.observe(filter, 0).subscribe({ error: () => errors++ });
  return { registry, window, held, observe, settle, sent, errors: () => errors };
}

describe('TopicRegistry under a subscribe/unsubscribe storm (more operations in one tick than packet ids)', () => {
  it('40,000 subscribe/unsubscribe of one filter in one tick: the broker ends without it, no observer errors', () => {
    const s = storm();
    for (let i = 0; i < 40000; i++) s.observe('same').unsubscribe();
    s.settle();
    expect(Object.keys(s.held)).toEqual([]);
    expect(s.errors()).toBe(0);
  });

  it('40,000 filters subscribed then all released in one tick: the broker ends holding none', () => {
    const s = storm();
    const subscriptions: Subscription[] = [];
    for (let i = 0; i < 40000; i++) subscriptions.push(s.observe('t/' + i));
    for (const subscription of subscriptions) subscription.unsubscribe();
    s.settle();
    expect(Object.keys(s.held)).toEqual([]);
    expect(s.errors()).toBe(0);
  });

  it('70,000 subscribe/unsubscribe with every 1,000th filter kept: the broker holds exactly the observed filters', () => {
    const s = storm();
    const kept = new Set<string>();
    for (let i = 0; i < 70000; i++) {
      const subscription = s.observe('k/' + (i % 35000));
      if (i % 1000 === 999) kept.add('k/' + (i % 35000));
      else subscription.unsubscribe();
    }
    s.settle();
    expect(Object.keys(s.held).sort()).toEqual([...kept].sort());
    expect(s.errors()).toBe(0);
  });

  it('an UNSUBSCRIBE and a new SUBSCRIBE waiting for ids keep their order per filter while a SUBACK is pending', () => {
    const s = storm();
    for (let i = 0; i < 32767; i++) s.observe('fill/' + i).unsubscribe(); // 65,534 ids in flight
    s.observe('a').unsubscribe(); // SUBSCRIBE a takes the last id, its UNSUBSCRIBE waits
    const again = s.observe('a'); // waits behind it
    s.settle();
    expect(Object.keys(s.held)).toEqual(['a']);
    again.unsubscribe();
    s.settle();
    expect(Object.keys(s.held)).toEqual([]);
    expect(s.errors()).toBe(0);
  });

  it('when publications hold every packet id (none of the registry\'s own to wait for), topic() errors with QUEUE_OVERFLOW as before', () => {
    const s = storm();
    for (let i = 0; i < 65535; i++) {
      s.window.track({ type: 'publish', topic: 'p', payload: new Uint8Array(0), qos: 1, retain: false, dup: false }, DETACHED_OWNER, null);
    }
    let code = '';
    s.registry.observe('a', 0).subscribe({ error: (e) => (code = e.code) });
    expect(code).toBe('QUEUE_OVERFLOW');
    expect(s.sent).toEqual([]);
  });
});
