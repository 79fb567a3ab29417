import type { SchedulerLike } from 'rxjs';
import type { ConnackPacket, ConnackProperties, ConnectPacket, Packet, PublishPacket, QoS, Will } from '../../lib/codec/packet';
import { BrokerSession, BrokerSessions } from './broker-sessions';
import { ServerConnection } from './server-connection';
import { SharedGroups } from './shared-groups';
import type { VirtualAuthScript, VirtualAuthStep } from './virtual-auth';
import type { VirtualLink } from './virtual-link';

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

/** The scripting a {@link BrokerEngine} obeys, read at each packet (the `VirtualBroker`). */
export interface BrokerScript {
  readonly answers: VirtualBrokerAnswers;
  /** CONNACK return code for new connections (the reason code on MQTT 5). */
  readonly connackCode: number;
  /** MQTT 5: the properties of CONNACKs (a refusing one may carry a `reasonString`). */
  readonly connackProperties: ConnackProperties;
  /** MQTT 5: the reason code of PUBACKs. */
  readonly pubackReasonCode: number;
  /** Milliseconds before each packet reaches the client. */
  readonly delay: number;
  /** MQTT 5: the script of enhanced authentication, for CONNECTs naming an `authenticationMethod`; null: ignored. */
  readonly authenticate: VirtualAuthScript | null;
  /** Whether SUBSCRIBE to exactly `filter` gets 0x80. */
  isRefused(filter: string): boolean;
  /** Every packet received, with the client id of its connection. */
  record(clientId: string, packet: Packet): void;
}

/**
 * What the virtual broker does with packets: CONNECT/CONNACK with sessions and
 * takeover, SUBSCRIBE/SUBACK with retained messages, routing of PUBLISH at the highest
 * matching QoS, shared subscriptions (`$share/...`, one member per group in turn, no
 * retained messages [MQTT-4.8.2]), the QoS 1 and 2 answers, UNSUBSCRIBE, PINGREQ, DISCONNECT, and wills
 * when a connection drops without DISCONNECT.
 */
export class BrokerEngine {
  private readonly sessions = new BrokerSessions<ServerConnection>();
  private readonly retained: { [topic: string]: PublishPacket } = {};
  private connections: ServerConnection[] = [];
  private readonly shared = new SharedGroups<ServerConnection>();

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly script: BrokerScript,
  ) {}

  /** Number of open connections. */
  get connectionCount(): number {
    return this.connections.length;
  }

  /** A new connection from a client: its link, handled by this engine. */
  accept(): VirtualLink {
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
  }

  /** Visits the open connections (a copy of the list: visitors may drop them). */
  eachConnection(visit: (c: ServerConnection) => void): void {
    const list = this.connections.slice();
    for (let i = 0; i < list.length; i++) visit(list[i]);
  }

  private answer(c: ServerConnection, packet: Packet): void {
    c.link.send(c.encode(packet), this.script.delay);
  }

  private handle(c: ServerConnection, packet: Packet): void {
    if (packet.type === 'connect' && c.session === null) c.clientId = packet.clientId;
    this.script.record(c.clientId, packet);
    if (c.session === null && packet.type === 'auth' && c.authenticating !== null) return this.onAuth(c, packet, false);
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
          if (this.script.answers.pubrec) this.answer(c, { type: 'pubrec', packetId: packet.packetId as number });
          return;
        }
        if (packet.retain) this.retain(packet);
        this.route(copy(packet, packet.qos, false));
        if (packet.qos === 1 && this.script.answers.puback) {
          this.answer(c, { type: 'puback', packetId: packet.packetId as number, reasonCode: this.script.pubackReasonCode });
        }
        if (packet.qos === 2) {
          c.session!.qos2[packet.packetId as number] = true;
          if (this.script.answers.pubrec) this.answer(c, { type: 'pubrec', packetId: packet.packetId as number });
        }
        return;
      case 'pubrel':
        delete c.session!.qos2[packet.packetId];
        if (this.script.answers.pubcomp) this.answer(c, { type: 'pubcomp', packetId: packet.packetId });
        return;
      case 'pubrec':
        if (this.script.answers.pubrel) this.answer(c, { type: 'pubrel', packetId: packet.packetId });
        return;
      case 'subscribe':
        return this.onSubscribe(c, c.session!, packet.packetId, packet.subscriptions);
      case 'unsubscribe':
        for (let i = 0; i < packet.topics.length; i++) delete c.session!.subscriptions[packet.topics[i]];
        if (!this.script.answers.unsuback) return;
        if (c.protocolVersion !== 5) this.answer(c, { type: 'unsuback', packetId: packet.packetId });
        else this.answer(c, { type: 'unsuback', packetId: packet.packetId, reasonCodes: packet.topics.map(() => 0) }); // one per filter [MQTT-3.11.3]
        return;
      case 'auth':
        return this.onAuth(c, packet, true);
      case 'pingreq':
        if (this.script.answers.pingresp) this.answer(c, { type: 'pingresp' });
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
    c.protocolVersion = packet.protocolLevel === 3 || packet.protocolLevel === 5 ? packet.protocolLevel : 4;
    if (this.script.connackCode !== 0) return this.refuse(c, this.script.connackCode);
    const method = packet.properties !== undefined ? packet.properties.authenticationMethod : undefined;
    if (method !== undefined && this.script.authenticate !== null) {
      c.authenticating = packet;
      c.authStep = 0;
      this.authStep(c, false, method, packet.properties!.authenticationData);
      return;
    }
    this.openSession(c, packet);
  }

  /** Refuses a CONNECT with `code`, then closes the connection. */
  private refuse(c: ServerConnection, code: number): void {
    if (this.script.answers.connack) this.answer(c, this.connack(c, false, code));
    // scheduled after the CONNACK with the same delay, so the client reads it before the close
    this.scheduler.schedule(() => c.link.close(), this.script.delay);
    this.connections = this.connections.filter((x) => x !== c);
  }

  /** An AUTH from the client: the next step of its exchange (`live`: after its CONNACK). */
  private onAuth(c: ServerConnection, packet: Extract<Packet, { type: 'auth' }>, live: boolean): void {
    const properties = packet.properties || {};
    if (live && packet.reasonCode === 0x19) c.authStep = 0;
    this.authStep(c, live, properties.authenticationMethod || '', properties.authenticationData);
  }

  /** Asks the script for its answer to one step of an exchange and sends it. */
  private authStep(c: ServerConnection, reauthentication: boolean, method: string, data: Uint8Array | undefined): void {
    const script = this.script.authenticate;
    if (script === null) return;
    c.authStep++;
    const step: VirtualAuthStep = { clientId: c.clientId, reauthentication, authenticationMethod: method, step: c.authStep };
    if (data !== undefined) step.authenticationData = data;
    const verdict = script(step);
    if ('challenge' in verdict) {
      this.answer(c, { type: 'auth', reasonCode: 0x18, properties: { authenticationMethod: method, authenticationData: verdict.challenge } });
      return;
    }
    const connect = c.authenticating;
    c.authenticating = null;
    if ('refuse' in verdict) {
      if (connect !== null) return this.refuse(c, verdict.refuse);
      this.answer(c, { type: 'disconnect', reasonCode: verdict.refuse });
      this.scheduler.schedule(() => c.link.close(), this.script.delay);
      this.dropped(c, true);
      return;
    }
    const properties = verdict.authenticationData !== undefined ? { authenticationMethod: method, authenticationData: verdict.authenticationData } : { authenticationMethod: method };
    if (connect !== null) this.openSession(c, connect, properties);
    else this.answer(c, { type: 'auth', reasonCode: 0, properties });
  }

  /** Accepts a CONNECT: opens or resumes its session, answers CONNACK (MQTT 5: with `properties` added). */
  private openSession(c: ServerConnection, packet: ConnectPacket, properties?: ConnackProperties): void {
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
    if (!this.script.answers.connack) return;
    const connack = this.connack(c, opened.present, 0);
    if (properties !== undefined) connack.properties = Object.assign({}, connack.properties, properties);
    this.answer(c, connack);
  }

  /** A CONNACK for the connection's level: a return code before MQTT 5, a reason code and properties on 5. */
  private connack(c: ServerConnection, sessionPresent: boolean, code: number): ConnackPacket {
    if (c.protocolVersion !== 5) return { type: 'connack', sessionPresent, returnCode: code };
    const packet: ConnackPacket = { type: 'connack', sessionPresent, reasonCode: code };
    packet.properties = this.script.connackProperties;
    return packet;
  }

  private onSubscribe(c: ServerConnection, session: BrokerSession<ServerConnection>, packetId: number, subs: Array<{ topic: string; qos: QoS }>): void {
    const granted: number[] = [];
    for (let i = 0; i < subs.length; i++) {
      if (this.script.isRefused(subs[i].topic)) granted.push(0x80);
      else {
        session.subscriptions[subs[i].topic] = subs[i].qos;
        granted.push(subs[i].qos);
      }
    }
    if (this.script.answers.suback) this.answer(c, { type: 'suback', packetId, granted });
    const topics = Object.keys(this.retained);
    for (let t = 0; t < topics.length; t++) {
      for (let i = 0; i < subs.length; i++) {
        if (granted[i] === 0x80 || !this.sessions.matches(subs[i].topic, topics[t])) continue;
        c.deliver(copy(this.retained[topics[t]], Math.min(this.retained[topics[t]].qos, subs[i].qos), true), this.script.delay);
        break;
      }
    }
  }

  private retain(packet: PublishPacket): void {
    if (packet.payload.length === 0) delete this.retained[packet.topic];
    else this.retained[packet.topic] = copy(packet, packet.qos, true);
  }

  /**
   * Routes a PUBLISH to every matching plain subscription (one copy per client) and to
   * one member of every matching shared group, storing it first when retained.
   */
  route(message: PublishPacket): void {
    if (message.retain) this.retain(message);
    const live: Array<{ connection: ServerConnection; subscriptions: { [filter: string]: QoS } }> = [];
    this.eachConnection((c) => {
      if (c.session === null) return;
      live.push({ connection: c, subscriptions: c.session.subscriptions });
      const qos = this.sessions.bestQos(c.session, message.topic);
      if (qos < 0) return;
      c.deliver(copy(message, Math.min(qos, message.qos), false), this.script.delay);
    });
    const members = this.shared.pick(message.topic, live);
    for (let i = 0; i < members.length; i++) {
      members[i].connection.deliver(copy(message, Math.min(members[i].qos, message.qos), false), this.script.delay);
    }
  }

  /** Forgets a connection; `abnormal` sends its will [MQTT-3.1.2-8]. */
  dropped(c: ServerConnection, abnormal: boolean): void {
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

/** A message as routed on; its MQTT 5 properties go along (sent to MQTT 5 clients only). */
function copy(message: PublishPacket, qos: number, retain: boolean): PublishPacket {
  const routed: PublishPacket = { type: 'publish', topic: message.topic, payload: message.payload, qos: qos as QoS, retain, dup: false };
  if (message.properties !== undefined) {
    routed.properties = Object.assign({}, message.properties);
    delete routed.properties.topicAlias; // an alias belongs to the publisher's connection [MQTT-3.3.2-7]
  }
  return routed;
}
