import { asyncScheduler, Observable, SchedulerLike, Subject, throwError } from 'rxjs';
import { encodePacket } from '../../lib/codec/encode';
import { encodeUtf8 } from '../../lib/codec/utf8';
import type { ConnectPacket, Packet, PublishPacket, QoS, Will } from '../../lib/codec/packet';
import { TransportError } from '../../lib/errors';
import type { Connection, Transport } from '../../lib/client/transport';
import { BrokerSessions, BrokerSession } from './broker-sessions';
import { ServerConnection } from './server-connection';
import { openLink, VirtualLink } from './virtual-link';

/** Which answers the broker sends; set one to false and that packet is never answered. */
export interface VirtualBrokerAnswers {
  connack: boolean;
  suback: boolean;
  unsuback: boolean;
  puback: boolean;
  pubrec: boolean;
  /** PUBREL in reply to a client's PUBREC (QoS 2 deliveries to the client). */
  pubrel: boolean;
  pubcomp: boolean;
  pingresp: boolean;
}

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
}

/**
 * An in-memory MQTT broker for tests and for running an application without a broker
 * (the "simulation mode" of the ESP sensors seed). It speaks through the real codec:
 * clients connect with {@link transport}, bytes are decoded and every packet recorded.
 *
 * By default it behaves like a small broker: CONNACK 0, SUBACK granting the requested
 * QoS (retained messages follow), PUBACK / PUBREC / PUBCOMP, UNSUBACK, PINGRESP, routes
 * PUBLISHes to matching subscriptions (one copy per client, at the highest matching
 * QoS), keeps retained messages, sessions per client id (`clean: false` keeps the
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
  /** CONNACK return code for new connections: 0 accepts, 1–5 refuse (the link then closes). */
  connackCode = 0;
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
  private readonly sessions = new BrokerSessions();
  private readonly refused: { [filter: string]: boolean } = {};
  private readonly retained: { [topic: string]: PublishPacket } = {};
  private connections: ServerConnection[] = [];

  constructor(options?: VirtualBrokerOptions) {
    this.scheduler = (options && options.scheduler) || asyncScheduler;
    this.delay = (options && options.delay) || 0;
    this.received$ = this.receivedSubject.asObservable();
    this.transport = { open: () => this.open() };
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.connections.length;
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
    this.route({ type: 'publish', topic, payload: bytes, qos, retain, dup: false });
  }

  /** Sends a raw packet to every open connection (or to those of `clientId`). */
  send(packet: Packet, clientId?: string): void {
    const bytes = encodePacket(packet);
    this.eachConnection((c) => {
      if (clientId === undefined || c.clientId === clientId) c.link.send(bytes, this.delay);
    });
  }

  /** Breaks every connection: clients see `TransportError` `CONNECTION_LOST`; wills are sent. */
  cut(): void {
    this.eachConnection((c) => {
      c.link.cut('connection cut by the virtual broker');
      this.dropped(c, true);
    });
  }

  /** Closes every connection from the broker's side: clients' `data$` completes; wills are sent. */
  closeConnections(): void {
    this.eachConnection((c) => {
      c.link.close();
      this.dropped(c, true);
    });
  }

  private open(): Observable<Connection> {
    if (this.refuseConnections) {
      return throwError(() => new TransportError('CONNECT_FAILED', 'connection refused by the virtual broker'));
    }
    return openLink(() => {
      const server = new ServerConnection(this.scheduler, {
        packet: (c, p) => this.handle(c, p),
        protocolError: (c) => {
          c.link.close();
          this.dropped(c, true);
        },
        clientClosed: (c) => this.dropped(c, !c.disconnected),
      });
      this.connections.push(server);
      return server.link;
    });
  }

  private eachConnection(visit: (c: ServerConnection) => void): void {
    const list = this.connections.slice();
    for (let i = 0; i < list.length; i++) visit(list[i]);
  }

  private answer(c: ServerConnection, packet: Packet): void {
    c.link.send(encodePacket(packet), this.delay);
  }

  private handle(c: ServerConnection, packet: Packet): void {
    this.received.push({ time: this.scheduler.now(), clientId: c.clientId, packet });
    this.receivedSubject.next(packet);
    if (c.session === null && packet.type !== 'connect') {
      c.link.close(); // [MQTT-3.1.0-1]: the first packet must be CONNECT
      this.dropped(c, false);
      return;
    }
    switch (packet.type) {
      case 'connect':
        return this.onConnect(c, packet);
      case 'publish':
        if (packet.qos === 2 && c.session!.qos2[packet.packetId as number]) {
          if (this.answers.pubrec) this.answer(c, { type: 'pubrec', packetId: packet.packetId as number });
          return;
        }
        if (packet.retain) this.retain(packet);
        this.route(copy(packet, packet.qos, false));
        if (packet.qos === 1 && this.answers.puback) this.answer(c, { type: 'puback', packetId: packet.packetId as number });
        if (packet.qos === 2) {
          c.session!.qos2[packet.packetId as number] = true;
          if (this.answers.pubrec) this.answer(c, { type: 'pubrec', packetId: packet.packetId as number });
        }
        return;
      case 'pubrel':
        delete c.session!.qos2[packet.packetId];
        if (this.answers.pubcomp) this.answer(c, { type: 'pubcomp', packetId: packet.packetId });
        return;
      case 'pubrec':
        if (this.answers.pubrel) this.answer(c, { type: 'pubrel', packetId: packet.packetId });
        return;
      case 'subscribe':
        return this.onSubscribe(c, c.session!, packet.packetId, packet.subscriptions);
      case 'unsubscribe':
        for (let i = 0; i < packet.topics.length; i++) delete c.session!.subscriptions[packet.topics[i]];
        if (this.answers.unsuback) this.answer(c, { type: 'unsuback', packetId: packet.packetId });
        return;
      case 'pingreq':
        if (this.answers.pingresp) this.answer(c, { type: 'pingresp' });
        return;
      case 'disconnect':
        c.disconnected = true;
        c.link.close();
        this.dropped(c, false);
        return;
      default:
        return; // PUBACK / PUBCOMP from the client: recorded above, nothing to answer
    }
  }

  private onConnect(c: ServerConnection, packet: ConnectPacket): void {
    if (c.session !== null) {
      c.link.close(); // a second CONNECT is a protocol violation [MQTT-3.1.0-2]
      this.dropped(c, true);
      return;
    }
    c.clientId = packet.clientId;
    this.received[this.received.length - 1].clientId = packet.clientId;
    if (this.connackCode !== 0) {
      if (this.answers.connack) this.answer(c, { type: 'connack', sessionPresent: false, returnCode: this.connackCode });
      // scheduled after the CONNACK with the same delay, so the client reads it before the close
      this.scheduler.schedule(() => c.link.close(), this.delay);
      this.connections = this.connections.filter((x) => x !== c);
      return;
    }
    const previous = this.sessions.get(packet.clientId);
    if (previous !== null && previous.connection !== null) {
      const old = previous.connection;
      old.link.close(); // session takeover [MQTT-3.1.4-2]
      this.dropped(old, true);
    }
    const opened = this.sessions.open(packet.clientId, packet.clean);
    const session = opened.session;
    session.connection = c;
    c.session = session;
    c.will = packet.will || null;
    if (this.answers.connack) this.answer(c, { type: 'connack', sessionPresent: opened.present, returnCode: 0 });
  }

  private onSubscribe(c: ServerConnection, session: BrokerSession, packetId: number, subs: Array<{ topic: string; qos: QoS }>): void {
    const granted: number[] = [];
    for (let i = 0; i < subs.length; i++) {
      if (this.refused[subs[i].topic]) granted.push(0x80);
      else {
        session.subscriptions[subs[i].topic] = subs[i].qos;
        granted.push(subs[i].qos);
      }
    }
    if (this.answers.suback) this.answer(c, { type: 'suback', packetId, granted });
    const topics = Object.keys(this.retained);
    for (let t = 0; t < topics.length; t++) {
      for (let i = 0; i < subs.length; i++) {
        if (granted[i] === 0x80 || !this.sessions.matches(subs[i].topic, topics[t])) continue;
        c.deliver(copy(this.retained[topics[t]], Math.min(this.retained[topics[t]].qos, subs[i].qos), true), this.delay);
        break;
      }
    }
  }

  private retain(packet: PublishPacket): void {
    if (packet.payload.length === 0) delete this.retained[packet.topic];
    else this.retained[packet.topic] = copy(packet, packet.qos, true);
  }

  private route(message: PublishPacket): void {
    if (message.retain) this.retain(message);
    this.eachConnection((c) => {
      if (c.session === null) return;
      const qos = this.sessions.bestQos(c.session, message.topic);
      if (qos < 0) return;
      c.deliver(copy(message, Math.min(qos, message.qos), false), this.delay);
    });
  }

  private dropped(c: ServerConnection, abnormal: boolean): void {
    const index = this.connections.indexOf(c);
    if (index < 0) return;
    this.connections.splice(index, 1);
    const will: Will | null = c.will;
    c.will = null;
    if (c.session !== null) this.sessions.detach(c.session, c);
    if (abnormal && will !== null) {
      this.route({ type: 'publish', topic: will.topic, payload: will.payload, qos: will.qos, retain: will.retain, dup: false });
    }
  }
}

function copy(message: PublishPacket, qos: number, retain: boolean): PublishPacket {
  return { type: 'publish', topic: message.topic, payload: message.payload, qos: qos as QoS, retain, dup: false };
}
