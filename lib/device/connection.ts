import { openEspruinoSocket, EspruinoSocketLink } from '../../adapters/espruino-socket';
import { ConnectionRefusedError, MqttTimeoutError, TransportError } from '../errors';
import type { ResolvedDeviceOptions } from './device-options';
import { PacketHandler, PacketReader } from './packet-reader';
import { connectPacket, PINGREQ, pubackPacket } from './packet-writer';
import { binaryOfBytes } from './text';

/** What a {@link Connection} tells the client. */
export interface ConnectionOwner {
  /** CONNACK accepted. */
  up(connection: Connection, sessionPresent: boolean): void;
  /** The connection ended for `error`; called once, never after `close()`. */
  down(connection: Connection, error: unknown): void;
  /** An inbound PUBLISH (the connection sends its PUBACK after this returns). */
  message(topic: string, payload: Uint8Array, qos: 0 | 1, retain: boolean, dup: boolean): void;
  /** PUBACK (4), SUBACK (9) or UNSUBACK (11). */
  ack(type: number, packetId: number, code: number): void;
  /** The oldest PUBACK or SUBACK still awaited was asked for at this time (ms), or `Infinity`. */
  oldestAwaited(): number;
}

function describe(error: unknown): string {
  return error && typeof error === 'object' && 'message' in error ? String((error as Error).message) : String(error);
}

/**
 * One MQTT connection of the device client: the socket, CONNECT and its CONNACK, the
 * inbound packets, keepalive (a PINGREQ after `keepalive` s without writing
 * [MQTT-3.1.2-23]) and every deadline (CONNACK, PINGRESP, PUBACK, SUBACK within
 * `responseTimeout`). One timer checks them all; a missed deadline ends the connection
 * with an `MqttTimeoutError`, as a broken socket does with a `TransportError`.
 *
 * @example
 * ```ts
 * const connection = new Connection(owner, options);
 * connection.open(); // later owner.up(connection, sessionPresent) or owner.down(connection, error)
 * ```
 */
export class Connection implements PacketHandler {
  private socket: EspruinoSocketLink | null = null;
  private readonly reader: PacketReader;
  private timer: ReturnType<typeof setInterval> | undefined = undefined;
  private openedAt = 0;
  private lastWrite = 0;
  private connected = false;
  private ended = false;
  /** Send times of the PINGREQs awaiting their PINGRESP, and who waits for each (null: keepalive). */
  private pings: Array<{ at: number; done: ((ms: number) => void) | null }> = [];

  constructor(private readonly owner: ConnectionOwner, private readonly options: ResolvedDeviceOptions) {
    this.reader = new PacketReader(this, options.maxPacketSize);
  }

  /** Opens the socket and sends CONNECT once it is up. */
  open(): void {
    const o = this.options;
    this.openedAt = Date.now();
    const tick = Math.max(50, Math.min(1000, o.responseTimeout / 2));
    this.timer = setInterval(() => this.watch(), tick);
    const where = o.host + ':' + o.port;
    this.socket = openEspruinoSocket({ host: o.host, port: o.port, tls: o.tls, loadModule: o.loadModule }, {
      opened: () => this.write(connectPacket(o.connect)),
      data: (binary) => {
        try {
          this.reader.push(binary);
        } catch (error) {
          this.fail(error);
        }
      },
      closed: (error) => {
        const code = this.connected ? 'CONNECTION_LOST' : 'CONNECT_FAILED';
        this.fail(new TransportError(code, (this.connected ? 'connection to ' : 'cannot connect to ') + where + (error ? ': ' + describe(error) : ' closed'), error));
      },
    });
  }

  write(bytes: Uint8Array): void {
    if (this.ended || !this.socket) return;
    this.lastWrite = Date.now();
    this.socket.write(binaryOfBytes(bytes));
  }

  /** Sends a PINGREQ; `done` gets the round trip in ms on its PINGRESP. */
  ping(done: ((ms: number) => void) | null): void {
    this.pings.push({ at: Date.now(), done: done });
    this.write(PINGREQ);
  }

  /** Writes `last` (DISCONNECT) if given, then ends the socket; the owner hears nothing more. */
  close(last?: Uint8Array): void {
    if (last) this.write(last);
    this.ended = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close();
  }

  connack(sessionPresent: boolean, returnCode: number): void {
    if (this.connected) return;
    if (returnCode !== 0) {
      this.fail(new ConnectionRefusedError(returnCode));
      return;
    }
    this.connected = true;
    this.owner.up(this, sessionPresent);
  }

  publish(topic: string, payload: Uint8Array, qos: 0 | 1, retain: boolean, dup: boolean, packetId: number): void {
    this.owner.message(topic, payload, qos, retain, dup);
    if (qos === 1) this.write(pubackPacket(packetId)); // after delivery: at least once [MQTT-4.3.2-2]
  }

  ack(type: number, packetId: number, code: number): void {
    this.owner.ack(type, packetId, code);
  }

  pingresp(): void {
    const ping = this.pings.shift();
    if (ping && ping.done) ping.done(Date.now() - ping.at);
  }

  private fail(error: unknown): void {
    if (this.ended) return;
    this.close();
    this.owner.down(this, error);
  }

  /** The one timer: keepalive and every deadline. */
  private watch(): void {
    const now = Date.now();
    const o = this.options;
    const limit = now - o.responseTimeout;
    if (!this.connected) {
      if (this.openedAt < limit) this.fail(new MqttTimeoutError('CONNACK_TIMEOUT', 'no CONNACK within ' + o.responseTimeout + ' ms', o.responseTimeout));
      return;
    }
    if (this.pings.length > 0 && this.pings[0].at < limit) {
      this.fail(new MqttTimeoutError('PINGRESP_TIMEOUT', 'no PINGRESP within ' + o.responseTimeout + ' ms', o.responseTimeout));
    } else if (this.owner.oldestAwaited() < limit) {
      this.fail(new MqttTimeoutError('PUBACK_TIMEOUT', 'no acknowledgement within ' + o.responseTimeout + ' ms', o.responseTimeout));
    } else if (o.connect.keepalive > 0 && this.pings.length === 0 && now - this.lastWrite >= o.connect.keepalive * 1000 - 1000) {
      this.ping(null);
    }
  }
}
