import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { VirtualBroker } from '../../adapters/virtual';
import * as sources from '../../lib/index.browser';
import { statusLabel, testScheduler } from '../lib/client/support/harness';
import { FIXTURES, plain } from '../lib/codec/support/fixtures';
import { FIXTURES_31, FIXTURES_5 } from '../lib/codec/support/fixtures5';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildBrowser } = require('../../scripts/build/index.cjs') as {
  buildBrowser(options: { outDir: string }): Promise<{ file: string; bytes: number; gzipBytes: number; parts: Array<{ part: string; bytes: number }> }>;
};
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { BROWSER_GZIP_BUDGET, BROWSER_GZIP_CEILING } = require('../../scripts/build/browser.cjs') as {
  BROWSER_GZIP_BUDGET: number;
  BROWSER_GZIP_CEILING: number;
};

type Api = typeof sources;

/** Packets only a server decodes or encodes: the bundle's codec refuses them (lib/codec/server-packets.browser.ts). */
const SERVER_DECODES = ['connect', 'subscribe', 'unsubscribe'];
const SERVER_ENCODES = ['connack', 'suback', 'unsuback'];
/** Whether the bundle refuses to encode `packet`: before MQTT 5 an UNSUBACK is a PUBACK's shape, which a client encodes anyway. */
const refusesToEncode = (packet: sources.Packet, version: number): boolean =>
  SERVER_ENCODES.includes(packet.type) && !(packet.type === 'unsuback' && version < 5);
/** Their packet type numbers, as the first byte's high nibble. */
const SERVER_DECODED_TYPES = [1, 8, 10];

const ALL_FIXTURES = [
  ...FIXTURES.map((f) => ({ ...f, version: 4 as const })),
  ...FIXTURES_5,
  ...FIXTURES_31,
];

/** What `work` returned, or its error as name, code and message. */
function outcome(work: () => unknown): unknown {
  try {
    return work();
  } catch (e) {
    const error = e as sources.MqttError;
    return error.name + ' ' + error.code + ' ' + error.message;
  }
}

/**
 * The minified browser bundle (terser shortens our private and internal member names)
 * loaded into Node, so its behaviour can be compared with the sources': the codec on
 * every fixture and on mutated bytes, and a client through connect, overlapping
 * subscriptions, QoS 0/1/2 both ways, publishAll, a cut link with the reconnect, the
 * keepalive, unsubscribe and disconnect, all in virtual time against the virtual broker.
 */
describe('dist/rxmqtt.browser.min.js behaves like the sources', () => {
  let bundle: Api;
  let gzipBytes = 0;
  let parts: Array<{ part: string; bytes: number }> = [];

  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'rxmqtt-bundle-'));
    try {
      const built = await buildBrowser({ outDir });
      gzipBytes = built.gzipBytes;
      parts = built.parts;
      const code = transformSync(readFileSync(built.file, 'utf8'), { format: 'cjs' }).code;
      const module = { exports: {} as Api };
      new Function('module', 'exports', code)(module, module.exports);
      bundle = module.exports;
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60000);

  it('stays within its gzipped size ceiling (the 24 KB budget once met; scripts/build/browser.cjs)', () => {
    const over = gzipBytes - BROWSER_GZIP_BUDGET;
    // eslint-disable-next-line no-console
    if (over > 0) console.log('browser bundle ' + gzipBytes + ' B gzipped: ' + over + ' B over its ' + BROWSER_GZIP_BUDGET + ' B budget');
    expect(BROWSER_GZIP_CEILING).toBeGreaterThanOrEqual(BROWSER_GZIP_BUDGET);
    expect(gzipBytes).toBeGreaterThan(10000); // a real bundle was measured
    expect(gzipBytes).toBeLessThanOrEqual(BROWSER_GZIP_CEILING);
  });

  it('reports its bytes per part, largest first, with the client by folder', () => {
    const names = parts.map((entry) => entry.part);
    expect(names).toEqual(expect.arrayContaining(['lib/codec', 'lib/client/outbound', 'lib/client/connection', 'lib/client/v5', 'rxjs', 'adapters']));
    expect(new Set(names).size).toBe(names.length);
    for (let i = 1; i < parts.length; i++) expect(parts[i].bytes).toBeLessThanOrEqual(parts[i - 1].bytes);
    expect(parts[parts.length - 1].bytes).toBeGreaterThan(0);
  });

  it('has the exports of the sources', () => {
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(sources).sort());
  });

  it('encodes and decodes every codec fixture a client sends or receives the same', () => {
    let compared = 0;
    for (const fixture of ALL_FIXTURES) {
      const options = { protocolVersion: fixture.version };
      if (!refusesToEncode(fixture.packet, fixture.version)) {
        expect(Buffer.from(bundle.encodePacket(fixture.packet, options)).toString('hex')).toBe(Buffer.from(fixture.bytes).toString('hex'));
        compared++;
      }
      if (!SERVER_DECODES.includes(fixture.packet.type)) {
        expect(plain(new bundle.PacketDecoder(options).push(fixture.bytes))).toEqual(plain(new sources.PacketDecoder(options).push(fixture.bytes)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("refuses a server's packets with UNEXPECTED_PACKET: decoding CONNECT, SUBSCRIBE, UNSUBSCRIBE, encoding CONNACK, SUBACK, UNSUBACK", () => {
    const refused = new Set<string>();
    for (const fixture of ALL_FIXTURES) {
      const options = { protocolVersion: fixture.version };
      const type = fixture.packet.type;
      if (refusesToEncode(fixture.packet, fixture.version)) {
        expect(outcome(() => bundle.encodePacket(fixture.packet, options))).toMatch(
          /^MqttProtocolError UNEXPECTED_PACKET [A-Z ]+ is a server's packet: the browser bundle does not encode it$/,
        );
        refused.add('encode ' + type + ' ' + fixture.version);
      }
      if (SERVER_DECODES.includes(type)) {
        expect(outcome(() => new bundle.PacketDecoder(options).push(fixture.bytes))).toBe(
          "MqttProtocolError UNEXPECTED_PACKET " + type.toUpperCase() + " is a server's packet: the browser bundle does not decode it",
        );
        refused.add('decode ' + type + ' ' + fixture.version);
      }
    }
    // every refused packet, on 3.1.1 (but UNSUBACK's encoding) and on 5
    for (const type of [...SERVER_ENCODES.map((t) => 'encode ' + t), ...SERVER_DECODES.map((t) => 'decode ' + t)]) {
      if (type !== 'encode unsuback') expect(refused).toContain(type + ' 4');
      expect(refused).toContain(type + ' 5');
    }
  });

  it('decodes mutated fixtures to the same packets or the same errors', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const decode = (api: Api, bytes: Uint8Array): unknown =>
      outcome(() => plain(new api.PacketDecoder({ maxPacketSize: 4096 }).push(bytes)));
    let errors = 0;
    let refused = 0;
    for (let round = 0; round < 20; round++) {
      for (const fixture of FIXTURES) {
        const bytes = fixture.bytes.slice();
        bytes[random(bytes.length)] = random(256);
        const expected = decode(sources, bytes);
        if (typeof expected === 'string') errors++;
        const got = decode(bundle, bytes);
        // a server's packet that passes the framing is refused before its body is read
        if (SERVER_DECODED_TYPES.includes(bytes[0] >> 4) && typeof got === 'string' && got.startsWith('MqttProtocolError UNEXPECTED_PACKET ')) {
          refused++;
        } else {
          expect(got).toEqual(expected);
        }
      }
    }
    expect(errors).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(50);
  });

  it('runs a client session the same, event for event, in virtual time', () => {
    const expected = session(sources);
    // the session went through what it is meant to exercise
    for (const event of ['state reconnecting', 'message s/a=one qos=1', 's/+ message s/retained=kept qos=0 retain=true',
      'message q/c=three qos=2', 'sent pubrec', 'sent pubcomp',
      'publish ok=true', 'publishAll 31 results, 30 ok, last RangeError qos must be 0, 1 or 2, got 3', 'sent pingreq', 'sent unsubscribe',
      'state disconnected']) {
      expect(expected.join('\n')).toContain(event);
    }
    expect(session(bundle)).toEqual(expected);
  });
});

/** A client's life against the virtual broker, as lines of what happened and when. */
function session(api: Api): string[] {
  const log: string[] = [];
  const scheduler = testScheduler();
  scheduler.run(() => {
    const at = (time: number, work: () => void): void => void scheduler.schedule(work, time);
    const broker = new VirtualBroker({ scheduler });
    const client = api.createClient({
      transport: broker.transport,
      clientId: 'bundle-check',
      clean: false,
      keepalive: 10,
      scheduler,
      reconnect: { initialDelay: 1000, maxDelay: 1000, jitter: 0 },
    });
    const fail = (what: string) => (e: sources.MqttError) => log.push(what + ' error ' + e.name + ' ' + e.code + ' ' + e.message);
    const message = (what: string) => (m: sources.MqttMessage) =>
      log.push(scheduler.now() + ' ' + what + ' message ' + m.topic + '=' + Buffer.from(m.payload).toString() + ' qos=' + m.qos +
        ' retain=' + m.retain + ' dup=' + m.dup);
    client.state$.subscribe((state) => log.push(scheduler.now() + ' state ' + statusLabel(state)));
    broker.received$.subscribe((packet) => log.push(scheduler.now() + ' sent ' + packet.type));
    broker.publish('s/retained', 'kept', { retain: true });
    client.connect().subscribe({ next: (c) => log.push('connack ' + c.sessionPresent), error: fail('connect') });
    const one = client.topic('s/+', { qos: 1 }).subscribe({ next: message('s/+'), error: fail('s/+') });
    client.topic('s/#').subscribe({ next: message('s/#'), error: fail('s/#') });
    client.topic('q/+', { qos: 2 }).subscribe({ next: message('q/+'), error: fail('q/+') });
    at(100, () => {
      broker.publish('s/a', 'one', { qos: 1 });
      broker.publish('s/b/c', 'two');
    });
    at(200, () =>
      client.publish('out/x', 'p1', { qos: 1 }).subscribe({
        next: (r) => log.push(scheduler.now() + ' publish ok=' + r.ok),
        error: fail('publish'),
      }),
    );
    at(300, () => {
      const messages: sources.OutgoingMessage[] = [];
      for (let i = 0; i < 30; i++) messages.push({ topic: 'out/all', payload: 'm' + i, qos: (i % 2) as 0 | 1 });
      messages.push({ topic: 'out/all', payload: 'bad', qos: 3 as 1 });
      const results: sources.PublishResult[] = [];
      client.publishAll(messages, { maxInFlight: 4 }).subscribe({
        next: (r) => results.push(r),
        error: fail('publishAll'),
        complete: () => {
          const last = results[results.length - 1];
          log.push(scheduler.now() + ' publishAll ' + results.length + ' results, ' + results.filter((r) => r.ok).length +
            ' ok, last ' + (last.error ? last.error.name + ' ' + last.error.message : 'ok'));
        },
      });
    });
    at(400, () => broker.cut());
    at(2000, () => broker.publish('q/c', 'three', { qos: 2 }));
    at(30000, () => one.unsubscribe());
    at(31000, () => client.disconnect().subscribe({ error: fail('disconnect') }));
  });
  return log;
}
