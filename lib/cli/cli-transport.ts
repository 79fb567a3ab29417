import { connect } from 'node:net';
import { map, Observable } from 'rxjs';
import { socketTransport } from '../../adapters/socket-transport';
import { encodePacket } from '../codec/encode';
import { PacketDecoder } from '../codec/decoder';
import type { Packet, UnsubscribePacket, UnsubscribeProperties } from '../codec/packet';
import type { Connection, Transport } from '../client/transport';
import { transportForUrl } from '../client/options/transport-registry';
import { parseBrokerUrl } from '../client/options/parse-broker-url';
import type { ClientOptions } from '../client/types';
import type { CliOutput } from './cli-io';
import { ConnectionFlagValues, protocolLevelFlag } from './connection-flags';
import { describePacket } from './describe-packet';
import { UsageError } from './usage-error';

/**
 * `options` with the transport the transport flags ask for, or `options` as they are
 * when none is given:
 *
 * - `--unix path`: a unix domain socket instead of TCP (where the platform has them);
 * - `-A address`: the TCP socket bound to this local address (`mqtt://` only);
 * - `-V 31`: the CONNECT rewritten as MQTT 3.1 (protocol name `MQIsdp`, level 3);
 * - `-d`: every packet in and out described on `debug` ({@link describePacket});
 * - `extra.watch` (for `sub -E`): called with every packet in and out;
 * - `extra.unsubscribe` (`sub -U`): UNSUBSCRIBEs sent right after each accepted CONNACK,
 *   with packet ids from 65535 down (far from the client's own, which count up from 1;
 *   the client ignores their UNSUBACKs, as it does any acknowledgement it is not waiting for).
 *
 * Throws a {@link UsageError} for `-A` with a TLS or WebSocket URL or with `--unix`.
 *
 * @example
 * ```ts
 * const options = withCliTransport(clientOptionsFromFlags(flags), flags, io.stdout);
 * ```
 */
export function withCliTransport(options: ClientOptions, flags: ConnectionFlagValues, debug: CliOutput, extra: CliTransportExtras = {}): ClientOptions {
  const level = protocolLevelFlag(flags.protocolVersion);
  const watch = extra.watch;
  const unsubscribe = extra.unsubscribe || [];
  const tapped = flags.debug || watch !== undefined || unsubscribe.length > 0;
  if (flags.unix === undefined && flags.bindAddress === undefined && level !== 3 && !tapped) return options;
  let transport: Transport;
  if (flags.unix !== undefined) {
    if (flags.bindAddress !== undefined) throw new UsageError('give either --unix or -A, not both');
    const path = flags.unix;
    transport = socketTransport({ address: path, dial: (onread) => connect({ path, onread }), readsWithOnread: true, readyEvent: 'connect' });
  } else if (flags.bindAddress !== undefined) {
    const url = parseBrokerUrl(options.url as string);
    if (url.scheme !== 'mqtt') throw new UsageError('-A works with plain mqtt:// connections only');
    const localAddress = flags.bindAddress;
    transport = socketTransport({
      address: url.host + ':' + url.port,
      dial: (onread) => connect({ host: url.host, port: url.port, localAddress, onread }),
      readsWithOnread: true,
      readyEvent: 'connect',
      connectTimeout: 10000,
    });
  } else {
    transport = transportForUrl(options.url as string, options);
  }
  if (level === 3) transport = mapConnections(transport, asMqtt31);
  if (tapped) {
    const log = flags.debug ? (line: string) => debug.write(line + '\n') : undefined;
    const version = level === 5 ? 5 : 4;
    transport = mapConnections(transport, (connection) => tapPackets(connection, { log, watch, unsubscribe, version, unsubscribeProperties: extra.unsubscribeProperties }));
  }
  const result: ClientOptions = Object.assign({}, options, { transport });
  delete result.url;
  return result;
}

function mapConnections(transport: Transport, project: (connection: Connection) => Connection): Transport {
  return { open: () => transport.open().pipe(map(project)) };
}

/** The connection with its first CONNECT sent as MQTT 3.1 (`MQIsdp`, level 3) [MQTT-3.1.2-2]. */
function asMqtt31(connection: Connection): Connection {
  let first = true;
  return wrap(connection, connection.data$, (bytes) => {
    if (!first) return connection.write(bytes);
    first = false;
    const packets = new PacketDecoder().push(bytes);
    const parts: Uint8Array[] = [];
    let length = 0;
    for (let i = 0; i < packets.length; i++) {
      const packet: Packet = packets[i].type === 'connect' ? Object.assign({}, packets[i], { protocolName: 'MQIsdp', protocolLevel: 3 }) : packets[i];
      parts.push(encodePacket(packet));
      length += parts[i].length;
    }
    const out = new Uint8Array(length);
    for (let i = 0, at = 0; i < parts.length; at += parts[i].length, i++) out.set(parts[i], at);
    return connection.write(out);
  });
}

/** Called with each packet a CLI connection sends or receives. */
export type PacketWatcher = (direction: 'sending' | 'received', packet: Packet) => void;

/** What `sub` adds to {@link withCliTransport}. */
export interface CliTransportExtras {
  watch?: PacketWatcher;
  /** Filters to unsubscribe from after connecting (`sub -U`). */
  unsubscribe?: readonly string[];
  /** MQTT 5: the properties of those UNSUBSCRIBEs (`-D unsubscribe user-property ...`). */
  unsubscribeProperties?: UnsubscribeProperties;
}

/** What {@link tapPackets} does with the packets of a connection. */
interface Tap {
  log: ((line: string) => void) | undefined;
  watch: PacketWatcher | undefined;
  unsubscribe: readonly string[];
  /** The protocol level the packets are decoded and encoded at (3.1 reads as 3.1.1). */
  version: 4 | 5;
  unsubscribeProperties: UnsubscribeProperties | undefined;
}

/** The connection with every packet in and out described on `log` (mosquitto's `-d` way) and given to `watch`. */
function tapPackets(connection: Connection, tap: Tap): Connection {
  const { log, watch, unsubscribe, version } = tap;
  const outbound = new PacketDecoder({ protocolVersion: version });
  const inbound = new PacketDecoder({ protocolVersion: version });
  let clientId = '(null)';
  const describe = (direction: 'sending' | 'received', bytes: Uint8Array, decoder: PacketDecoder): void => {
    let packets: Packet[];
    try {
      packets = decoder.push(bytes);
    } catch (_) {
      return; // the client reports a protocol error itself
    }
    for (let i = 0; i < packets.length; i++) {
      const packet = packets[i];
      if (packet.type === 'connect' && packet.clientId !== '') clientId = packet.clientId;
      if (log) log(describePacket(clientId, direction, packet));
      if (watch) watch(direction, packet);
      if (packet.type === 'connack' && (packet.returnCode === 0 || packet.reasonCode === 0)) {
        for (let u = 0; u < unsubscribe.length; u++) {
          const request: UnsubscribePacket = { type: 'unsubscribe', packetId: 65535 - u, topics: [unsubscribe[u]] };
          if (tap.unsubscribeProperties !== undefined) request.properties = tap.unsubscribeProperties;
          wrapped.write(encodePacket(request, { protocolVersion: version }));
        }
      }
    }
  };
  const data$ = new Observable<Uint8Array>((subscriber) =>
    connection.data$.subscribe({
      next: (bytes) => {
        describe('received', bytes, inbound);
        subscriber.next(bytes);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    }),
  );
  const wrapped = wrap(connection, data$, (bytes) => {
    describe('sending', bytes, outbound);
    return connection.write(bytes);
  });
  return wrapped;
}

function wrap(connection: Connection, data$: Observable<Uint8Array>, write: (bytes: Uint8Array) => boolean): Connection {
  const wrapped: Connection = { data$, write, close: () => connection.close() };
  if (connection.drain$ !== undefined) (wrapped as { drain$?: Observable<void> }).drain$ = connection.drain$;
  return wrapped;
}
