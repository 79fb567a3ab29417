import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { browserWebsocketTransport } from '../../adapters/browser-websocket';
import { FakeWebSocket } from './support/fake-websocket';

const URL = 'wss://broker.example/mqtt';

/** Every module `file` imports, following relative imports; bare names are reported as they are. */
function importGraph(file: string, seen: { [file: string]: true } = {}, bare: string[] = []): string[] {
  if (seen[file]) return bare;
  seen[file] = true;
  const source = readFileSync(file, 'utf8');
  const pattern = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(source)) !== null) {
    const isTypeOnly = /^\s*(?:import|export)\s+type\s/.test(match[0].trim());
    const name = match[1];
    if (name.charAt(0) === '.') {
      if (!isTypeOnly) importGraph(resolve(dirname(file), name) + '.ts', seen, bare);
    } else if (bare.indexOf(name) < 0) bare.push(name);
  }
  return bare;
}

describe('browserWebsocketTransport', () => {
  afterEach(() => {
    FakeWebSocket.instances = [];
  });

  it('opens the WebSocket class it is given with the mqtt subprotocol and arraybuffer messages', () => {
    const subscription = browserWebsocketTransport({ url: URL, WebSocket: FakeWebSocket }).open().subscribe();
    const socket = FakeWebSocket.last();
    expect(socket.url).toBe(URL);
    expect(socket.protocols).toEqual(['mqtt']);
    expect(socket.binaryType).toBe('arraybuffer');
    subscription.unsubscribe();
  });

  it('uses globalThis.WebSocket by default', () => {
    const globals = globalThis as { WebSocket?: unknown };
    const native = globals.WebSocket;
    globals.WebSocket = FakeWebSocket;
    try {
      const subscription = browserWebsocketTransport({ url: URL }).open().subscribe();
      expect(FakeWebSocket.instances.length).toBe(1);
      subscription.unsubscribe();
    } finally {
      globals.WebSocket = native;
    }
  });

  it('throws a TypeError at call time when there is no WebSocket class or the URL is not ws:/wss:', () => {
    const globals = globalThis as { WebSocket?: unknown };
    const native = globals.WebSocket;
    globals.WebSocket = undefined;
    try {
      expect(() => browserWebsocketTransport({ url: URL })).toThrow(new TypeError('no WebSocket class: pass options.WebSocket'));
    } finally {
      globals.WebSocket = native;
    }
    expect(() => browserWebsocketTransport({ url: 'tcp://x', WebSocket: FakeWebSocket })).toThrow(TypeError);
  });

  it.each(['adapters/browser-websocket.ts', 'adapters/browser-schemes.ts'])(
    '%s pulls in no Node module and not the ws package (browser bundle safe)',
    (entry) => {
      const bare = importGraph(join(__dirname, '..', '..', entry));
      expect(bare.filter((name) => name !== 'rxjs')).toEqual([]);
    },
  );

  it('the import check sees Node modules where they are (it can fail)', () => {
    expect(importGraph(join(__dirname, '..', '..', 'adapters', 'websocket.ts'))).toEqual(expect.arrayContaining(['ws', 'rxjs']));
    expect(importGraph(join(__dirname, '..', '..', 'adapters', 'tcp.ts'))).toEqual(expect.arrayContaining(['node:net']));
  });
});
