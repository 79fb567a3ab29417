import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { VirtualBroker } from '../../adapters/virtual';
import * as sources from '../../lib/index.browser';
import { statusLabel, testScheduler } from '../lib/client/support/harness';
import { FIXTURES, plain } from '../lib/codec/support/fixtures';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildBrowser } = require('../../scripts/build/index.cjs') as {
  buildBrowser(options: { outDir: string }): Promise<{ file: string }>;
};

type Api = typeof sources;

/**
 * The minified browser bundle (terser shortens our private and internal member names)
 * loaded into Node, so its behaviour can be compared with the sources': the codec on
 * every fixture and on mutated bytes, and a client through connect, overlapping
 * subscriptions, QoS 0/1/2 both ways, publishAll, a cut link with the reconnect, the
 * keepalive, unsubscribe and disconnect, all in virtual time against the virtual broker.
 */
describe('dist/rxmqtt.browser.min.js behaves like the sources', () => {
  let bundle: Api;

  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'rxmqtt-bundle-'));
    try {
      const built = await buildBrowser({ outDir });
      const code = transformSync(readFileSync(built.file, 'utf8'), { format: 'cjs' }).code;
      const module = { exports: {} as Api };
      new Function('module', 'exports', code)(module, module.exports);
      bundle = module.exports;
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60000);

  it('has the exports of the sources', () => {
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(sources).sort());
  });

  it('encodes and decodes every codec fixture the same', () => {
    for (const fixture of FIXTURES) {
      expect(Buffer.from(bundle.encodePacket(fixture.packet)).toString('hex')).toBe(Buffer.from(fixture.bytes).toString('hex'));
      expect(plain(new bundle.PacketDecoder().push(fixture.bytes))).toEqual([plain(fixture.packet)]);
    }
  });

  it('decodes mutated fixtures to the same packets or the same errors', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const outcome = (api: Api, bytes: Uint8Array): unknown => {
      try {
        return plain(new api.PacketDecoder({ maxPacketSize: 4096 }).push(bytes));
      } catch (e) {
        const error = e as sources.MqttError;
        return error.name + ' ' + error.code + ' ' + error.message;
      }
    };
    let errors = 0;
    for (let round = 0; round < 20; round++) {
      for (const fixture of FIXTURES) {
        const bytes = fixture.bytes.slice();
        bytes[random(bytes.length)] = random(256);
        const expected = outcome(sources, bytes);
        if (typeof expected === 'string') errors++;
        expect(outcome(bundle, bytes)).toEqual(expected);
      }
    }
    expect(errors).toBeGreaterThan(100);
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
