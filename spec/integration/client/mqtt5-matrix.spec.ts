/**
 * MQTT 5 against mosquitto 2 with other peers: properties between rxmqtt, MQTT.js and
 * mosquitto_pub/sub; the broker's Receive Maximum; topic aliases; message expiry while
 * offline (in the broker, with rxmqtt or MQTT.js away, and in the client's offline
 * queue); shared subscriptions over three clients (rxmqtt only, and rxmqtt with MQTT.js);
 * the will delay interval (of rxmqtt and of MQTT.js); session expiry.
 */
import mqtt from 'mqtt';
import { firstValueFrom, map, Observable, toArray } from 'rxjs';
import { tcpTransport } from '../../../adapters/tcp';
import { PacketDecoder } from '../../../lib/codec/decoder';
import type { Packet, PublishPacket } from '../../../lib/codec/packet';
import type { MqttClient, MqttMessage, PublishResult } from '../../../lib';
import type { Connection, Transport } from '../../../lib/client/transport';
import { until } from '../../support/until';
import { ClientPool, Inbox, settled, sleep, textOf, uniqueTopic } from '../support/client-harness';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { MosquittoInstance, startMosquitto } from '../support/mosquitto';
import { MosquittoTools } from '../support/mosquitto-tools';

const V5 = { protocolVersion: 5 as const };
const port = Number(process.env.MQTT_TEST_PORT);

/** Decodes the MQTT 5 packets through a transport, both ways, with when they passed (ms). */
function tapV5(inner: Transport): { transport: Transport; sent: Array<{ packet: Packet; at: number }>; received: Array<{ packet: Packet; at: number }> } {
  const sent: Array<{ packet: Packet; at: number }> = [];
  const received: Array<{ packet: Packet; at: number }> = [];
  const transport: Transport = {
    open: () =>
      inner.open().pipe(
        map((connection: Connection): Connection => {
          const out = new PacketDecoder({ protocolVersion: 5 });
          const back = new PacketDecoder({ protocolVersion: 5 });
          const record = (into: typeof sent, decoder: PacketDecoder, bytes: Uint8Array) => {
            for (const packet of decoder.push(bytes)) into.push({ packet, at: Date.now() });
          };
          return Object.assign({}, connection, {
            data$: new Observable<Uint8Array>((subscriber) =>
              connection.data$.subscribe({
                next: (bytes) => {
                  record(received, back, bytes);
                  subscriber.next(bytes);
                },
                error: (e) => subscriber.error(e),
                complete: () => subscriber.complete(),
              }),
            ),
            write: (bytes: Uint8Array) => {
              record(sent, out, bytes);
              return connection.write(bytes);
            },
          });
        }),
      ),
  };
  return { transport, sent, received };
}

/** An MQTT.js client speaking MQTT 5 to the shared broker, connected. */
function mqttJs(options: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  const client = mqtt.connect(Object.assign({ host: '127.0.0.1', port, protocolVersion: 5 as const, reconnectPeriod: 0 }, options));
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

function endMqttJs(client: mqtt.MqttClient): Promise<void> {
  return new Promise((resolve) => client.end(true, {}, () => resolve()));
}

describe('MQTT 5 interoperability against mosquitto 2', () => {
  const pool = new ClientPool();
  const tools = new MosquittoTools();
  const others: mqtt.MqttClient[] = [];
  afterEach(async () => {
    await pool.closeAll();
    await tools.stopAll();
    await Promise.all(others.splice(0).map(endMqttJs));
  });

  const properties = {
    payloadFormatIndicator: true,
    contentType: 'application/json',
    responseTopic: 'reply/here',
    correlationData: new Uint8Array([7, 8, 9]),
    userProperties: { origin: 'spec' },
    messageExpiryInterval: 120,
  };

  it('properties: rxmqtt → MQTT.js (v5)', async () => {
    const topic = uniqueTopic('v5-to-mqttjs');
    const js = await mqttJs();
    others.push(js);
    const got = new Promise<mqtt.IPublishPacket>((resolve) => js.on('message', (_t, _p, packet) => resolve(packet)));
    await new Promise((resolve, reject) => js.subscribe(topic, { qos: 1 }, (e) => (e ? reject(e) : resolve(undefined))));
    const publisher = await pool.connect(V5);
    const result = await firstValueFrom(publisher.publish(topic, '{"a":1}', { qos: 1, properties }));
    expect(result).toMatchObject({ ok: true, reasonCode: 0 });
    const packet = await got;
    expect(packet.payload.toString()).toBe('{"a":1}');
    const p = packet.properties || {};
    expect(p.payloadFormatIndicator).toBe(true);
    expect(p.contentType).toBe('application/json');
    expect(p.responseTopic).toBe('reply/here');
    expect(Array.from(p.correlationData as Buffer)).toEqual([7, 8, 9]);
    expect(p.userProperties).toEqual({ origin: 'spec' });
    expect(p.messageExpiryInterval).toBeLessThanOrEqual(120);
  });

  it('properties: MQTT.js (v5) → rxmqtt', async () => {
    const topic = uniqueTopic('v5-from-mqttjs');
    const subscriber = await pool.connect(V5);
    const box = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    await settled(subscriber);
    const js = await mqttJs();
    others.push(js);
    await new Promise((resolve, reject) =>
      js.publish(
        topic,
        'hello',
        { qos: 1, properties: { contentType: 'text/plain', correlationData: Buffer.from([1, 2]), userProperties: { k: ['a', 'b'] }, responseTopic: 'r/t' } },
        (e) => (e ? reject(e) : resolve(undefined)),
      ),
    );
    const [message] = await box.take(1);
    expect(textOf(message.payload)).toBe('hello');
    const p = message.properties || {};
    expect(p.contentType).toBe('text/plain');
    expect(Array.from(p.correlationData || [])).toEqual([1, 2]);
    expect(p.userProperties).toEqual({ k: ['a', 'b'] });
    expect(p.responseTopic).toBe('r/t');
    expect(typeof p.subscriptionIdentifier).toBe('number'); // sent with our SUBSCRIBE, echoed by mosquitto
  });

  it('properties: mosquitto_pub -V 5 -D → rxmqtt', async () => {
    const topic = uniqueTopic('v5-from-mosquitto-pub');
    const subscriber = await pool.connect(V5);
    const box = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    await settled(subscriber);
    const pub = await tools.run('mosquitto_pub', [
      '-h', '127.0.0.1', '-p', String(port), '-V', '5', '-q', '1', '-t', topic, '-m', 'from-tool',
      '-D', 'publish', 'content-type', 'text/x-tool',
      '-D', 'publish', 'user-property', 'who', 'mosquitto_pub',
      '-D', 'publish', 'response-topic', 'tool/reply',
      '-D', 'publish', 'message-expiry-interval', '90',
    ]);
    expect(pub.code).toBe(0);
    const [message] = await box.take(1);
    expect(textOf(message.payload)).toBe('from-tool');
    expect(message.properties).toMatchObject({ contentType: 'text/x-tool', userProperties: { who: 'mosquitto_pub' }, responseTopic: 'tool/reply' });
    expect((message.properties || {}).messageExpiryInterval).toBeLessThanOrEqual(90);
  });

  it('properties: rxmqtt → mosquitto_sub -V 5 -F (content type, user properties, response topic, correlation data)', async () => {
    const topic = uniqueTopic('v5-to-mosquitto-sub');
    const sub = tools.start('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), '-V', '5', '-q', '1', '-t', topic, '-C', '1', '-F', '%C|%P|%R|%D|%p', '-d']);
    await sub.waitForOutput(/SUBACK/);
    const publisher = await pool.connect(V5);
    await firstValueFrom(publisher.publish(topic, 'to-tool', { qos: 1, properties: { contentType: 'text/y', userProperties: { a: 'b' }, responseTopic: 'x/y', correlationData: new Uint8Array([0x41, 0x42]) } }));
    const line = await sub.waitForOutput(/text\/y\|.*\|to-tool/);
    expect(line).toBe('text/y|a:b|x/y|AB|to-tool');
  });

  it('receive maximum: a broker with max_inflight_messages 3 holds publish() and publishAll() to 3 in flight, nothing lost', async () => {
    let broker: MosquittoInstance | null = null;
    try {
      broker = await startMosquitto(['max_inflight_messages 3']);
      const tap = tapV5(tcpTransport({ host: '127.0.0.1', port: broker.port }));
      const client = await pool.connect(Object.assign({ transport: tap.transport, url: undefined }, V5));
      const connack = tap.received.find((r) => r.packet.type === 'connack');
      expect(connack && (connack.packet as { properties?: { receiveMaximum?: number } }).properties).toMatchObject({ receiveMaximum: 3 });
      const topic = uniqueTopic('v5-receive-maximum');
      const singles = Array.from({ length: 40 }, (_, i) => firstValueFrom(client.publish(topic, 'p' + i, { qos: (i % 2 ? 1 : 2) as 1 | 2 })));
      const all = firstValueFrom(client.publishAll(Array.from({ length: 60 }, (_, i) => ({ topic, payload: 'a' + i, qos: 1 as const }))).pipe(toArray()));
      const results = (await Promise.all(singles)).concat(await all);
      expect(results.filter((r: PublishResult) => r.ok)).toHaveLength(100);
      // replay the wire: PUBLISH enters, PUBACK/PUBREC(refusing)/PUBCOMP leaves
      const events = tap.sent.map((s) => ({ at: s.at, d: s.packet.type === 'publish' ? 1 : 0, o: 0 }))
        .concat(tap.received.map((r) => ({ at: r.at, d: r.packet.type === 'puback' || r.packet.type === 'pubcomp' ? -1 : 0, o: 1 })))
        .filter((e) => e.d !== 0);
      // the order of the two logs is the order the client saw: sends and receipts interleave by time, receipts first on ties
      events.sort((x, y) => x.at - y.at || y.o - x.o);
      let inFlight = 0;
      let most = 0;
      for (const e of events) {
        inFlight += e.d;
        most = Math.max(most, inFlight);
      }
      expect(tap.sent.filter((s) => s.packet.type === 'publish')).toHaveLength(100);
      expect(most).toBeLessThanOrEqual(3);
      expect(most).toBe(3);
    } finally {
      if (broker) await broker.stop();
    }
  });

  it('topic aliases: repeated topics go out as aliases (mosquitto allows 10), rxmqtt and MQTT.js subscribers get the full topic', async () => {
    const topic = uniqueTopic('v5-alias');
    const subscriber = await pool.connect(V5);
    const box = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    await settled(subscriber);
    const js = await mqttJs();
    others.push(js);
    const jsTopics: string[] = [];
    js.on('message', (t) => jsTopics.push(t));
    await new Promise((resolve, reject) => js.subscribe(topic, { qos: 1 }, (e) => (e ? reject(e) : resolve(undefined))));
    const tap = tapV5(tcpTransport({ host: '127.0.0.1', port }));
    const publisher = await pool.connect(Object.assign({ transport: tap.transport, url: undefined }, V5));
    for (let i = 0; i < 5; i++) await firstValueFrom(publisher.publish(topic, 'm' + i, { qos: 1 }));
    const sent = tap.sent.filter((s) => s.packet.type === 'publish').map((s) => s.packet as PublishPacket);
    expect(sent.map((p) => [p.topic === '' ? '' : 'topic', p.properties && p.properties.topicAlias])).toEqual([['topic', 1], ['', 1], ['', 1], ['', 1], ['', 1]]);
    expect((await box.take(5)).map((m: MqttMessage) => m.topic + '=' + textOf(m.payload))).toEqual([0, 1, 2, 3, 4].map((i) => topic + '=m' + i));
    await until(() => jsTopics.length === 5, 3000);
    expect(jsTopics).toEqual([topic, topic, topic, topic, topic]);
  });

  it('topic aliases: mosquitto_sub -V 5 gets the full topic of aliased publications', async () => {
    const topic = uniqueTopic('v5-alias-tool');
    const sub = tools.start('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), '-V', '5', '-q', '1', '-t', topic, '-C', '3', '-v', '-d']);
    await sub.waitForOutput(/SUBACK/);
    const tap = tapV5(tcpTransport({ host: '127.0.0.1', port }));
    const publisher = await pool.connect(Object.assign({ transport: tap.transport, url: undefined }, V5));
    for (let i = 0; i < 3; i++) await firstValueFrom(publisher.publish(topic, 'n' + i, { qos: 1 }));
    const result = await sub.exited;
    expect(result.stdout.split('\n').filter((line) => line.indexOf(topic + ' ') === 0)).toEqual([0, 1, 2].map((i) => topic + ' n' + i));
    expect(tap.sent.filter((s) => s.packet.type === 'publish').map((s) => (s.packet as PublishPacket).topic)).toEqual([topic, '', '']);
  });

  it('subscription identifiers: overlapping filters each get one copy, routed by the identifiers mosquitto sends back', async () => {
    const base = uniqueTopic('v5-subid');
    const subscriber = await pool.connect(V5);
    const plus = pool.inbox(subscriber.topic(base + '/+', { qos: 1 }));
    const hash = pool.inbox(subscriber.topic(base + '/#', { qos: 1 }));
    const all = pool.inbox(subscriber.messages$);
    await settled(subscriber);
    const publisher = await pool.connect(V5);
    await firstValueFrom(publisher.publish(base + '/x', 'one', { qos: 1 }));
    await firstValueFrom(publisher.publish(base + '/x/deep', 'two', { qos: 1 }));
    await hash.take(2);
    await settled(subscriber);
    expect(plus.values.map((m) => textOf(m.payload))).toEqual(['one']);
    expect(hash.values.map((m) => textOf(m.payload))).toEqual(['one', 'two']);
    // mosquitto 2 sends a v5 client one copy of base/x per matching subscription, each with
    // its own identifier (a 3.1.1 client gets one copy): routed by identifier, each copy
    // reaches its own filter only, where matching would give each filter both copies
    const ids = all.values.map((m) => m.topic + '#' + (m.properties || {}).subscriptionIdentifier);
    expect(ids).toHaveLength(3);
    expect(new Set(ids.slice(0, 2)).size).toBe(2);
  });

  it('message expiry while offline (broker): a persistent subscriber away for 2 s gets only the unexpired message, its interval counted down', async () => {
    const topic = uniqueTopic('v5-expiry-broker');
    const clientId = 'v5-exp-' + Math.random().toString(36).slice(2, 8);
    const session = Object.assign({ clientId, clean: false, properties: { sessionExpiryInterval: 60 } }, V5);
    const first = await pool.connect(session);
    pool.inbox(first.topic(topic, { qos: 1 }));
    await settled(first);
    await firstValueFrom(first.disconnect());
    const publisher = await pool.connect(V5);
    await firstValueFrom(publisher.publish(topic, 'short', { qos: 1, properties: { messageExpiryInterval: 1 } }));
    await firstValueFrom(publisher.publish(topic, 'long', { qos: 1, properties: { messageExpiryInterval: 30 } }));
    await sleep(2200);
    const again = pool.create(session);
    const box = pool.inbox(again.topic(topic, { qos: 1 }));
    const connack = await firstValueFrom(again.connect());
    expect(connack.sessionPresent).toBe(true);
    const [message] = await box.take(1);
    await settled(again);
    expect(box.values.map((m) => textOf(m.payload))).toEqual(['long']);
    expect((message.properties || {}).messageExpiryInterval).toBeLessThanOrEqual(28);
  });

  it('message expiry while offline (broker), MQTT.js (v5) as the persistent subscriber away for 2 s: only the unexpired rxmqtt publication comes', async () => {
    const topic = uniqueTopic('v5-expiry-mqttjs');
    const session = { clientId: 'v5-exp-js-' + Math.random().toString(36).slice(2, 8), clean: false, properties: { sessionExpiryInterval: 60 } };
    const away = await mqttJs(session);
    await new Promise((resolve, reject) => away.subscribe(topic, { qos: 1 }, (e) => (e ? reject(e) : resolve(undefined))));
    await endMqttJs(away);
    const publisher = await pool.connect(V5);
    await firstValueFrom(publisher.publish(topic, 'short', { qos: 1, properties: { messageExpiryInterval: 1 } }));
    await firstValueFrom(publisher.publish(topic, 'long', { qos: 1, properties: { messageExpiryInterval: 30 } }));
    await sleep(2200);
    const got: Array<{ payload: string; expiry?: number }> = [];
    const back = mqtt.connect(Object.assign({ host: '127.0.0.1', port, protocolVersion: 5 as const, reconnectPeriod: 0 }, session));
    others.push(back);
    back.on('message', (_t, payload, packet) => got.push({ payload: payload.toString(), expiry: (packet.properties || {}).messageExpiryInterval }));
    await until(() => got.length >= 1, 5000);
    await sleep(200); // an expired one would have come before the unexpired one
    expect(got.map((m) => m.payload)).toEqual(['long']);
    expect(got[0].expiry).toBeLessThanOrEqual(28);
    // the persistent session ends with a clean start of expiry 0
    await endMqttJs(await mqttJs({ clientId: session.clientId, clean: true }));
  });

  it('will delay interval, MQTT.js (v5) as the one that goes: rxmqtt gets its will about 2 s after its link dropped', async () => {
    const topic = uniqueTopic('v5-will-delay-mqttjs');
    const watcher = await pool.connect(V5);
    const box = pool.inbox(watcher.topic(topic, { qos: 1 }));
    await settled(watcher);
    const js = await mqttJs({
      properties: { sessionExpiryInterval: 10 },
      will: { topic, payload: Buffer.from('gone'), qos: 1, retain: false, properties: { willDelayInterval: 2, contentType: 'text/plain' } },
    });
    others.push(js);
    const dropped = Date.now();
    js.stream.destroy(); // no DISCONNECT: the link just drops
    await sleep(1000);
    expect(box.values).toHaveLength(0);
    const [will] = await box.take(1);
    const after = Date.now() - dropped;
    expect(textOf(will.payload)).toBe('gone');
    expect((will.properties || {}).contentType).toBe('text/plain');
    expect(after).toBeGreaterThanOrEqual(1900);
    expect(after).toBeLessThan(5000);
  });

  it('shared subscriptions: $share/g/... spreads 30 MQTT.js (v5) publications over two rxmqtt clients and one MQTT.js client, each once', async () => {
    const topic = uniqueTopic('v5-share-mixed');
    const boxes: Array<Inbox<MqttMessage>> = [];
    for (let i = 0; i < 2; i++) {
      const member = await pool.connect(V5);
      boxes.push(pool.inbox(member.topic('$share/g/' + topic, { qos: 1 })));
      await settled(member);
    }
    const js = await mqttJs();
    others.push(js);
    const theirs: number[] = [];
    js.on('message', (_t, payload) => theirs.push(Number(payload.toString())));
    await new Promise((resolve, reject) => js.subscribe('$share/g/' + topic, { qos: 1 }, (e) => (e ? reject(e) : resolve(undefined))));
    const sender = await mqttJs();
    others.push(sender);
    for (let i = 0; i < 30; i++) {
      await new Promise((resolve, reject) => sender.publish(topic, String(i), { qos: 1 }, (e) => (e ? reject(e) : resolve(undefined))));
    }
    const ours = () => boxes.flatMap((b) => b.values.map((m: MqttMessage) => Number(textOf(m.payload))));
    await until(() => ours().length + theirs.length >= 30, 5000);
    await sleep(200); // a copy too many would come now
    expect([...ours(), ...theirs].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    for (const n of [...boxes.map((b) => b.values.length), theirs.length]) expect(n).toBeGreaterThan(0);
  });

  describe('through a proxy the spec can cut', () => {
    let proxy: FaultProxy;
    beforeEach(async () => {
      proxy = await startFaultProxy({ targetPort: port });
    });
    afterEach(() => proxy.close());

    it("message expiry while offline (the client's offline queue): the expired publication fails with MESSAGE_EXPIRED, the other goes with a shorter interval", async () => {
      const topic = uniqueTopic('v5-expiry-client');
      const subscriber = await pool.connect(V5);
      const box = pool.inbox(subscriber.topic(topic, { qos: 1 }));
      await settled(subscriber);
      const client = await pool.connect(Object.assign({ url: 'mqtt://127.0.0.1:' + proxy.port, reconnect: { initialDelay: 200, maxDelay: 300, jitter: 0 } }, V5));
      await proxy.refuseNew(true);
      proxy.cutAll();
      let status = '';
      client.state$.subscribe((state) => (status = state.status));
      await until(() => status === 'reconnecting', 3000);
      const short = firstValueFrom(client.publish(topic, 'short', { qos: 1, properties: { messageExpiryInterval: 1 } })).catch((e) => e.code);
      const long = firstValueFrom(client.publish(topic, 'long', { qos: 1, properties: { messageExpiryInterval: 30 } }));
      await sleep(2200);
      await proxy.refuseNew(false);
      expect(await short).toBe('MESSAGE_EXPIRED');
      expect((await long).ok).toBe(true);
      const [message] = await box.take(1);
      expect(textOf(message.payload)).toBe('long');
      expect((message.properties || {}).messageExpiryInterval).toBeLessThanOrEqual(28);
      expect(client.stats.offlineDrops).toBe(1);
    });

    it('will delay interval: the will comes about 2 s after the link dropped, not at once', async () => {
      const topic = uniqueTopic('v5-will-delay');
      const watcher = await pool.connect(V5);
      const box = pool.inbox(watcher.topic(topic, { qos: 1 }));
      await settled(watcher);
      await pool.connect(
        Object.assign(
          {
            url: 'mqtt://127.0.0.1:' + proxy.port,
            properties: { sessionExpiryInterval: 10 },
            will: { topic, payload: 'gone', qos: 1 as const, properties: { willDelayInterval: 2, contentType: 'text/plain' } },
          },
          V5,
        ),
      );
      const dropped = Date.now();
      proxy.cutAll();
      await sleep(1000);
      expect(box.values).toHaveLength(0);
      const [will] = await box.take(1);
      const after = Date.now() - dropped;
      expect(textOf(will.payload)).toBe('gone');
      expect((will.properties || {}).contentType).toBe('text/plain');
      expect(after).toBeGreaterThanOrEqual(1900);
      expect(after).toBeLessThan(5000);
    });
  });

  it('shared subscriptions: $share/g/... spreads 30 messages over three v5 clients, each once', async () => {
    const topic = uniqueTopic('v5-share');
    const members: MqttClient[] = [];
    const boxes: Array<Inbox<MqttMessage>> = [];
    for (let i = 0; i < 3; i++) {
      const member = await pool.connect(V5);
      members.push(member);
      boxes.push(pool.inbox(member.topic('$share/g/' + topic, { qos: 1 })));
      await settled(member);
    }
    const publisher = await pool.connect(V5);
    await firstValueFrom(publisher.publishAll(Array.from({ length: 30 }, (_, i) => ({ topic, payload: String(i), qos: 1 as const }))).pipe(toArray()));
    await until(() => boxes.reduce((n, b) => n + b.values.length, 0) >= 30, 5000);
    await Promise.all(members.map(settled));
    const counts = boxes.map((b) => b.values.length);
    const all = boxes.flatMap((b) => b.values.map((m: MqttMessage) => Number(textOf(m.payload)))).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => i));
    for (const n of counts) expect(n).toBeGreaterThan(0);
  });

  it('session expiry: the session lives through a short absence and is gone after its interval', async () => {
    const clientId = 'v5-sess-' + Math.random().toString(36).slice(2, 8);
    const session = Object.assign({ clientId, clean: false, properties: { sessionExpiryInterval: 1 } }, V5);
    const first = await pool.connect(session);
    await firstValueFrom(first.disconnect());
    const soon = pool.create(session);
    expect((await firstValueFrom(soon.connect())).sessionPresent).toBe(true);
    await firstValueFrom(soon.disconnect());
    await sleep(2500);
    const late = pool.create(session);
    expect((await firstValueFrom(late.connect())).sessionPresent).toBe(false);
  });
});
