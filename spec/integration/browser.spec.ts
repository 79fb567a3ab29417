import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, BrowserContext, Page } from 'playwright-core';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildBrowser, BROWSER_GZIP_BUDGET } = require('../../scripts/build/index.cjs') as {
  buildBrowser(options: { outDir: string }): Promise<{ file: string; bytes: number; gzipBytes: number }>;
  BROWSER_GZIP_BUDGET: number;
};

/** Debian's chromium, never a downloaded one; flags that keep it off the network and quiet. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];

/**
 * The page: imports the bundle as an ES module (nothing else) and offers
 * `window.roundTrip(url, topic)`: connect, subscribe at QoS 1, publish at QoS 1,
 * resolve with what happened once the message came back, then disconnect.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>rxmqtt in the browser</title></head><body>
<script type="module">
import { createClient, MqttError } from '/rxmqtt.browser.min.js';
window.roundTrip = (url, topic) => new Promise((resolve, reject) => {
  const events = [];
  const client = createClient({ url, clientId: 'rxmqtt-browser-' + Math.random().toString(16).slice(2, 10), keepalive: 10 });
  const fail = (error) => reject(String(error && error.code) + ': ' + String(error && error.message));
  client.connect().subscribe({
    next: (connack) => events.push('connack sessionPresent=' + connack.sessionPresent),
    error: fail,
    complete: () => {
      let waiting = 2; // the message and the PUBACK, in either order
      let subscription = null;
      const arrived = () => {
        waiting--;
        if (waiting > 0) return;
        subscription.unsubscribe();
        client.disconnect().subscribe({ error: fail, complete: () => resolve(events) });
      };
      subscription = client.topic(topic, { qos: 1 }).subscribe({
        next: (message) => {
          events.push('message ' + message.topic + ' ' + new TextDecoder().decode(message.payload) + ' qos=' + message.qos +
            ' payloadIsUint8Array=' + (message.payload instanceof Uint8Array));
          arrived();
        },
        error: fail,
      });
      client.publish(topic, 'hello from chromium', { qos: 1 }).subscribe({
        next: (result) => events.push('puback ok=' + result.ok),
        error: fail,
        complete: arrived,
      });
    },
  });
});
window.streamAll = (url, topic, count) => new Promise((resolve, reject) => {
  const client = createClient({ url, clientId: 'rxmqtt-browser-' + Math.random().toString(16).slice(2, 10), keepalive: 10 });
  const fail = (error) => reject(String(error && error.code) + ': ' + String(error && error.message));
  const statuses = [];
  client.state$.subscribe((state) => statuses.push(state.status));
  const messages = [];
  for (let i = 0; i < count; i++) messages.push({ topic, payload: 'm' + i, qos: i % 3 === 0 ? 0 : 1 });
  messages.push({ topic, payload: 'bad', qos: 3 });
  const received = [];
  const results = [];
  let subscription = null;
  const finish = () => {
    if (results.length < messages.length || received.length < count) return;
    subscription.unsubscribe();
    client.disconnect().subscribe({
      error: fail,
      complete: () => resolve({ statuses, received, results }),
    });
  };
  client.connect().subscribe({
    error: fail,
    complete: () => {
      subscription = client.topic(topic, { qos: 1 }).subscribe({
        next: (message) => {
          received.push(new TextDecoder().decode(message.payload));
          finish();
        },
        error: fail,
      });
      client.publishAll(messages, { maxInFlight: 8 }).subscribe({
        next: (result) => results.push(result.ok ? 'ok ' + result.message.payload :
          result.error.name + ' ' + result.error.message),
        error: fail,
        complete: finish,
      });
    },
  });
});
window.optionError = () => {
  try {
    createClient({ url: 'ws://127.0.0.1/mqtt', keepalive: 1.5 });
    return 'no error';
  } catch (error) {
    return error.name + ': ' + error.message;
  }
};
window.errorClassIsError = new MqttError('X', 'x') instanceof Error;
window.ready = true;
</script></body></html>`;

describe('dist/rxmqtt.browser.min.js in headless Chromium', () => {
  let outDir: string;
  let profileDir: string;
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'rxmqtt-browser-bundle-'));
    profileDir = mkdtempSync(join(tmpdir(), 'rxmqtt-chromium-profile-'));
    const built = await buildBrowser({ outDir });
    process.stdout.write('browser bundle: ' + built.bytes + ' bytes minified, ' + built.gzipBytes + ' bytes gzipped (budget ' +
      BROWSER_GZIP_BUDGET + ')\n');
    const bundle = readFileSync(built.file);
    server = createServer((request, response) => {
      requested.push(String(request.url));
      if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      } else if (request.url === '/rxmqtt.browser.min.js') {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(origin + '/');
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 5000 });
  }, 90000);

  afterAll(async () => {
    if (context) await context.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    for (const dir of [outDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads as one ES module from the page, fetching nothing else, without errors', async () => {
    expect(requested.filter((url) => url !== '/favicon.ico')).toEqual(['/', '/rxmqtt.browser.min.js']);
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { errorClassIsError: boolean }).errorClassIsError)).toBe(true);
  });

  it('connects over WebSocket to mosquitto, subscribes, publishes at QoS 1 and receives the message', async () => {
    const url = 'ws://127.0.0.1:' + process.env.MQTT_TEST_WS_PORT + '/mqtt';
    const topic = 'rxmqtt/browser/' + process.pid + '/' + Date.now();
    const events = await page.evaluate(
      ([u, t]) => (window as unknown as { roundTrip(url: string, topic: string): Promise<string[]> }).roundTrip(u, t),
      [url, topic],
    );
    // PUBACK and the message come back in either order; both exactly once
    expect(events[0]).toBe('connack sessionPresent=false');
    expect(events.slice(1).sort()).toEqual([
      'message ' + topic + ' hello from chromium qos=1 payloadIsUint8Array=true',
      'puback ok=true',
    ]);
    expect(pageErrors).toEqual([]);
  }, 15000);

  it('streams with publishAll through a small window, one result per message in order, and reports a bad one', async () => {
    const url = 'ws://127.0.0.1:' + process.env.MQTT_TEST_WS_PORT + '/mqtt';
    const topic = 'rxmqtt/browser/' + process.pid + '/stream/' + Date.now();
    const count = 300;
    const outcome = await page.evaluate(
      ([u, t, n]) =>
        (window as unknown as {
          streamAll(url: string, topic: string, count: number): Promise<{ statuses: string[]; received: string[]; results: string[] }>;
        }).streamAll(u as string, t as string, n as number),
      [url, topic, count] as const,
    );
    const sent = Array.from({ length: count }, (_, i) => 'm' + i);
    expect(outcome.results).toEqual(sent.map((p) => 'ok ' + p).concat(['RangeError qos must be 0, 1 or 2, got 3']));
    expect(outcome.received.slice().sort()).toEqual(sent.slice().sort());
    expect(outcome.statuses).toEqual(['idle', 'connecting', 'connected', 'disconnected']);
    expect(await page.evaluate(() => (window as unknown as { optionError(): string }).optionError())).toBe(
      'RangeError: CONNECT: keepalive must be an integer from 0 to 65535, got 1.5',
    );
    expect(pageErrors).toEqual([]);
  }, 20000);
});
