import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { filter, firstValueFrom, map, tap, timeout } from 'rxjs';
import { tcpTransport } from '../../../adapters/tcp';
import type { Connection, Transport } from '../../../lib/client/transport';
import { createClient } from '../../../lib';
import type { ConnectionState, MqttClient } from '../../../lib';
import type { Packet } from '../../../lib/codec';
import { CONNACK_ACCEPTED, FakeBroker, FakeConnection, startFakeBroker } from '../support/fake-broker';
import { buildCliBundle, runProcess } from '../support/cli-process';
import { until } from '../../support/until';

/**
 * The client against small fake brokers (see support/fake-broker.ts) that flood, flap
 * or announce huge packets: what it must survive without growing, spinning or
 * allocating what never arrives.
 */
let broker: FakeBroker | undefined;
let client: MqttClient | undefined;
afterEach(async () => {
  client?.disconnect({ force: true }).subscribe({ error: () => undefined });
  client = undefined;
  await broker?.close();
  broker = undefined;
});

function states(c: MqttClient): ConnectionState[] {
  const seen: ConnectionState[] = [];
  c.state$.subscribe((s) => seen.push(s));
  return seen;
}

/** The first `disconnected` state: where a client without reconnection (or out of attempts) ends. */
function finalState(c: MqttClient, ms: number): Promise<ConnectionState> {
  return firstValueFrom(c.state$.pipe(filter((s) => s.status === 'disconnected'), timeout(ms)));
}

function errorCode(state: ConnectionState): string | undefined {
  return state.status === 'disconnected' ? (state.error as { code?: string } | undefined)?.code : undefined;
}

const MB = 1024 * 1024;

/** V8's collector, reachable without starting node with --expose-gc. */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Bytes of heap and buffers still reachable after a full collection. */
function liveHeap(): number {
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

describe('a peer that floods QoS 1 PUBLISH and stops reading', () => {
  it('the client stops reading (bounded memory) and declares the link dead after keepalive + responseTimeout of silence', async () => {
    const payload = new Uint8Array(0); // the smallest PUBLISH: the PUBACKs fill the pipe soonest
    let stalledSince = -1; // when the broker's last write found the pipe full, -1 while it flows
    broker = await startFakeBroker(
      {
        connected: (c: FakeConnection) => {
          c.send(CONNACK_ACCEPTED);
          c.socket.pause(); // reads nothing more: the client's PUBACKs pile up in the pipe
          let id = 0;
          const flood = (): void => {
            stalledSince = -1;
            while (!c.socket.destroyed) {
              id = (id % 65535) + 1;
              if (!c.send({ type: 'publish', topic: 'f', payload, qos: 1, retain: false, dup: false, packetId: id })) {
                stalledSince = Date.now();
                c.socket.once('drain', flood);
                return;
              }
            }
          };
          flood();
        },
      },
      150000,
    );
    const base = liveHeap();
    let stalledHeap = -1; // live heap once the flood has stalled for a second: what the client keeps
    const sampler = setInterval(() => {
      if (stalledHeap < 0 && stalledSince > 0 && Date.now() - stalledSince > 1000) stalledHeap = liveHeap();
    }, 250);
    try {
      // the client's TCP transport, noting when the client last read bytes: its silence starts there
      // (deliveries to observers may come later than the reads, on a loaded machine by seconds)
      let lastReceivedAt = Date.now();
      const tcp = tcpTransport({ host: '127.0.0.1', port: broker.port });
      const transport: Transport = {
        open: () =>
          tcp.open().pipe(
            map((connection): Connection => ({
              data$: connection.data$.pipe(tap(() => (lastReceivedAt = Date.now()))),
              write: (bytes) => connection.write(bytes),
              drain$: connection.drain$,
              pause: connection.pause === undefined ? undefined : () => connection.pause!(),
              resume: connection.resume === undefined ? undefined : () => connection.resume!(),
              close: () => connection.close(),
            })),
          ),
      };
      client = createClient({ transport, keepalive: 2, responseTimeout: 1000, reconnect: false });
      let received = 0;
      client.messages$.subscribe({
        next: () => {
          received++;
        },
        error: () => undefined, // ends with the link's error, asserted below
      });
      const ended = finalState(client, 140000);
      const started = Date.now();
      client.connect().subscribe({ error: () => undefined });
      const end = await ended;
      const silentFor = Date.now() - lastReceivedAt;
      const written = broker.connections[0].written;
      const grownMB = +((stalledHeap - base) / MB).toFixed(1);
      // the figures of the run, for the record
      process.stdout.write(
        'flood: ' + JSON.stringify({ ms: Date.now() - started, writtenMB: +(written / MB).toFixed(1), received, silentFor, liveHeapGrowthMB: grownMB, error: errorCode(end) }) + '\n',
      );
      expect(errorCode(end)).toBe('PINGRESP_TIMEOUT');
      // dead after keepalive (2 s) + responseTimeout (1 s) without a byte read, with slack for a loaded machine
      expect(silentFor).toBeGreaterThanOrEqual(2900);
      expect(silentFor).toBeLessThan(5000);
      // the client stopped reading: the flood stalled at what the socket buffers hold, and what it kept is bounded
      expect(stalledHeap).toBeGreaterThan(0);
      expect(written).toBeLessThan(64 * MB);
      expect(grownMB).toBeLessThan(48);
    } finally {
      clearInterval(sampler);
    }
  }, 180000); // ~4 MB of PUBACKs fill the loopback pipe: about a million messages, 11 to 46 s here
});

describe('a broker that accepts (CONNACK 0) then closes at once', () => {
  it('delays grow, attempt counts up, maxAttempts ends the client; the QoS 1 publication is not re-sent endlessly', async () => {
    broker = await startFakeBroker({
      connected: (c) => {
        c.send(CONNACK_ACCEPTED);
        c.socket.end();
      },
    });
    client = createClient({
      url: broker.url,
      keepalive: 10,
      responseTimeout: 1000,
      reconnect: { initialDelay: 100, factor: 2, jitter: 0, maxDelay: 5000, maxAttempts: 4 },
    });
    const seen = states(client);
    const ended = finalState(client, 40000);
    let outcome = 'pending';
    client.connect().subscribe({ error: () => undefined }); // the close may come before connect() hears the CONNACK
    client.publish('t', 'once', { qos: 1 }).subscribe({ complete: () => (outcome = 'delivered'), error: (e) => (outcome = e.code) });
    const end = await ended;
    const attempts = seen.filter((s) => s.status === 'reconnecting').map((s) => (s as { attempt: number }).attempt);
    const connections = broker.connections;
    const gaps: number[] = [];
    for (let i = 1; i < connections.length; i++) gaps.push(connections[i].openedAt - connections[i - 1].closedAt);
    const publishes = connections.reduce((n, c) => n + c.received.filter((p) => p.type === 'publish').length, 0);
    process.stdout.write('flapping: ' + JSON.stringify({ attempts, gaps, connections: connections.length, publishes, outcome, error: errorCode(end) }) + '\n');
    expect(end.status).toBe('disconnected');
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(connections.length).toBe(5); // the first, then maxAttempts reconnections
    // the policy's delays 100, 200, 400, 800 ms between a close and the next connection (plus the machine's lag)
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(75 * 2 ** i)); // the broker may see the close after the client
    expect(gaps[3]).toBeGreaterThan(gaps[0] * 3);
    expect(publishes).toBeLessThanOrEqual(connections.length);
    await until(() => outcome !== 'pending', 2000);
    expect(outcome).not.toBe('delivered');
  }, 60000);
});

describe('a PUBLISH header announcing 200 MB', () => {
  /** Remaining-length bytes of `n` [MQTT-2.2.3]. */
  function remainingLength(n: number): number[] {
    const out: number[] = [];
    do {
      let byte = n % 128;
      n = Math.floor(n / 128);
      if (n > 0) byte |= 0x80;
      out.push(byte);
    } while (n > 0);
    return out;
  }
  const ANNOUNCED = 200 * MB;
  const HEADER = Uint8Array.from([0x30, ...remainingLength(ANNOUNCED), 0, 3, 0x62, 0x69, 0x67]); // QoS 0, topic "big"

  function announcing(arrived: number): Parameters<typeof startFakeBroker>[0] {
    return {
      connected: (c) => {
        c.send(CONNACK_ACCEPTED);
        c.send(HEADER);
        c.send(new Uint8Array(arrived));
      },
    };
  }

  it('with a limit above it, the client holds only the bytes that arrived (1 MB of 200)', async () => {
    broker = await startFakeBroker(announcing(MB));
    const base = process.memoryUsage().arrayBuffers;
    client = createClient({ url: broker.url, keepalive: 0, reconnect: false, maxPacketSize: 268435455 });
    await firstValueFrom(client.connect());
    const connection = broker.connections[0];
    await until(() => connection.socket.writableLength === 0, 5000);
    await new Promise((r) => setTimeout(r, 300)); // the last chunks reach the decoder
    const grownMB = (process.memoryUsage().arrayBuffers - base) / MB;
    process.stdout.write('announced 200 MB, 1 MB arrived: arrayBuffers +' + grownMB.toFixed(1) + ' MB\n');
    expect(grownMB).toBeLessThan(32);
  });

  it('by default (16 MiB) the client refuses it from the header: PACKET_TOO_LARGE', async () => {
    broker = await startFakeBroker(announcing(0));
    client = createClient({ url: broker.url, keepalive: 0, reconnect: false });
    const ended = finalState(client, 5000);
    client.connect().subscribe({ error: () => undefined }); // the CONNACK and the header may come in one chunk
    expect(errorCode(await ended)).toBe('PACKET_TOO_LARGE');
  });

  it('a smaller maxPacketSize refuses a 2,000-byte packet with PACKET_TOO_LARGE', async () => {
    broker = await startFakeBroker({
      connected: (c) => {
        c.send(CONNACK_ACCEPTED);
        c.send({ type: 'publish', topic: 'x', payload: new Uint8Array(2000), qos: 0, retain: false, dup: false });
      },
    });
    client = createClient({ url: broker.url, keepalive: 0, reconnect: false, maxPacketSize: 1000 });
    const ended = finalState(client, 5000);
    client.connect().subscribe({ error: () => undefined }); // the CONNACK and the header may come in one chunk
    expect(errorCode(await ended)).toBe('PACKET_TOO_LARGE');
  });

  it('rxmqtt sub --max-packet-size 1000 prints a 500-byte message and drops the link on a 2,000-byte one (without it, prints both)', async () => {
    broker = await startFakeBroker({
      connected: (c) => c.send(CONNACK_ACCEPTED),
      packet: (c, packet) => {
        if (packet.type !== 'subscribe') return;
        c.send({ type: 'suback', packetId: packet.packetId, granted: [0] });
        c.send({ type: 'publish', topic: 'x', payload: new Uint8Array(500).fill(0x61), qos: 0, retain: false, dup: false });
        setTimeout(() => c.send({ type: 'publish', topic: 'x', payload: new Uint8Array(2000).fill(0x62), qos: 0, retain: false, dup: false }), 100);
      },
    });
    const cli = buildCliBundle();
    try {
      const sub = (extra: string[]) => runProcess(process.execPath, [cli.file, 'sub', '--url', broker!.url, '-t', 'x'].concat(extra), { limitMs: 4000 });
      const limited = await sub(['--max-packet-size', '1000']);
      const limitedConnections = broker!.connections.length;
      const unlimited = await sub([]);
      const lines = (out: string) => out.split('\n').filter((l) => l !== '').map((l) => l[0] + l.length);
      const limitedLines = lines(limited.stdout);
      process.stdout.write('rxmqtt sub --max-packet-size: ' + JSON.stringify({ limited: limitedLines, unlimited: lines(unlimited.stdout), connections: broker.connections.length }) + '\n');
      // the 2,000-byte packet is refused from its header: the link drops and sub reconnects (as mosquitto_sub), printing the 500 B one again
      expect(limitedConnections).toBeGreaterThanOrEqual(2);
      expect(new Set(limitedLines)).toEqual(new Set(['a500']));
      expect(lines(unlimited.stdout).slice(0, 2)).toEqual(['a500', 'b2000']);
    } finally {
      cli.cleanup();
    }
  }, 60000);
});
