/**
 * The codec against a real broker: MQTT 5 (and MQTT 3.1) packets built by encodePacket,
 * written to mosquitto over a plain loopback socket, and its answers read by
 * PacketDecoder. Checks that what mosquitto 2 sends decodes (CONNACK properties, reason
 * codes, subscription identifiers, topic aliases, a server DISCONNECT) and that what we
 * encode is what it understands (properties passed through to another client).
 */
import { createConnection, Socket } from 'net';
import { InboundTopicAliases } from '../../../lib/client/v5/inbound-topic-aliases';
import { encodePacket, PacketDecoder } from '../../../lib/codec/index';
import type { Packet, ProtocolVersion } from '../../../lib/codec/index';

const port = Number(process.env.MQTT_TEST_PORT);
const V5 = { protocolVersion: 5 as const };
const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));

/** A raw MQTT connection: send packets, await the next one of a type. */
class RawClient {
  private readonly socket: Socket;
  private readonly decoder: PacketDecoder;
  private readonly received: Packet[] = [];
  private wake: (() => void) | null = null;
  closed = false;

  constructor(readonly version: ProtocolVersion) {
    this.decoder = new PacketDecoder({ protocolVersion: version });
    this.socket = createConnection({ host: '127.0.0.1', port });
    this.socket.on('data', (chunk) => {
      this.received.push(...this.decoder.push(chunk));
      if (this.wake) this.wake();
    });
    this.socket.on('close', () => {
      this.closed = true;
      if (this.wake) this.wake();
    });
    this.socket.on('error', () => undefined);
  }

  send(packet: Packet): void {
    this.socket.write(encodePacket(packet, { protocolVersion: this.version }));
  }

  /** The first received packet of type `type` not taken yet, within 3 s. */
  async next<T extends Packet['type']>(type: T): Promise<Extract<Packet, { type: T }>> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const i = this.received.findIndex((p) => p.type === type);
      if (i >= 0) return this.received.splice(i, 1)[0] as Extract<Packet, { type: T }>;
      if (this.closed || Date.now() > deadline) throw new Error('no ' + type + ' (closed: ' + this.closed + ')');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  end(): void {
    this.socket.destroy();
  }
}

async function connect5(clientId: string, properties?: object): Promise<{ client: RawClient; connack: Extract<Packet, { type: 'connack' }> }> {
  const client = new RawClient(5);
  client.send({ type: 'connect', protocolLevel: 5, clientId, keepalive: 30, clean: true, properties });
  return { client, connack: await client.next('connack') };
}

describe('the MQTT 5 codec against mosquitto', () => {
  const clients: RawClient[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.end()));

  it('connects with CONNECT properties and decodes the CONNACK reason code and properties', async () => {
    const { client, connack } = await connect5('codec5-connack', {
      sessionExpiryInterval: 0, receiveMaximum: 10, maximumPacketSize: 65536, topicAliasMaximum: 5,
      requestProblemInformation: true, userProperties: { who: ['codec', 'spec'] },
    });
    clients.push(client);
    expect(connack).toMatchObject({ type: 'connack', sessionPresent: false, reasonCode: 0 });
    expect(connack.returnCode).toBeUndefined();
  });

  it('passes PUBLISH properties through to a subscriber, with its subscription identifier, and acknowledges with reason codes', async () => {
    const sub = await connect5('codec5-sub');
    const pub = await connect5('codec5-pub');
    clients.push(sub.client, pub.client);
    sub.client.send({
      type: 'subscribe', packetId: 1, properties: { subscriptionIdentifier: 7 },
      subscriptions: [{ topic: 'codec5/+/t', qos: 1, noLocal: true, retainAsPublished: false, retainHandling: 2 }],
    });
    expect(await sub.client.next('suback')).toEqual({ type: 'suback', packetId: 1, granted: [1] });

    const properties = {
      payloadFormatIndicator: true, messageExpiryInterval: 60, responseTopic: 'codec5/reply',
      correlationData: new Uint8Array([1, 2, 3]), userProperties: { a: ['1', '2'], b: 'é' }, contentType: 'text/plain',
    };
    pub.client.send({ type: 'publish', topic: 'codec5/x/t', payload: text('hello'), qos: 1, retain: false, dup: false, packetId: 5, properties });
    expect(await pub.client.next('puback')).toEqual({ type: 'puback', packetId: 5, reasonCode: 0 });
    const got = await sub.client.next('publish');
    expect(got).toMatchObject({ topic: 'codec5/x/t', qos: 1 });
    expect(Buffer.from(got.payload).toString()).toBe('hello');
    const p = got.properties!;
    expect(p.subscriptionIdentifier).toBe(7);
    expect(p.messageExpiryInterval === 60 || p.messageExpiryInterval === 59).toBe(true);
    expect({ ...p.userProperties }).toEqual({ a: ['1', '2'], b: 'é' });
    expect(p).toMatchObject({ payloadFormatIndicator: true, responseTopic: 'codec5/reply', contentType: 'text/plain' });
    expect(Array.from(p.correlationData!)).toEqual([1, 2, 3]);
    sub.client.send({ type: 'puback', packetId: got.packetId!, reasonCode: 0 });

    pub.client.send({ type: 'publish', topic: 'codec5/nobody', payload: text('x'), qos: 1, retain: false, dup: false, packetId: 6 });
    expect(await pub.client.next('puback')).toEqual({ type: 'puback', packetId: 6, reasonCode: 0x10 }); // no matching subscribers

    sub.client.send({ type: 'unsubscribe', packetId: 2, topics: ['codec5/+/t'] });
    expect(await sub.client.next('unsuback')).toEqual({ type: 'unsuback', packetId: 2, reasonCodes: [0] });
    sub.client.send({ type: 'unsubscribe', packetId: 3, topics: ['codec5/+/t'] });
    expect(await sub.client.next('unsuback')).toEqual({ type: 'unsuback', packetId: 3, reasonCodes: [0x11] }); // no subscription existed
  });

  it('sets and uses a topic alias towards the broker', async () => {
    const sub = await connect5('codec5-alias-sub', { topicAliasMaximum: 5 });
    const pub = await connect5('codec5-alias-pub');
    clients.push(sub.client, pub.client);
    const aliasMax = pub.connack.properties && pub.connack.properties.topicAliasMaximum;
    expect(aliasMax).toBeGreaterThan(0);
    sub.client.send({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'codec5/alias', qos: 0 }] });
    await sub.client.next('suback');
    pub.client.send({ type: 'publish', topic: 'codec5/alias', payload: text('1'), qos: 0, retain: false, dup: false, properties: { topicAlias: 1 } });
    pub.client.send({ type: 'publish', topic: '', payload: text('2'), qos: 0, retain: false, dup: false, properties: { topicAlias: 1 } });
    const inbound = new InboundTopicAliases(5);
    for (const payload of ['1', '2']) {
      const got = await sub.client.next('publish');
      const alias = got.properties && got.properties.topicAlias;
      expect(inbound.resolve(got.topic, alias)).toBe('codec5/alias');
      expect(Buffer.from(got.payload).toString()).toBe(payload);
    }
  });

  it('decodes the DISCONNECT mosquitto sends for a topic alias over its maximum', async () => {
    const { client, connack } = await connect5('codec5-bad-alias');
    clients.push(client);
    const max = (connack.properties && connack.properties.topicAliasMaximum) || 0;
    client.send({ type: 'publish', topic: 'codec5/a', payload: text('x'), qos: 0, retain: false, dup: false, properties: { topicAlias: max + 1 } });
    expect(await client.next('disconnect')).toMatchObject({ type: 'disconnect', reasonCode: 0x94 }); // Topic Alias invalid
  });

  it('speaks MQTT 3.1 (MQIsdp) to mosquitto', async () => {
    const client = new RawClient(3);
    clients.push(client);
    client.send({ type: 'connect', clientId: 'codec31', keepalive: 30, clean: true });
    expect(await client.next('connack')).toEqual({ type: 'connack', sessionPresent: false, returnCode: 0 });
    client.send({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'codec31/t', qos: 1 }] });
    expect(await client.next('suback')).toEqual({ type: 'suback', packetId: 1, granted: [1] });
    client.send({ type: 'publish', topic: 'codec31/t', payload: text('v31'), qos: 1, retain: false, dup: false, packetId: 2 });
    expect(await client.next('puback')).toEqual({ type: 'puback', packetId: 2 });
    expect(Buffer.from((await client.next('publish')).payload).toString()).toBe('v31');
  });
});
