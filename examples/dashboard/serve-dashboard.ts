import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { EmbeddedBroker } from '../../lib/cli/embedded-broker';

const ROOT = resolve(__dirname, '../..');

/** What the page reads from `/config.json`. */
export interface DashboardConfig {
  /** Topic prefix of this demo run: readings on `<base>/sensors/<room>/temperature`, the publisher's status on `<base>/status/publisher`. */
  base: string;
  /** Milliseconds between readings. */
  intervalMs: number;
}

/** A running dashboard server. */
export interface Dashboard {
  /** `http://127.0.0.1:PORT/`: open it in a browser. */
  readonly url: string;
  /** Closes the page's WebSockets and the HTTP server. */
  stop(): Promise<void>;
}

/**
 * Builds the browser bundle of rxmqtt (esbuild, from the sources, in memory: no build
 * step before `npm run demo`), the same variant selection as `npm run build`'s
 * `rxmqtt.browser.min.js`, without its final minifier pass.
 */
async function buildBrowserBundle(): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { bundleBrowser } = require(join(ROOT, 'scripts/build/browser.cjs')) as {
    bundleBrowser(options: { minify: boolean }): Promise<import('esbuild').BuildResult & { outputFiles: import('esbuild').OutputFile[] }>;
  };
  const result = await bundleBrowser({ minify: false });
  return result.outputFiles[0].text;
}

/**
 * Serves the live dashboard of the demo on 127.0.0.1 (a free port): the page
 * (`examples/dashboard/index.html` and `dashboard.js`), rxmqtt's browser bundle, the run's
 * `/config.json`, and MQTT over WebSocket on `/mqtt`, handed to the demo's embedded
 * broker, so the page's client is one more client of the same broker (and the demo's
 * outage cuts it too). Resolves once it listens; rejects if the bundle cannot be built.
 *
 * @example
 * ```ts
 * const dashboard = await startDashboard(broker, { base: 'demo/x1', intervalMs: 250 });
 * console.log('open ' + dashboard.url);
 * ```
 */
export async function startDashboard(broker: EmbeddedBroker, config: DashboardConfig): Promise<Dashboard> {
  const bundle = await buildBrowserBundle();
  const files: { [path: string]: [string, string] } = {
    '/': ['text/html; charset=utf-8', readFileSync(join(__dirname, 'index.html'), 'utf8')],
    '/dashboard.js': ['text/javascript; charset=utf-8', readFileSync(join(__dirname, 'dashboard.js'), 'utf8')],
    '/rxmqtt.browser.js': ['text/javascript; charset=utf-8', bundle],
    '/config.json': ['application/json', JSON.stringify(config)],
  };
  const server: Server = createServer((request, response) => {
    const path = String(request.url).split('?')[0];
    const file = Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
    if (file === undefined || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    if (String(request.url).split('?')[0] !== '/mqtt') {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => broker.handleStream(createWebSocketStream(ws)));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const url = 'http://127.0.0.1:' + (server.address() as AddressInfo).port + '/';
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop() {
      if (!stopped) {
        stopped = new Promise<void>((done) => {
          for (const client of sockets.clients) client.terminate();
          sockets.close();
          server.close(() => done());
          server.closeAllConnections();
        });
      }
      return stopped;
    },
  };
}
