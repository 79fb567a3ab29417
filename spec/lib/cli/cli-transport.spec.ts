import { Subject, firstValueFrom, of } from 'rxjs';
import { parseArgv } from '../../../lib/cli/argv';
import { withCliTransport } from '../../../lib/cli/cli-transport';
import { CONNECTION_FLAGS } from '../../../lib/cli/connection-flags';
import { registerTransportScheme } from '../../../lib/client/options/transport-registry';
import type { Connection } from '../../../lib/client/transport';
import type { ClientOptions } from '../../../lib/client/types';
import { encodePacket } from '../../../lib/codec/encode';
import { PacketDecoder } from '../../../lib/codec/decoder';
import type { Packet } from '../../../lib/codec/packet';

/** A fake mqtt: transport (this spec file has its own module registry): bytes written are kept, bytes from the "broker" are pushed by the spec. */
const written: Uint8Array[] = [];
const fromBroker = new Subject<Uint8Array>();
const connection: Connection = { data$: fromBroker, write: (bytes) => (written.push(bytes), true), close: () => undefined };
registerTransportScheme('mqtt', () => ({ open: () => of(connection) }));

const flagsOf = (argv: string[]) => parseArgv(argv, CONNECTION_FLAGS).values;
const base: ClientOptions = { url: 'mqtt://127.0.0.1:1883', clean: true };
const connect: Packet = { type: 'connect', clientId: 'me', keepalive: 60, clean: true, username: 'bob', password: new Uint8Array(Buffer.from('hunter2')) };

async function open(options: ClientOptions): Promise<Connection> {
  written.length = 0;
  return firstValueFrom((options.transport as NonNullable<ClientOptions['transport']>).open());
}

describe('withCliTransport', () => {
  it('leaves the options alone when no transport flag is given', () => {
    expect(withCliTransport(base, flagsOf([]), { write: () => true })).toBe(base);
  });

  it('-V 31 sends the CONNECT as MQTT 3.1 (MQIsdp, level 3), the rest as it is', async () => {
    const options = withCliTransport(base, flagsOf(['-V', 'mqttv31']), { write: () => true });
    expect(options.url).toBeUndefined();
    const connection = await open(options);
    const subscribe: Packet = { type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a', qos: 0 }] };
    const both = Buffer.concat([encodePacket(connect), encodePacket(subscribe)]);
    connection.write(new Uint8Array(both));
    connection.write(encodePacket(subscribe));
    const as31 = encodePacket(Object.assign({}, connect, { protocolName: 'MQIsdp', protocolLevel: 3 }));
    // protocol name "MQIsdp" and level 3 right after the fixed header [MQTT 3.1, 3.1.2]
    expect(Array.from(as31.subarray(2, 11))).toEqual([0, 6, 0x4d, 0x51, 0x49, 0x73, 0x64, 0x70, 3]);
    expect(Buffer.concat(written)).toEqual(Buffer.concat([as31, encodePacket(subscribe), encodePacket(subscribe)]));
  });

  it('-d describes each packet in and out, without the password', async () => {
    const lines: string[] = [];
    const options = withCliTransport(base, flagsOf(['-d']), { write: (chunk) => lines.push(String(chunk)) });
    const connection = await open(options);
    const received: Uint8Array[] = [];
    connection.data$.subscribe((bytes) => received.push(bytes));
    connection.write(encodePacket(connect));
    const connack = encodePacket({ type: 'connack', sessionPresent: false, returnCode: 0 });
    fromBroker.next(connack);
    expect(received).toEqual([connack]);
    expect(lines.join('')).toBe('Client me sending CONNECT\nClient me received CONNACK (0)\n');
    expect(lines.join('')).not.toContain('hunter2');
  });

  it('sub -U: sends the UNSUBSCRIBEs after an accepted CONNACK, with ids from 65535 down', async () => {
    const seen: string[] = [];
    const options = withCliTransport(base, flagsOf([]), { write: () => true }, { unsubscribe: ['x/#', 'y'], watch: (direction, packet) => seen.push(direction + ' ' + packet.type) });
    const connection = await open(options);
    connection.data$.subscribe();
    fromBroker.next(encodePacket({ type: 'connack', sessionPresent: true, returnCode: 0 }));
    expect(new PacketDecoder().push(new Uint8Array(Buffer.concat(written)))).toEqual([
      { type: 'unsubscribe', packetId: 65535, topics: ['x/#'] },
      { type: 'unsubscribe', packetId: 65534, topics: ['y'] },
    ]);
    expect(seen).toEqual(['received connack', 'sending unsubscribe', 'sending unsubscribe']);
  });
});

describe('withCliTransport --unix (a real unix domain socket)', () => {
  it('connects through the socket file to a broker listening there', async () => {
    const { createServer } = await import('node:net');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startEmbeddedBroker } = await import('../../../lib/cli/embedded-broker');
    const { createClient } = await import('../../../lib/client/create-client');
    const { lastValueFrom } = await import('rxjs');
    const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-unix-'));
    const path = join(dir, 'broker.sock');
    const broker = await startEmbeddedBroker();
    const server = createServer((socket) => broker.handleStream(socket));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const lines: string[] = [];
      const options = withCliTransport({ url: 'mqtt://localhost:1883', clientId: 'over-unix', clean: true }, flagsOf(['--unix', path, '-d']), { write: (chunk) => lines.push(String(chunk)) });
      const client = createClient(options);
      const connack = await lastValueFrom(client.connect());
      expect(connack.sessionPresent).toBe(false);
      expect(broker.connectionCount()).toBe(1);
      await lastValueFrom(client.disconnect(), { defaultValue: undefined });
      expect(lines.join('')).toBe('Client over-unix sending CONNECT\nClient over-unix received CONNACK (0)\nClient over-unix sending DISCONNECT\n');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
