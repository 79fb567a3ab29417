import { filter, map } from 'rxjs';
import { createClient } from '../../../../lib/client/create-client';
import { VirtualBroker } from '../../../../adapters/virtual/virtual-broker';
import type { ConnectPacket, SubscribePacket } from '../../../../lib/codec/packet';
import type { MqttClient, MqttMessage, PublishResult } from '../../../../lib/client/types';
import { disconnectAt, LETTERS, receivedLetters, shaped, testScheduler, virtualClient } from '../support/harness';
import { at, stateLabels } from '../support/resilience';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** The client's states from its first connection on (the CONNACK comes at 1 ms). */
function timeline(client: MqttClient) {
  return stateLabels(client).pipe(filter((label) => label !== 'idle' && label.indexOf('connecting') !== 0));
}

describe('createClient on MQTT 5: options checked at call time', () => {
  const transport = new VirtualBroker().transport;

  it('takes protocolVersion 3, 4, 5 and refuses anything else with a RangeError (plain JavaScript)', () => {
    for (const v of [3, 4, 5] as const) expect(() => createClient({ transport, protocolVersion: v })).not.toThrow();
    expect(() => createClient({ transport, protocolVersion: 6 as never })).toThrow(
      new RangeError('protocolVersion must be 3 (MQTT 3.1), 4 (MQTT 3.1.1) or 5 (MQTT 5), got 6'),
    );
    expect(() => createClient({ transport, protocolVersion: '5' as never })).toThrow(TypeError);
  });

  it('checks CONNECT and will properties, and refuses them before MQTT 5', () => {
    expect(() => createClient({ transport, protocolVersion: 5, properties: { receiveMaximum: 0 } })).toThrow(RangeError);
    expect(() => createClient({ transport, protocolVersion: 5, properties: { bogus: 1 } as never })).toThrow(TypeError);
    expect(() => createClient({ transport, properties: { sessionExpiryInterval: 10 } })).toThrow(
      new RangeError('properties (and will.properties) need protocolVersion 5, got protocolVersion 4'),
    );
    const will = { topic: 'w', payload: 'x', properties: { willDelayInterval: 5 } };
    expect(() => createClient({ transport, protocolVersion: 5, will })).not.toThrow();
    expect(() => createClient({ transport, protocolVersion: 4, will })).toThrow(RangeError);
  });

  it('checks publish properties and subscription options at call time, RangeError on MQTT 3.1.1', () => {
    const v4 = createClient({ transport });
    const v5 = createClient({ transport, protocolVersion: 5 });
    expect(() => v4.publish('a', 'x', { properties: { contentType: 'text/plain' } })).toThrow(RangeError);
    expect(() => v5.publish('a', 'x', { properties: { contentType: 'text/plain' } })).not.toThrow();
    expect(() => v5.publish('a', 'x', { properties: { messageExpiryInterval: -1 } })).toThrow(RangeError);
    expect(() => v4.topic('a', { noLocal: true })).toThrow(RangeError);
    expect(() => v5.topic('a', { retainHandling: 3 as never })).toThrow(new RangeError('retainHandling must be 0, 1 or 2, got 3'));
    expect(() => v5.topic('a', { noLocal: 'yes' as never })).toThrow(TypeError);
  });
});

describe('the client on MQTT 5 against the virtual broker', () => {
  it('sends a level 5 CONNECT with its properties; connect() emits the CONNACK reason code and properties', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, properties: { sessionExpiryInterval: 30, userProperties: { a: 'b' } } }, { delay: 2 });
      broker.connackProperties = { receiveMaximum: 10, topicAliasMaximum: 5 };
      expectObservable(client.connect()).toBe('--(x|)', {
        x: { sessionPresent: false, reasonCode: 0, properties: { receiveMaximum: 10, topicAliasMaximum: 5 } },
      });
      disconnectAt(client, 5);
      flush();
      const connect = broker.packets('connect')[0] as ConnectPacket;
      expect(connect.protocolLevel).toBe(5);
      expect(connect.properties).toEqual({ sessionExpiryInterval: 30, userProperties: { a: 'b' } });
      expect(broker.packets('disconnect')).toEqual([{ type: 'disconnect', reasonCode: 0 }]);
    });
  });

  it('keeps 3.1.1 as it was by default: level 4, reasonCode 0, no properties', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const { broker, client } = virtualClient({}, { delay: 1 });
      expectObservable(client.connect()).toBe('-(x|)', { x: { sessionPresent: false, reasonCode: 0, properties: {} } });
      disconnectAt(client, 5);
      flush();
      expect((broker.packets('connect')[0] as ConnectPacket).protocolLevel).toBe(4);
    });
  });

  it('errors connect() with ConnectionRefusedError carrying the reason code and reason string of a refusing CONNACK', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 3 });
      broker.connackCode = 0x87;
      const refusal = client.connect().pipe(map(() => 'connected'));
      expectObservable(shaped(refusal)).toBe('---#', undefined, {
        name: 'ConnectionRefusedError',
        code: 'CONNECTION_REFUSED',
        message: 'connection refused: Not authorized (reason code 0x87)',
        returnCode: 0x87,
        reason: 'Not authorized',
      });
    });
  });

  it('carries reasonString on a refusal, and treats 0x87 as fatal and 0x88 (server unavailable) as worth a retry', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.connackCode = 0x88;
      let error: { reasonCode?: number; reasonString?: string } = {};
      client.connect().subscribe({ error: (e) => (error = e) });
      flush();
      expect(error.reasonCode).toBe(0x88);
    });
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.connackCode = 0x86;
      broker.connackProperties = { reasonString: 'who are you' };
      let error: { reasonCode?: number; reasonString?: string; message?: string } = {};
      client.connect().subscribe({ error: (e) => (error = e) });
      flush();
      expect(error.reasonCode).toBe(0x86);
      expect(error.reasonString).toBe('who are you');
      expect(error.message).toBe('connection refused: Bad User Name or Password (reason code 0x86): who are you');
    });
  });

  it('uses the server keep alive instead of its own', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, keepalive: 60 }, { delay: 0 });
      broker.connackProperties = { serverKeepAlive: 2 };
      // PINGREQ after 2 s of silence, not 60 s
      expectObservable(receivedLetters(broker)).toBe('2000ms p 1999ms p 999ms D', LETTERS); // (CONNECT went out before)
      client.connect().subscribe();
      disconnectAt(client, 5000);
    });
  });

  it('reconnects with the client identifier the server assigned to an empty one', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, clientId: '', reconnect: { initialDelay: 10, jitter: 0 } }, { delay: 1 });
      broker.connackProperties = { assignedClientIdentifier: 'given-by-server' };
      client.connect().subscribe();
      at(5, () => broker.cut());
      disconnectAt(client, 50);
      flush();
      expect(broker.packets('connect').map((c) => c.clientId)).toEqual(['', 'given-by-server']);
    });
  });

  it('refuses, one by one, the publications over the server maximum QoS, retain or packet size', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.connackProperties = { maximumQoS: 0, retainAvailable: false, maximumPacketSize: 40 };
      const outcomes: string[] = [];
      const record = (r: PublishResult) => outcomes.push(r.message.topic + ':ok');
      const failed = (e: { code: string }) => outcomes.push(e.code);
      client.connect().subscribe();
      at(2, () => {
        client.publish('q1', 'x', { qos: 1 }).subscribe({ next: record, error: failed });
        client.publish('r', 'x', { retain: true }).subscribe({ next: record, error: failed });
        client.publish('big', 'x'.repeat(100)).subscribe({ next: record, error: failed });
        client.publish('small', 'x').subscribe({ next: record, error: failed });
      });
      disconnectAt(client, 10);
      flush();
      expect(outcomes).toEqual(['QOS_NOT_SUPPORTED', 'RETAIN_NOT_SUPPORTED', 'PACKET_TOO_LARGE', 'small:ok']);
      expect(broker.packets('publish').map((p) => p.topic)).toEqual(['small']);
    });
  });

  it('sends publish properties and reports the PUBACK reason code: 0x10 is ok, 0x80 and above is ok: false with PUBLISH_REFUSED', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      client.connect().subscribe();
      const properties = { contentType: 'text/plain', userProperties: { k: 'v' }, correlationData: utf8('id-1') };
      at(2, () => (broker.pubackReasonCode = 0x10));
      const noSubscribers = client.publish('a', 'x', { qos: 1, properties }).pipe(map((r) => [r.ok, r.reasonCode]));
      expectObservable(noSubscribers, '--^').toBe('---(x|)', { x: [true, 0x10] });
      at(5, () => (broker.pubackReasonCode = 0x87));
      const refused = client.publish('a', 'y', { qos: 1 }).pipe(map((r) => [r.ok, r.reasonCode, (r.error as unknown as { code: string }).code]));
      expectObservable(refused, '------^').toBe('-------(x|)', { x: [false, 0x87, 'PUBLISH_REFUSED'] });
      disconnectAt(client, 20);
      flush();
      expect(broker.packets('publish')[0].properties).toEqual(properties);
    });
  });

  it('delivers inbound properties and resolves the topic aliases the server sets', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, properties: { topicAliasMaximum: 4 } }, { delay: 1 });
      const got: MqttMessage[] = [];
      client.topic('s/#').subscribe((m) => got.push(m));
      client.connect().subscribe();
      at(5, () => {
        broker.send({ type: 'publish', topic: 's/1', payload: utf8('a'), qos: 0, retain: false, dup: false, properties: { topicAlias: 2, contentType: 'c' } });
        broker.send({ type: 'publish', topic: '', payload: utf8('b'), qos: 0, retain: false, dup: false, properties: { topicAlias: 2 } });
      });
      disconnectAt(client, 10);
      flush();
      expect(got.map((m) => m.topic + '=' + Buffer.from(m.payload).toString())).toEqual(['s/1=a', 's/1=b']);
      expect(got[0].properties).toEqual({ topicAlias: 2, contentType: 'c' });
    });
  });

  it('drops the connection with DISCONNECT 0x94 on an alias over the maximum it announced', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, reconnect: false, properties: { topicAliasMaximum: 1 } }, { delay: 1 });
      client.connect().subscribe();
      at(5, () => broker.send({ type: 'publish', topic: 'a', payload: utf8('a'), qos: 0, retain: false, dup: false, properties: { topicAlias: 3 } }));
      expectObservable(timeline(client)).toBe('-a 4ms (b|)', { a: 'connected#1', b: 'disconnected:INVALID_TOPIC_ALIAS' });
      flush();
      expect(broker.packets('disconnect')).toEqual([{ type: 'disconnect', reasonCode: 0x94 }]);
    });
  });

  it('treats a server DISCONNECT as SERVER_DISCONNECT with its reason code and server reference, and reconnects', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, reconnect: { initialDelay: 10, jitter: 0 } }, { delay: 1 });
      let lastError: { code?: string; reasonCode?: number; serverReference?: string; reasonString?: string } = {};
      client.state$.subscribe((s) => {
        if (s.status === 'reconnecting') lastError = s.lastError as typeof lastError;
      });
      client.connect().subscribe();
      at(5, () => broker.send({ type: 'disconnect', reasonCode: 0x9c, properties: { serverReference: 'other:1883', reasonString: 'moved' } }));
      expectObservable(timeline(client)).toBe('-a 4ms b 10ms c 12ms (d|)', {
        a: 'connected#1',
        b: 'reconnecting#1/10:SERVER_DISCONNECT',
        c: 'connected#1',
        d: 'disconnected',
      });
      disconnectAt(client, 30);
      flush();
      expect(lastError).toMatchObject({ code: 'SERVER_DISCONNECT', reasonCode: 0x9c, serverReference: 'other:1883', reasonString: 'moved' });
    });
  });

  it('keeps publishAll within the server receive maximum, and passes its per-message properties', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.connackProperties = { receiveMaximum: 2 };
      broker.answers.puback = false; // nothing acknowledged: the window stays full
      client.connect().subscribe();
      const messages = [1, 2, 3, 4, 5].map((n) => ({ topic: 't', payload: String(n), qos: 1 as const, properties: { contentType: 'n' + n } }));
      at(2, () => client.publishAll(messages, { maxInFlight: 100 }).subscribe({ error: () => undefined }));
      disconnectAt(client, 20);
      flush();
      const sent = broker.packets('publish');
      expect(sent.map((p) => p.properties)).toEqual([{ contentType: 'n1' }, { contentType: 'n2' }]);
    });
  });

  it('sends QoS 2 publications with their properties through PUBREC, PUBREL, PUBCOMP', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      client.connect().subscribe();
      const result = client.publish('q2', 'x', { qos: 2, properties: { userProperties: { n: '2' } } }).pipe(map((r) => r.ok));
      expectObservable(result, '--^').toBe('----(x|)', { x: true });
      disconnectAt(client, 10);
      flush();
      expect(broker.packets('publish').map((p) => [p.qos, p.properties])).toEqual([[2, { userProperties: { n: '2' } }]]);
      expect(broker.packets('pubrel')).toHaveLength(1);
    });
  });

  it('sends the subscription options of topic()', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      client.topic('a/#', { qos: 1, noLocal: true, retainAsPublished: true, retainHandling: 2 }).subscribe();
      client.connect().subscribe();
      disconnectAt(client, 10);
      flush();
      const subscribe = broker.packets('subscribe')[0] as SubscribePacket;
      expect(subscribe.subscriptions).toEqual([{ topic: 'a/#', qos: 1, noLocal: true, retainAsPublished: true, retainHandling: 2 }]);
    });
  });
});
