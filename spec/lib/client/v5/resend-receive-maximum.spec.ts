import type { Packet } from '../../../../lib/codec/packet';
import type { VirtualBroker } from '../../../../lib/testing';
import { createClient } from '../../../../lib/client/create-client';
import { memoryStore } from '../../../../adapters/memory-store';
import { disconnectAt, testScheduler, virtualClient } from '../support/harness';
import { at } from '../support/resilience';

const quiet = { error: () => undefined };

/** What the broker received after `from`, one word per packet: `P1'` is PUBLISH id 1 with DUP, `L2` PUBREL 2, `C` CONNECT. */
function wire(broker: VirtualBroker, from = 0): string[] {
  return broker.received.slice(from).map((r) => r.time + ':' + word(r.packet));
}

function word(packet: Packet): string {
  if (packet.type === 'publish') return 'P' + packet.packetId + (packet.dup ? "'" : '');
  if (packet.type === 'pubrel') return 'L' + packet.packetId;
  return packet.type === 'connect' ? 'C' : packet.type === 'disconnect' ? 'D' : packet.type;
}

/**
 * The most QoS 1/2 publications outstanding on the broker's side of the latest
 * connection: a PUBLISH or PUBREL the client sent, until its PUBACK or PUBCOMP.
 */
function mostOutstanding(broker: VirtualBroker): number {
  const connects = broker.received.filter((r) => r.packet.type === 'connect');
  const since = connects[connects.length - 1].time;
  // the broker answers each packet `delay` ms after it arrived (PUBACK, PUBREC, PUBCOMP)
  const events: Array<[number, number]> = [];
  for (const r of broker.received) {
    if (r.time < since) continue;
    const p = r.packet;
    if (p.type === 'publish' && p.qos === 1) events.push([r.time, 1], [r.time + broker.delay, -1]);
    if (p.type === 'publish' && p.qos === 2) events.push([r.time, 1]); // ends with the PUBCOMP of its PUBREL
    if (p.type === 'pubrel') {
      const resent = broker.received.some((o) => o.time >= since && o.time < r.time && o.packet.type === 'publish' && o.packet.packetId === p.packetId);
      if (!resent) events.push([r.time, 1]); // a PUBREL sent in place of its PUBLISH takes a place
      events.push([r.time + broker.delay, -1]);
    }
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, step] of events) most = Math.max(most, (now += step));
  return most;
}

describe('MQTT 5: re-sends after a reconnect keep to the new server Receive Maximum [MQTT-3.3.4-9]', () => {
  it('re-sends at most Receive Maximum of the window (a PUBREL counts), the rest oldest first as acknowledgements free places, with their ids and DUP', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, clean: false, keepalive: 0, reconnect: { initialDelay: 1, jitter: 0 } }, { delay: 2 });
      broker.connackProperties = { receiveMaximum: 10 };
      broker.answers.puback = false;
      broker.answers.pubcomp = false;
      const results: string[] = [];
      client.connect().subscribe();
      at(3, () => {
        // 1: QoS 1; 2: QoS 2 that gets its PUBREC (PUBREL 2 then waits for PUBCOMP); 3-5: QoS 1
        client.publish('a', '1', { qos: 1 }).subscribe((r) => results.push(r.message.topic));
        client.publish('b', '2', { qos: 2 }).subscribe((r) => results.push(r.message.topic));
        for (const t of ['c', 'd', 'e']) client.publish(t, 'x', { qos: 1 }).subscribe((r) => results.push(r.message.topic));
      });
      at(10, () => {
        // the next server takes two at a time, and answers everything
        broker.connackProperties = { receiveMaximum: 2 };
        Object.assign(broker.answers, { puback: true, pubcomp: true });
        broker.cut();
      });
      disconnectAt(client, 40);
      flush();
      expect(wire(broker, 0).slice(0, 7)).toEqual(['0:C', '3:P1', '3:P2', '3:P3', '3:P4', '3:P5', '5:L2']);
      // the connection at 11 (CONNACK at 13): two at once, each answer 2 ms later lets one more go, in the
      // window's order (PUBLISHes in their order [MQTT-4.6.0-1]; PUBREL 2 is as old as its PUBREC)
      expect(wire(broker, 7)).toEqual(['11:C', "13:P1'", "13:P3'", "15:P4'", "15:P5'", '17:L2', '40:D']);
      expect(mostOutstanding(broker)).toBe(2);
      expect(results.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(client.stats.resends).toBe(5);
    });
  });

  it('holds new publications behind the re-sends still waiting for a place', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, clean: false, keepalive: 0, reconnect: { initialDelay: 1, jitter: 0 } }, { delay: 2 });
      broker.answers.puback = false;
      client.connect().subscribe();
      at(3, () => ['a', 'b', 'c'].forEach((t) => client.publish(t, 'x', { qos: 1 }).subscribe(quiet)));
      at(10, () => {
        broker.connackProperties = { receiveMaximum: 1 };
        broker.answers.puback = true;
        broker.cut();
      });
      at(14, () => client.publish('new', 'x', { qos: 1 }).subscribe(quiet));
      disconnectAt(client, 40);
      flush();
      expect(wire(broker, 4)).toEqual(['11:C', "13:P1'", "15:P2'", "17:P3'", '19:P4', '40:D']);
      expect(mostOutstanding(broker)).toBe(1);
    });
  });

  it('re-sends the publications a store recovered at most Receive Maximum at a time', () => {
    testScheduler().run(({ flush }) => {
      const store = memoryStore();
      store.open('dev-1');
      for (let id = 1; id <= 4; id++) {
        store.putOutgoing({ packetId: id, topic: 't' + id, payload: new Uint8Array([id]), qos: id === 2 ? 2 : 1, retain: false, released: id === 2 });
      }
      const { broker } = virtualClient({}, { delay: 2 });
      broker.connackProperties = { receiveMaximum: 2 };
      const client = createClient({ transport: broker.transport, clientId: 'dev-1', protocolVersion: 5, clean: false, keepalive: 0, store });
      const recovered: boolean[] = [];
      client.recovered$.subscribe((r) => recovered.push(r.ok));
      client.connect().subscribe();
      disconnectAt(client, 20);
      flush();
      // no session on the broker (sessionPresent 0): no DUP
      expect(wire(broker)).toEqual(['0:C', '2:P1', '2:L2', '4:P3', '4:P4', '20:D']);
      expect(mostOutstanding(broker)).toBe(2);
      expect(recovered).toEqual([true, true, true, true]);
    });
  });

  it('MQTT 3.1.1 (no Receive Maximum): the whole window is re-sent at once', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ clean: false, keepalive: 0, reconnect: { initialDelay: 1, jitter: 0 } }, { delay: 2 });
      broker.answers.puback = false;
      client.connect().subscribe();
      at(3, () => ['a', 'b', 'c', 'd'].forEach((t) => client.publish(t, 'x', { qos: 1 }).subscribe(quiet)));
      at(10, () => {
        broker.answers.puback = true;
        broker.cut();
      });
      disconnectAt(client, 30);
      flush();
      expect(wire(broker, 5)).toEqual(['11:C', "13:P1'", "13:P2'", "13:P3'", "13:P4'", '30:D']);
    });
  });
});
