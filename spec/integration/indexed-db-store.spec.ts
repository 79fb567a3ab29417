import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { build } from 'esbuild';
import mqtt from 'mqtt';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { startFaultProxy, FaultProxy } from './support/fault-proxy';
import { until } from '../support/until';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildBrowser, buildBrowserStore } = require('../../scripts/build/index.cjs') as {
  buildBrowser(options: { outDir: string }): Promise<{ file: string; bytes: number; gzipBytes: number }>;
  buildBrowserStore(options: { outDir: string }): Promise<{ file: string; bytes: number; gzipBytes: number }>;
};

/** Debian's chromium, as the browser spec runs it. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];

const ROOT = resolvePath(__dirname, '../..');
const PAGE = '<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module" src="/page.js"></script></body></html>';

/** The spec's page, bundled with the library taken from the two built bundles (as a page using them would). */
async function bundlePage(): Promise<string> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['spec/integration/support/indexed-db-page.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2018',
    logLevel: 'silent',
    plugins: [
      {
        name: 'built-bundles',
        setup(b) {
          b.onResolve({ filter: /\/lib\/client\/(create-client|store\/session-store)$/ }, () => ({ path: '/rxmqtt.browser.min.js', external: true }));
          b.onResolve({ filter: /\/adapters\/indexed-db-store$/ }, () => ({ path: '/rxmqtt-indexeddb-store.browser.min.js', external: true }));
        },
      },
    ],
  });
  return result.outputFiles[0].text;
}

describe('indexedDbStore in headless Chromium', () => {
  let outDir: string;
  let profileDir: string;
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  let proxy: FaultProxy;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'rxmqtt-idb-bundle-'));
    profileDir = mkdtempSync(join(tmpdir(), 'rxmqtt-idb-profile-'));
    const [main, store] = await Promise.all([buildBrowser({ outDir }), buildBrowserStore({ outDir })]);
    process.stdout.write('indexedDbStore bundle: ' + store.bytes + ' bytes minified, ' + store.gzipBytes + ' gzipped (browser bundle ' +
      main.gzipBytes + ' gzipped, without it)\n');
    const files: { [url: string]: Buffer | string } = {
      '/': PAGE,
      '/page.js': await bundlePage(),
      '/rxmqtt.browser.min.js': readFileSync(main.file),
      '/rxmqtt-indexeddb-store.browser.min.js': readFileSync(store.file),
    };
    server = createServer((request, response) => {
      const body = files[String(request.url)];
      if (body === undefined) response.writeHead(404).end();
      else response.writeHead(200, { 'content-type': request.url === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;
    proxy = await startFaultProxy({ targetPort: Number(process.env.MQTT_TEST_WS_PORT) });
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    // called by the page once its client is connected: from then on nothing reaches the broker
    await page.exposeFunction('holdBroker', () => {
      void proxy.stall(120000); // ended by proxy.close()
    });
    await load();
  }, 120000);

  afterAll(async () => {
    if (context) await context.close();
    if (proxy) await proxy.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    for (const dir of [outDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function load(): Promise<void> {
    await page.goto(origin + '/');
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 10000 });
  }

  it('passes the SessionStore conformance suite', async () => {
    const outcomes = await page.evaluate(() => (window as unknown as { runConformance(): Promise<string[]> }).runConformance());
    expect(outcomes.filter((o) => !o.startsWith('ok '))).toEqual([]);
    expect(outcomes.length).toBe(7);
    expect(pageErrors).toEqual([]);
  }, 60000);

  /**
   * A page publishes `count` QoS 1 messages while the link is stalled (none reaches the
   * broker), is reloaded, the stalled link is cut (what it held is gone); the reloaded page
   * opens the same database with the same clientId and re-sends them all.
   */
  async function reloadRecovers(settle: boolean, count: number): Promise<void> {
    const url = 'ws://127.0.0.1:' + proxy.port + '/mqtt';
    const tag = (settle ? 'settled-' : 'unsettled-') + process.pid + '-' + Date.now();
    const topic = 'rxmqtt/idb/' + tag;
    const clientId = 'idb-' + tag;
    const received: string[] = [];
    const subscriber = mqtt.connect('mqtt://127.0.0.1:' + process.env.MQTT_TEST_PORT, { clientId: 'idb-sub-' + tag, reconnectPeriod: 0 });
    try {
      subscriber.on('message', (_topic, payload) => received.push(payload.toString()));
      await new Promise<void>((resolve, reject) => subscriber.on('connect', () => subscriber.subscribe(topic, { qos: 1 }, (e) => (e ? reject(e) : resolve()))));
      const publishing = page.evaluate(
        ([u, d, c, t, n, s]) =>
          (window as unknown as { publishPending(...a: unknown[]): Promise<string> }).publishPending(u, d, c, t, n, s),
        [url, 'db-' + tag, clientId, topic, count, settle] as const,
      );
      if (settle) {
        expect(await publishing).toBe('pending ' + count);
        await page.reload();
      } else {
        // the page reloads itself from inside the commit: its promise goes with it
        await expect(publishing).rejects.toThrow(/context was destroyed|navigation|Target closed/i);
      }
      await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 10000 });
      // the stalled link and every byte it held go (the stall ends); the proxy takes new links again
      await proxy.close();
      await proxy.refuseNew(false);
      expect(received).toEqual([]);
      const outcome = await page.evaluate(
        ([u, d, c]) => (window as unknown as { recover(...a: unknown[]): Promise<{ recovered: string[]; failed: number }> }).recover(u, d, c),
        [url, 'db-' + tag, clientId] as const,
      );
      const all = Array.from({ length: count }, (_, i) => 'm' + i);
      expect(outcome).toEqual({ recovered: all, failed: 0 });
      await until(() => new Set(received).size === count, 10000);
      expect(Array.from(new Set(received)).sort()).toEqual(all.slice().sort());
      expect(pageErrors).toEqual([]);
    } finally {
      subscriber.end(true);
    }
  }

  it('re-sends every QoS 1 publication pending when the page was reloaded (commits complete before the reload)', async () => {
    await reloadRecovers(true, 200);
  }, 60000);

  it('re-sends them when the page reloads itself in the commit that records them, before the client writes them', async () => {
    await reloadRecovers(false, 200);
  }, 60000);

  it('ends the client with STORE_FAILED (a StoreError of the browser bundle) when its database is deleted under it', async () => {
    const url = 'ws://127.0.0.1:' + process.env.MQTT_TEST_WS_PORT + '/mqtt';
    const tag = 'deleted-' + process.pid + '-' + Date.now();
    const seen = await page.evaluate(
      ([u, d, c, t]) => (window as unknown as { deletedUnderClient(...a: string[]): Promise<string[]> }).deletedUnderClient(u, d, c, t),
      [url, 'db-' + tag, 'idb-' + tag, 'rxmqtt/idb/' + tag],
    );
    expect(seen).toEqual([
      'state idle',
      'state connecting',
      'state connected',
      'publish error STORE_FAILED (StoreError)',
      'state disconnected STORE_FAILED (StoreError)',
    ]);
    expect(pageErrors).toEqual([]);
  }, 20000);

  it('refuses a second store on a database this page holds, with STORE_LOCKED', async () => {
    const outcome = await page.evaluate(async () => {
      const importStore = new Function('u', 'return import(u)') as (u: string) => Promise<{ indexedDbStore: (n: string, o?: object) => Promise<{ close(): void }> }>;
      const { indexedDbStore } = await importStore('/rxmqtt-indexeddb-store.browser.min.js');
      const first = await indexedDbStore('locked-db');
      try {
        await indexedDbStore('locked-db', { lockWait: 100 });
        return 'no error';
      } catch (e) {
        return (e as { name: string; code: string }).name + ' ' + (e as { code: string }).code;
      } finally {
        first.close();
      }
    });
    expect(outcome).toBe('StoreError STORE_LOCKED');
  }, 20000);
});
