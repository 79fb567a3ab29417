import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { main } from '../../examples/demo';

/** Debian's chromium, never a downloaded one; flags that keep it off the network and quiet. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];
const SCREENSHOT = resolve(__dirname, '../../docs/dashboard.png');

interface Seen {
  readings: { [room: string]: number };
  states: string[];
  outages: number;
  reconnects: number;
  statuses: string[];
  ready: boolean;
}

/**
 * The demo's live dashboard in headless Chromium: the demo serves it, the page connects
 * over WebSocket to the demo's embedded broker, draws the readings of each room, and
 * shows the outage the demo causes and the reconnect, with no console errors. Saves
 * the screenshot the README shows (docs/dashboard.png).
 */
describe('the demo dashboard (npm run demo) in headless Chromium', () => {
  let profileDir: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    profileDir = mkdtempSync(join(tmpdir(), 'rxmqtt-dashboard-profile-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 820 },
    });
    page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (error) => consoleErrors.push('pageerror: ' + String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  }, 20000);

  afterAll(async () => {
    if (context) await context.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('shows readings per room, the outage and the reconnect as they happen, without console errors', async () => {
    const seen = (): Promise<Seen> => page.evaluate(() => (window as unknown as { dashboard: Seen }).dashboard);
    let watched: Promise<Seen> = Promise.resolve({} as Seen);
    const lines: string[] = [];
    const report = await main({
      readings: 70,
      intervalMs: 200,
      cutAfter: 30,
      outageMs: 2500,
      deadlineMs: 40000,
      log: (line) => lines.push(line),
      dashboard: async (url) => {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        await page.goto(url);
        await page.waitForFunction(() => {
          const d = (window as unknown as { dashboard?: Seen }).dashboard;
          return d !== undefined && d.ready && d.states.some((s) => /^connected/.test(s));
        }, undefined, { timeout: 10000 });
        // While the demo runs: wait for the outage, the reconnect and readings after it, then take the picture.
        watched = page
          .waitForFunction(() => {
            const d = (window as unknown as { dashboard: Seen }).dashboard;
            const total = Object.keys(d.readings).reduce((sum, room) => sum + d.readings[room], 0);
            return d.reconnects >= 1 && total >= 65;
          }, undefined, { timeout: 35000 })
          .then(async () => {
            mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
            await page.screenshot({ path: SCREENSHOT, fullPage: true });
            return seen();
          });
      },
    });
    const during = await watched;
    expect(report.cut).toBe(true);
    expect(report.received).toHaveLength(70);
    expect(lines.some((line) => /^dashboard: http:\/\/127\.0\.0\.1:\d+\/ /.test(line))).toBe(true);

    // Readings arrived for each room, and each room has its chart line.
    expect(Object.keys(during.readings).sort()).toEqual(['garage', 'kitchen', 'living_room']);
    for (const room of Object.keys(during.readings)) expect(during.readings[room]).toBeGreaterThanOrEqual(15);
    expect(await page.locator('[data-room] svg polyline.line').count()).toBe(3);

    // The outage and the reconnect: reconnecting with its attempt and delay, then connected again.
    expect(during.outages).toBeGreaterThanOrEqual(1);
    const reconnecting = during.states.findIndex((s) => /^reconnecting \(attempt 1, next try in \d+ ms/.test(s));
    expect(reconnecting).toBeGreaterThan(0);
    expect(during.states.slice(reconnecting + 1).some((s) => /^connected/.test(s))).toBe(true);
    expect(during.states.some((s) => /^reconnecting \(attempt [2-9]/.test(s))).toBe(true); // the broker stayed down a while
    // The publisher's will ("offline") reached the page during the outage, then "online" again.
    const offline = during.statuses.indexOf('offline (will)');
    expect(offline).toBeGreaterThanOrEqual(0);
    expect(during.statuses.slice(offline + 1)).toContain('online');
    expect(await page.locator('#timeline rect.span.reconnecting').count()).toBeGreaterThanOrEqual(1);

    expect(consoleErrors).toEqual([]);
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10000);
  }, 60000);
});
