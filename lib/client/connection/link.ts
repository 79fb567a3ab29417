import { Observable, SchedulerLike, Subscriber, Subscription } from 'rxjs';
import { encodePacket } from '../../codec/encode';
import { PacketDecoder } from '../../codec/decoder';
import type { ConnectPacket, Packet, ProtocolVersion, PublishProperties, QoS } from '../../codec/packet';
import { ConnectionRefusedError, MqttError, MqttProtocolError, MqttTimeoutError, TransportError } from '../../errors';
import { encodeUtf8 } from '../../codec/utf8';
import { DeadlineTimer } from '../shared/deadline-timer';
import { KeepaliveEvent, keepaliveWatchdog } from './keepalive';
import { Multicast } from '../shared/multicast';
import { PingQueue } from './ping-queue';
import type { Connection } from '../transport';
import { WritableWaiter, WriteBatcher, WriteListener } from './write-batcher';
import { connackRefusal, LinkV5, publishPacket5, serverDisconnectError } from '../v5/link-v5';
import type { AuthHook, AuthResult } from '../v5/enhanced-auth';
import type { MqttErrorCode } from '../../error-codes';

/** Receives the packets of a live session (after CONNACK), PINGRESP excepted. */
export interface LinkHandler {
  packet(packet: Packet, session: Link): void;
}

/** What a {@link Link} needs to run one connection. */
export interface LinkConfig {
  connect: ConnectPacket;
  /** Milliseconds allowed for CONNACK and PINGRESP. */
  responseTimeout: number;
  maxPacketSize: number;
  scheduler: SchedulerLike;
  flushScheduler: SchedulerLike;
  handler: LinkHandler;
  /** Called before each write to the transport (a store makes its records durable); what it throws ends the link. */
  beforeWrite?: () => void;
  /** MQTT 5 enhanced authentication: answers the server's AUTH challenges. */
  authenticate?: AuthHook;
}

/** Packets a server never sends to a client [MQTT-3.1.0-1] [MQTT-3.8.1] [MQTT-3.10.1] [MQTT-3.12.1] [MQTT-3.14.1]. */
const CLIENT_ONLY: { [type: string]: boolean } = {
  connect: true,
  subscribe: true,
  unsubscribe: true,
  pingreq: true,
  disconnect: true,
};

/** The broker's answers to what the client sent: one of them proves a round trip completed. */
const REPLIES: { [type: string]: boolean } = {
  pingresp: true,
  puback: true,
  pubrec: true,
  pubcomp: true,
  suback: true,
  unsuback: true,
};

/** Why reads are held back: observers fell behind, or writes cannot go out. */
export const PAUSED_BY_INBOUND = 1;
export const PAUSED_BY_WRITES = 2;

/** Wraps what a transport reports into a coded error. */
export function asTransportError(error: unknown, code: MqttErrorCode, what: string): MqttError {
  if (error instanceof MqttError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(code, what + ': ' + message, error);
}

/**
 * One MQTT connection, from CONNECT to its end: decodes the bytes of
 * `connection.data$` straight into packets, awaits the CONNACK within
 * `responseTimeout`, then runs keepalive and hands every packet to the handler with
 * plain calls (no observable per packet). Writes go through a {@link WriteBatcher}:
 * one transport write per event-loop turn.
 *
 * Reports to `subscriber` (the one of {@link connectLink}): `next(this)` once the
 * CONNACK accepted the connection; `error` with `ConnectionRefusedError` (return code
 * 1–5), `MqttTimeoutError` (`CONNACK_TIMEOUT`, `PINGRESP_TIMEOUT`), `TransportError`
 * (`CONNECTION_LOST`) or `MqttProtocolError` when the connection ends. It never completes.
 *
 * At protocol level 5 (the CONNECT's `protocolLevel`) it decodes and encodes MQTT 5, and
 * {@link v5} holds what the server's CONNACK allows: a CONNACK reason code of 0x80 and
 * above is a `ConnectionRefusedError` with `reasonCode`, the server's Keep Alive replaces
 * ours [MQTT-3.2.2-21], a DISCONNECT from the server ends the link with
 * `ServerDisconnectError` (`SERVER_DISCONNECT`), inbound topic aliases are resolved.
 */
export class Link {
  /** From the CONNACK [MQTT-3.2.2-2]. */
  sessionPresent = false;
  /** The protocol level of the connection: 3, 4 or 5 (that of its CONNECT). */
  readonly protocolVersion: ProtocolVersion;
  /** MQTT 5 only: the server's CONNACK properties and limits, inbound topic aliases; null before 5. */
  readonly v5: LinkV5 | null;
  private established = false;
  /** Why the session ended; null while it runs. */
  private endError: MqttError | null = null;
  private readonly decoder: PacketDecoder;
  private readonly batcher: WriteBatcher;
  private readonly activity = new Multicast<KeepaliveEvent>();
  private readonly subscriptions = new Subscription();
  private readonly connackTimer: DeadlineTimer;
  private readonly pings: PingQueue;
  /** Fires when the link stayed up long enough to count as stable. */
  private readonly stableTimer: DeadlineTimer;
  private stable = false;
  private onStable: (() => void) | null = null;
  /** Reasons reads are paused for (bits of PAUSED_BY_*); 0 while reading. */
  private pausedBy = 0;
  private readonly resumeOnDrain = { writable: () => this.resumeReads(PAUSED_BY_WRITES) };
  /** MQTT 5: the DISCONNECT (with its reason code) written as the connection closes after a violation of the server's. */
  private farewell: Uint8Array | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly config: LinkConfig,
    private readonly subscriber: Subscriber<Link>,
  ) {
    this.protocolVersion = (config.connect.protocolLevel || 4) as ProtocolVersion;
    const properties = config.connect.properties;
    this.v5 = this.protocolVersion === 5 ? new LinkV5(properties, config.authenticate, this) : null;
    this.decoder = new PacketDecoder({ maxPacketSize: config.maxPacketSize, protocolVersion: this.protocolVersion });
    this.batcher = new WriteBatcher(
      (bytes) => this.write(bytes),
      config.flushScheduler,
      () => this.activity.next('sent'),
    );
    this.connackTimer = new DeadlineTimer(config.scheduler, () =>
      this.fail(
        new MqttTimeoutError('CONNACK_TIMEOUT', 'no CONNACK within ' + config.responseTimeout + ' ms', config.responseTimeout),
      ),
    );
    this.pings = new PingQueue(config.scheduler, config.responseTimeout);
    this.stableTimer = new DeadlineTimer(config.scheduler, () => this.markStable());
  }

  /**
   * Holds reads back for `reason` (a PAUSED_BY_* bit) until {@link resumeReads} with the
   * same reason: TCP flow control then holds the broker back. Returns false when the
   * transport cannot pause (it has no `pause`, or refuses).
   */
  pauseReads(reason: number): boolean {
    const connection = this.connection;
    if (typeof connection.pause !== 'function') return false;
    if (this.pausedBy === 0 && !connection.pause()) return false;
    this.pausedBy |= reason;
    return true;
  }

  /** Ends the pause for `reason`; reading goes on once no reason is left. */
  resumeReads(reason: number): void {
    if ((this.pausedBy & reason) === 0) return;
    this.pausedBy &= ~reason;
    if (this.pausedBy !== 0 || this.endError !== null) return;
    if (this.connection.resume) this.connection.resume();
  }

  /** Whether reads are paused for `reason` (any reason when omitted). */
  readsPaused(reason?: number): boolean {
    return reason === undefined ? this.pausedBy !== 0 : (this.pausedBy & reason) !== 0;
  }

  /**
   * Calls `callback` once the link proved *stable*: a round trip completed on it (the
   * broker answered a PINGREQ, SUBSCRIBE, UNSUBSCRIBE or PUBLISH) or it stayed up for a
   * keepalive period (`responseTimeout` without keepalive). A broker that accepts and
   * then closes at once never gets there, so the reconnect policy does not treat that
   * as a recovery. Nothing is called if the link ends first; at once if it is stable.
   */
  whenStable(callback: () => void): void {
    if (this.stable) callback();
    else this.onStable = callback;
  }

  private markStable(): void {
    if (this.stable || this.endError !== null) return;
    this.stable = true;
    this.stableTimer.cancel();
    const callback = this.onStable;
    this.onStable = null;
    if (callback !== null) callback();
  }

  /** Whether the session ended (its connection is closed or closing). */
  get isEnded(): boolean {
    return this.endError !== null;
  }

  /** The write batcher's view of the transport: false while its buffer is full. */
  get writable(): boolean {
    return this.batcher.writable;
  }

  /** Tells `waiter` once when the transport's full buffer drained (nothing if the session ends first). */
  whenWritable(waiter: WritableWaiter): void {
    this.batcher.whenWritable(waiter);
  }

  /** Subscribes to the connection and sends CONNECT. */
  start(): void {
    const connection = this.connection;
    this.subscriptions.add(
      connection.data$.subscribe({
        next: (chunk) => this.receive(chunk),
        error: (error) => this.fail(asTransportError(error, 'CONNECTION_LOST', 'connection lost')),
        complete: () => this.fail(new TransportError('CONNECTION_LOST', 'the broker closed the connection')),
      }),
    );
    if (connection.drain$) {
      this.subscriptions.add(connection.drain$.subscribe(() => this.batcher.drained()));
    }
    if (this.endError !== null) return;
    this.connackTimer.arm(this.config.scheduler.now() + this.config.responseTimeout);
    this.batcher.enqueue(encodePacket(this.config.connect));
    this.batcher.flush();
  }

  /** Queues a packet for the next write. */
  send(packet: Packet, listener?: WriteListener): void {
    this.batcher.enqueue(encodePacket(packet, { protocolVersion: this.protocolVersion }), listener);
  }

  /**
   * Queues a PUBLISH, encoded straight into the next write (see `encodePublish` for the
   * arguments); on MQTT 5 with its `properties` and a topic alias (see `LinkV5.aliasTopic`).
   * @throws TypeError / RangeError for bad arguments, before anything is queued
   */
  sendPublish(
    topic: string,
    payload: Uint8Array | string,
    qos: QoS,
    retain: boolean,
    dup: boolean,
    packetId: number | undefined,
    listener?: WriteListener,
    properties?: PublishProperties,
  ): void {
    if (this.v5 !== null) {
      const bytes = typeof payload === 'string' ? encodeUtf8(payload) : payload;
      const packet = publishPacket5(topic, bytes, qos, retain, dup, packetId, properties);
      this.v5.aliasTopic(packet); // outbound topic aliases, when the server takes them
      this.send(packet, listener);
      return;
    }
    this.batcher.enqueuePublish(topic, payload, qos, retain, dup, packetId, listener);
  }

  /** Queues a two-byte acknowledgement (type as `encodeAck`) for a decoded packet id. */
  sendAck(type: 4 | 5 | 6 | 7 | 11, packetId: number): void {
    this.batcher.enqueueAck(type, packetId);
  }

  /** Writes what is queued now (before a DISCONNECT closes the transport). */
  flush(): void {
    this.batcher.flush();
  }

  /**
   * PINGREQ → PINGRESP round trip in ms. Errors with `PINGRESP_TIMEOUT` after
   * `responseTimeout`, or with the session's end error if it ends first.
   */
  ping(): Observable<number> {
    return new Observable<number>((subscriber) => {
      if (this.endError !== null) {
        subscriber.error(this.endError);
        return;
      }
      const cancel = this.pings.add(subscriber);
      this.send({ type: 'pingreq' });
      this.activity.next('pinged');
      return cancel;
    });
  }

  /**
   * MQTT 5: re-authenticates (AUTH 0x19 with `data`, the server's challenges answered by
   * the `authenticate` hook); emits the server's AUTH 0x00 and completes, errors when the
   * link ends first.
   */
  reauthenticate(data: Uint8Array | undefined, userProperties: { [name: string]: string | string[] } | undefined): Observable<AuthResult> {
    return new Observable<AuthResult>((subscriber) => {
      if (this.endError !== null) subscriber.error(this.endError);
      else return (this.v5 as LinkV5).auth.reauthenticate(data, userProperties).subscribe(subscriber);
    });
  }

  /** MQTT 5: ends the session with `error`, sending DISCONNECT with `reasonCode` first. */
  failWith(error: MqttError, reasonCode: number): void {
    this.farewell = encodePacket({ type: 'disconnect', reasonCode }, { protocolVersion: 5 });
    this.fail(error);
  }

  /** Ends the session with `error`: the observer of {@link connectLink} gets it. */
  fail(error: MqttError): void {
    if (this.endError !== null) return;
    this.endError = error;
    if (this.farewell !== null) this.write(this.farewell); // before the error closes the connection
    this.subscriber.error(error);
    this.release(error);
  }

  /** Closes the connection and releases everything; idempotent. */
  dispose(): void {
    if (this.endError === null) this.release(new TransportError('CONNECTION_LOST', 'the connection was closed'));
  }

  /** Ends the session with `error` and releases what it holds; what still waits errors with `error`. */
  private release(error: MqttError): void {
    this.endError = error;
    this.connackTimer.cancel();
    this.stableTimer.cancel();
    this.onStable = null;
    this.subscriptions.unsubscribe();
    this.batcher.close(error);
    this.pings.failAll(error);
    if (this.v5 !== null) this.v5.auth.ended(error);
    this.connection.close();
  }

  private write(bytes: Uint8Array): boolean {
    try {
      const beforeWrite = this.config.beforeWrite;
      if (beforeWrite !== undefined) beforeWrite();
      const more = this.connection.write(bytes);
      // the broker does not take our writes (PUBACKs among them): read no more of its
      // packets, whose acknowledgements would only pile up, until the buffer drained
      if (!more && this.established && this.pauseReads(PAUSED_BY_WRITES)) this.batcher.whenWritable(this.resumeOnDrain);
      return more;
    } catch (e) {
      this.fail(asTransportError(e, 'CONNECTION_LOST', 'write failed'));
      return false;
    }
  }

  private receive(chunk: Uint8Array): void {
    let packets: Packet[];
    try {
      packets = this.decoder.push(chunk);
    } catch (e) {
      // the codec throws MqttProtocolErrors; anything else means the transport handed over something unreadable
      this.fail(asTransportError(e, 'CONNECTION_LOST', 'unreadable data from the transport'));
      return;
    }
    if (packets.length > 0 && this.established) this.activity.next('received');
    for (let i = 0; i < packets.length && this.endError === null; i++) this.handle(packets[i]);
  }

  private handle(packet: Packet): void {
    if (!this.established) {
      if (packet.type === 'auth' && this.v5 !== null) {
        this.v5.auth.received(packet, false); // enhanced authentication before the CONNACK [MQTT-4.12]
      } else if (packet.type !== 'connack') {
        this.fail(unexpected(packet.type, 'the first packet from the broker must be CONNACK [MQTT-3.2.0-1]'));
      } else if (this.v5 === null && packet.returnCode !== 0) {
        this.fail(new ConnectionRefusedError(packet.returnCode as number)); // set on every 3.1.1 CONNACK
      } else if (this.v5 !== null && connackRefusal(packet) !== null) {
        this.fail(connackRefusal(packet) as MqttError);
      } else {
        if (this.v5 !== null) this.v5.accepted(packet);
        this.established = true;
        this.sessionPresent = packet.sessionPresent;
        this.connackTimer.cancel();
        const keepalive = this.config.connect.keepalive * 1000;
        this.stableTimer.arm(this.config.scheduler.now() + (keepalive > 0 ? keepalive : this.config.responseTimeout));
        this.startKeepalive();
        this.subscriber.next(this);
      }
    } else if (packet.type === 'pingresp') {
      this.pings.answered();
      this.markStable();
    } else if (this.v5 !== null && packet.type !== 'connack') {
      this.handle5(packet);
    } else if (packet.type === 'connack' || CLIENT_ONLY[packet.type]) {
      this.fail(unexpected(packet.type, 'a broker does not send it on an open connection'));
    } else {
      if (REPLIES[packet.type]) this.markStable();
      this.config.handler.packet(packet, this);
    }
  }

  /** A packet of a live MQTT 5 session: the server's DISCONNECT, AUTH, topic aliases [MQTT-3.3.2-7]. */
  private handle5(packet: Packet): void {
    if (packet.type === 'disconnect') this.fail(serverDisconnectError(packet));
    else if (packet.type === 'auth') (this.v5 as LinkV5).auth.received(packet, true);
    else if (CLIENT_ONLY[packet.type]) this.fail(unexpected(packet.type, 'a broker does not send it on an open connection'));
    else {
      if (packet.type === 'publish') {
        try {
          (this.v5 as LinkV5).resolveTopic(packet);
        } catch (e) {
          const error = e as MqttProtocolError & { reasonCode: number };
          this.failWith(error, error.reasonCode);
          return;
        }
      }
      if (REPLIES[packet.type]) this.markStable();
      this.config.handler.packet(packet, this);
    }
  }

  private startKeepalive(): void {
    // the server's Keep Alive replaces ours [MQTT-3.2.2-21]
    const serverKeepAlive = this.v5 !== null ? this.v5.limits.serverKeepAlive : undefined;
    const keepalive = serverKeepAlive !== undefined ? serverKeepAlive : this.config.connect.keepalive;
    const timing = {
      keepalive: keepalive * 1000,
      responseTimeout: this.config.responseTimeout,
      scheduler: this.config.scheduler,
    };
    this.subscriptions.add(
      keepaliveWatchdog(this.activity, timing).subscribe({
        next: () => {
          this.pings.add(null);
          this.send({ type: 'pingreq' });
          // observers behind must not cost the link: read again so the answer can arrive
          // (the inbound queue pauses again at its next overflow)
          this.resumeReads(PAUSED_BY_INBOUND);
        },
        error: (error: MqttError) => this.fail(error),
      }),
    );
  }
}

function unexpected(type: string, why: string): MqttProtocolError {
  return new MqttProtocolError('UNEXPECTED_PACKET', 'unexpected ' + type.toUpperCase() + ' from the broker: ' + why);
}
