import { asyncScheduler, Observable, SchedulerLike, Subject, throwError } from 'rxjs';
import { encodeUtf8 } from '../../lib/codec/utf8';
import type { ConnackProperties, Packet, PublishPacket, PublishProperties, QoS } from '../../lib/codec/packet';
import { TransportError } from '../../lib/errors';
import type { Connection, Transport } from '../../lib/client/transport';
import { BrokerEngine, VirtualBrokerAnswers } from './broker-engine';
import { openLink } from './virtual-link';
import type { VirtualAuthScript } from './virtual-auth';

export type { VirtualBrokerAnswers } from './broker-engine';

/** Options of {@link VirtualBroker}. */
export interface VirtualBrokerOptions {
  /** Scheduler that carries the broker's answers (default `asyncScheduler`; `TestScheduler` in tests). */
  scheduler?: SchedulerLike;
  /** Milliseconds before each packet from the broker reaches the client (default 0). */
  delay?: number;
}

/** A packet the broker received, with when and from whom. */
export interface ReceivedPacket {
  time: number;
  clientId: string;
  packet: Packet;
}

/** Options of {@link VirtualBroker.publish}. */
export interface InjectOptions {
  qos?: QoS;
  retain?: boolean;
  /** MQTT 5: the PUBLISH properties (sent to MQTT 5 clients only). */
  properties?: PublishProperties;
}

/**
 * An in-memory MQTT broker for tests and for running an application without a broker
 * (the "simulation mode" of the ESP sensors seed). It speaks through the real codec:
 * clients connect with {@link transport}, bytes are decoded and every packet recorded.
 *
 * By default it behaves like a small broker: CONNACK 0, SUBACK granting the requested
 * QoS (retained messages follow), PUBACK / PUBREC / PUBCOMP, UNSUBACK, PINGRESP, routes
 * PUBLISHes to matching subscriptions (one copy per client, at the highest matching
 * QoS; shared subscriptions `$share/{group}/{filter}` get one copy per group, to each
 * member in turn), keeps retained messages, sessions per client id (`clean: false` keeps the
 * subscriptions and reports `sessionPresent`), and sends the will when a client drops
 * without DISCONNECT.
 *
 * Scripting: {@link connackCode} (refuse with 1–5), {@link answers} (stay silent),
 * {@link refuseSubscription} (SUBACK 0x80), {@link publish} / {@link send} (inject),
 * {@link cut} (the link breaks), {@link closeConnections}, {@link refuseConnections},
 * {@link delay}. Observation: {@link received}, {@link received$}.
 *
 * @example
 * ```ts
 * const broker = new VirtualBroker();
 * const client = createClient({ transport: broker.transport });
 * client.topic('cmd/#').subscribe((m) => console.log(m.topic));
 * client.connect().subscribe(() => broker.publish('cmd/led', 'on'));
 * ```
 */
export class VirtualBroker {
  /**
   * CONNACK return code for new connections: 0 accepts, 1–5 refuse (the link then closes).
   * To an MQTT 5 client it is the reason code: 0x80 and above refuse.
   */
  connackCode = 0;
  /** MQTT 5: the properties of every CONNACK (the server's limits, ...; a `reasonString` for a refusal). */
  connackProperties: ConnackProperties = {};
  /** MQTT 5: the reason code of every PUBACK (0 success, 0x10 no subscribers, 0x80+ refused). */
  pubackReasonCode = 0;
  /**
   * MQTT 5 enhanced authentication: the script answering each step of the exchange of a
   * CONNECT naming an `authenticationMethod`, and of re-authentications (see
   * {@link VirtualAuthScript}). Null (default): the method is ignored, the CONNECT accepted.
   *
   * @example
   * ```ts
   * broker.authenticate = (s) => (s.step === 1 ? { challenge: nonce } : { success: true });
   * ```
   */
  authenticate: VirtualAuthScript | null = null;
  /** Which packets get answered. */
  readonly answers: VirtualBrokerAnswers = {
    connack: true,
    suback: true,
    unsuback: true,
    puback: true,
    pubrec: true,
    pubrel: true,
    pubcomp: true,
    pingresp: true,
  };
  /** While true, opening a connection fails with `TransportError` `CONNECT_FAILED`. */
  refuseConnections = false;
  /** Milliseconds before each packet from the broker reaches the client. */
  delay: number;
  /** Every packet received from clients, in order. */
  readonly received: ReceivedPacket[] = [];
  /** Every packet received from clients, as it arrives. */
  readonly received$: Observable<Packet>;
  /** Connects a client to this broker. */
  readonly transport: Transport;

  private readonly scheduler: SchedulerLike;
  private readonly receivedSubject = new Subject<Packet>();
  private readonly refused: { [filter: string]: boolean } = {};
  private readonly engine: BrokerEngine;

  constructor(options?: VirtualBrokerOptions) {
    this.scheduler = (options && options.scheduler) || asyncScheduler;
    this.delay = (options && options.delay) || 0;
    this.received$ = this.receivedSubject.asObservable();
    this.transport = { open: () => this.open() };
    const broker = this;
    this.engine = new BrokerEngine(this.scheduler, {
      get answers() {
        return broker.answers;
      },
      get connackCode() {
        return broker.connackCode;
      },
      get connackProperties() {
        return broker.connackProperties;
      },
      get authenticate() {
        return broker.authenticate;
      },
      get pubackReasonCode() {
        return broker.pubackReasonCode;
      },
      get delay() {
        return broker.delay;
      },
      isRefused: (filter) => this.refused[filter] === true,
      record: (clientId, packet) => {
        this.received.push({ time: this.scheduler.now(), clientId, packet });
        this.receivedSubject.next(packet);
      },
    });
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.engine.connectionCount;
  }

  /** The packets received so far of one type (all when `type` is omitted). */
  packets<T extends Packet['type']>(type?: T): Array<Extract<Packet, { type: T }>> {
    const out: Array<Extract<Packet, { type: T }>> = [];
    for (let i = 0; i < this.received.length; i++) {
      const p = this.received[i].packet;
      if (type === undefined || p.type === type) out.push(p as Extract<Packet, { type: T }>);
    }
    return out;
  }

  /** From now on, SUBSCRIBE to exactly `filter` gets the failure code 0x80. */
  refuseSubscription(filter: string): void {
    this.refused[filter] = true;
  }

  /** Publishes as if another client did: routed to matching subscriptions, stored when retained. */
  publish(topic: string, payload: string | Uint8Array, options?: InjectOptions): void {
    const qos: QoS = (options && options.qos) || 0;
    const retain = !!(options && options.retain);
    const bytes = typeof payload === 'string' ? encodeUtf8(payload) : payload;
    const packet: PublishPacket = { type: 'publish', topic, payload: bytes, qos, retain, dup: false };
    if (options && options.properties) packet.properties = options.properties;
    this.engine.route(packet);
  }

  /**
   * Sends a raw packet to every open connection (or to those of `clientId`), encoded at
   * each connection's protocol level (e.g. a DISCONNECT with a reason code on MQTT 5).
   */
  send(packet: Packet, clientId?: string): void {
    this.engine.eachConnection((c) => {
      if (clientId === undefined || c.clientId === clientId) c.link.send(c.encode(packet), this.delay);
    });
  }

  /**
   * Breaks every connection (or those of `clientId`): clients see `TransportError`
   * `CONNECTION_LOST`; their wills are sent.
   */
  cut(clientId?: string): void {
    this.engine.eachConnection((c) => {
      if (clientId !== undefined && c.clientId !== clientId) return;
      c.link.cut('connection cut by the virtual broker');
      this.engine.dropped(c, true);
    });
  }

  /** Closes every connection (or those of `clientId`) from the broker's side: clients' `data$` completes; wills are sent. */
  closeConnections(clientId?: string): void {
    this.engine.eachConnection((c) => {
      if (clientId !== undefined && c.clientId !== clientId) return;
      c.link.close();
      this.engine.dropped(c, true);
    });
  }

  private open(): Observable<Connection> {
    if (this.refuseConnections) {
      return throwError(() => new TransportError('CONNECT_FAILED', 'connection refused by the virtual broker'));
    }
    return openLink(() => this.engine.accept());
  }
}
