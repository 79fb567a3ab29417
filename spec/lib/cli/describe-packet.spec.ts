import { describePacket } from '../../../lib/cli/describe-packet';
import type { Packet } from '../../../lib/codec/packet';

describe('describePacket (-d lines, worded as mosquitto 2.0)', () => {
  it.each<[string, 'sending' | 'received', Packet, string]>([
    ['connect', 'sending', { type: 'connect', clientId: 'c', keepalive: 60, clean: true, username: 'bob', password: new Uint8Array([1]) }, 'Client c sending CONNECT'],
    ['connack', 'received', { type: 'connack', sessionPresent: false, returnCode: 5 }, 'Client c received CONNACK (5)'],
    ['publish', 'sending', { type: 'publish', topic: 'a/b', payload: new Uint8Array(5), qos: 1, retain: false, dup: false, packetId: 3 }, "Client c sending PUBLISH (d0, q1, r0, m3, 'a/b', ... (5 bytes))"],
    ['puback', 'received', { type: 'puback', packetId: 3 }, 'Client c received PUBACK (Mid: 3, RC:0)'],
    ['puback', 'sending', { type: 'puback', packetId: 4 }, 'Client c sending PUBACK (m4, rc0)'],
    ['pubrec', 'sending', { type: 'pubrec', packetId: 2 }, 'Client c sending PUBREC (m2, rc0)'],
    ['pubrel', 'received', { type: 'pubrel', packetId: 2 }, 'Client c received PUBREL (Mid: 2)'],
    ['pubcomp', 'sending', { type: 'pubcomp', packetId: 2 }, 'Client c sending PUBCOMP (m2)'],
    ['unsubscribe', 'sending', { type: 'unsubscribe', packetId: 2, topics: ['foo'] }, 'Client c sending UNSUBSCRIBE (Mid: 2, Topic: foo)'],
    ['pingreq', 'sending', { type: 'pingreq' }, 'Client c sending PINGREQ'],
  ])('%s %s', (_, direction, packet, line) => {
    expect(describePacket('c', direction, packet)).toBe(line);
  });

  it('gives one line per filter of a SUBSCRIBE', () => {
    const packet: Packet = { type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a/#', qos: 2 }, { topic: 'b', qos: 0 }] };
    expect(describePacket('c', 'sending', packet)).toBe(
      'Client c sending SUBSCRIBE (Mid: 1, Topic: a/#, QoS: 2, Options: 0x00)\nClient c sending SUBSCRIBE (Mid: 1, Topic: b, QoS: 0, Options: 0x00)',
    );
  });

  it('never shows a payload or a password', () => {
    const line = describePacket('c', 'sending', { type: 'connect', clientId: 'c', keepalive: 60, clean: true, username: 'bob', password: new Uint8Array(Buffer.from('hunter2')) });
    expect(line).not.toContain('hunter2');
    expect(describePacket('c', 'received', { type: 'publish', topic: 't', payload: new Uint8Array(Buffer.from('secret')), qos: 0, retain: false, dup: false })).not.toContain('secret');
  });
});
