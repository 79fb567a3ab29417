import { Subscription, interval } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { MqttClient, MqttMessage, PublishResult } from '../client/types';
import type { GatewayConfig } from './gateway-config';
import type { GatewayErrorCode, GatewayEvent } from './gateway-event';
import { errorMessageOf } from './error-message-of';
import type { GatewayStatus, StatusEvent } from './gateway-status';
import type { HmacSha256 } from './hmac-sha256';
import { NodeAuthenticator } from './node-authenticator';
import { DatagramGate } from './datagram-gate';
import { asciiBytes, asciiJson, parseNodeKey } from './node-frame';
import type { NodeAddress, NodeDatagram, NodeLink } from './node-link';
import type { DatagramError, NodeRequest } from './node-datagram';
import { encodeNodeMessage } from './node-message';
import { NodeOutbox, OutboxEntry } from './node-outbox';
import { GuardedTopics, NodeReach, publishRefusal, subscribeRefusal } from './node-reach';
import { NodeSubscriptions } from './node-subscriptions';
import { ActiveNode, NodeTable } from './node-table';
import { ReportPublisher } from './report-publisher';
import { HeldSubscription } from './held-subscription';
import { TokenBucket } from './token-bucket';

/** Status and error reports in flight at once; more are dropped and counted. */
const MAX_PENDING_REPORTS = 20;
/** The most a frame adds around its body: magic, kind, id, epoch, counter, MAC and spaces. */
const FRAME_OVERHEAD = 4 + 2 + 33 + 17 + 17 + 33;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** What a run needs besides the client, the link and the config. */
export interface GatewayRunContext {
  scheduler: SchedulerLike;
  hmac: HmacSha256;
  epoch: number;
  /** Addresses whose datagrams are never acted on (the gateway's own, the broker's). */
  blocked: NodeAddress[];
}

/**
 * One run of the gateway, from {@link createGateway}'s `events$` subscription to its
 * end: the nodes, their queues, the broker subscriptions and the counters. Every datagram
 * passes the {@link DatagramGate} (rate limits, loop guard, authentication), then the
 * node's reach. Internal; use {@link createGateway}.
 */
export class GatewayRun {
  private readonly subscriptions = new Subscription();
  private readonly nodes: NodeTable;
  private readonly reports: ReportPublisher;
  private readonly router: NodeSubscriptions;
  private readonly auth: NodeAuthenticator | null;
  private readonly guarded: GuardedTopics;
  private readonly gate: DatagramGate;
  /** The pub_all and statreq subscriptions. */
  private readonly held: HeldSubscription[] = [];
  private readonly now: () => number;
  private connected = false;
  private pending = 0;
  private counts = { forwarded: 0, outs: 0, outages: 0, malformed: 0, errors: 0, expired: 0, queueDrops: 0 };
  private refused: { [code: string]: number } = {};

  constructor(
    private readonly client: MqttClient,
    private readonly link: NodeLink,
    private readonly config: GatewayConfig,
    private readonly context: GatewayRunContext,
    private readonly emitEvent: (event: GatewayEvent) => void,
  ) {
    const now = (this.now = () => context.scheduler.now());
    this.reports = new ReportPublisher(client, MAX_PENDING_REPORTS, now, new TokenBucket(config.report_rate / 60, 10, now));
    this.router = new NodeSubscriptions(client, config.max_subscriptions, (nodes, m) => this.route(nodes, m), (t, e, f) => this.failedSubscription(t, e, f));
    this.nodes = new NodeTable(config.max_nodes, config.node_idle_s * 1000, now);
    const ids = Object.keys(config.nodes);
    const keys: { [id: string]: Uint8Array } = {};
    for (let i = 0; i < ids.length; i++) keys[ids[i]] = parseNodeKey(config.nodes[ids[i]].key) as Uint8Array;
    this.auth = ids.length > 0 ? new NodeAuthenticator(context.hmac, keys, context.epoch) : null;
    const reports: string[] = [];
    if (config.errors) reports.push(config.errors.topic);
    if (config.status) reports.push(config.status.topic);
    this.guarded = { reports, inputs: config.statreq ? [config.statreq.topic] : [] };
    this.gate = new DatagramGate(config, this.auth, context.blocked, now, {
      refuse: (code, address, reason, message) => this.refuse(code, address, reason, message),
      malformed: (address, error) => this.malformed(address, error),
      activate: (name, keyed, address) => this.activate(name, keyed, address),
      send: (to, data, name) => this.sendRaw(to, data, name),
    });
  }

  /** Watches the connection, subscribes `pub_all` and `statreq`, listens to the link, expires idle nodes. */
  start(): void {
    const config = this.config;
    this.subscriptions.add(this.client.state$.subscribe((state) => this.onState(state.status === 'connected')));
    const failed = (topic: string) => (error: unknown, final: boolean) => this.failedSubscription(topic, error, final);
    this.held.push(
      new HeldSubscription(this.client, config.pub_all.topic, config.pub_all.qos, (m) => this.route(this.names(), m), failed(config.pub_all.topic)),
    );
    const statreq = config.statreq;
    if (statreq !== null) {
      this.held.push(new HeldSubscription(this.client, statreq.topic, statreq.qos, (m) => this.onStatusRequest(m), failed(statreq.topic)));
    }
    this.subscriptions.add(this.link.datagrams$.subscribe((datagram) => this.onDatagram(datagram)));
    const sweep = Math.min(60000, Math.max(1000, (config.node_idle_s * 1000) / 4));
    this.subscriptions.add(interval(sweep, this.context.scheduler).subscribe(() => this.expire()));
  }

  /** Ends every subscription (the client unsubscribes from the broker) and stops sending to nodes. */
  stop(): void {
    this.subscriptions.unsubscribe();
    for (let i = 0; i < this.held.length; i++) this.held[i].close();
    this.router.close();
    const nodes = this.nodes.list();
    for (let i = 0; i < nodes.length; i++) nodes[i].outbox.close();
  }

  /** The counters now. */
  status(): GatewayStatus {
    let queued = 0;
    let queueDrops = this.counts.queueDrops;
    const nodes = this.nodes.list();
    for (let i = 0; i < nodes.length; i++) {
      queued += nodes[i].outbox.length;
      queueDrops += nodes[i].outbox.drops;
    }
    const c = this.counts;
    return {
      connected: this.connected,
      nodes: nodes.length,
      subscriptions: this.router.count,
      forwarded: c.forwarded,
      outs: c.outs,
      outages: c.outages,
      queued,
      queueDrops,
      malformed: c.malformed,
      errors: c.errors,
      refused: Object.assign({}, this.refused),
      expired: c.expired,
      reportsDropped: this.reports.dropped,
      reportsSuppressed: this.reports.suppressed,
      epoch: this.context.epoch,
    };
  }

  /** Forgets nodes idle for longer than `node_idle_s`: their queues and subscriptions go. */
  expire(): void {
    const gone = this.nodes.expire();
    for (let i = 0; i < gone.length; i++) {
      const node = gone[i];
      node.outbox.close();
      this.counts.expired++;
      this.counts.queueDrops += node.outbox.drops;
      this.router.removeNode(node.name);
      this.emit({ type: 'expired', address: node.name, queued: node.outbox.length });
    }
  }

  private onState(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    if (!connected) this.counts.outages++;
    this.emit({ type: connected ? 'connected' : 'disconnected' });
    if (!connected) return;
    // Subscriptions lost with an earlier connection are renewed (live ones, kept by the client's reconnect, are left alone).
    for (let i = 0; i < this.held.length; i++) this.held[i].revive();
    this.router.revive();
    this.publishStatus('connected');
  }

  private onStatusRequest(message: MqttMessage): void {
    const own = this.config;
    // A statreq filter that matches the gateway's own report topics must not loop.
    if ((own.status && message.topic === own.status.topic) || (own.errors && message.topic === own.errors.topic)) return;
    this.publishStatus('query');
  }

  private onDatagram(datagram: NodeDatagram): void {
    const admitted = this.gate.admit(datagram);
    if (admitted !== undefined) this.handle(admitted.node, admitted.request);
  }

  /** The active node `name`, made on first contact; `undefined` (and reported) past `max_nodes`. */
  private activate(name: string, keyed: boolean, address: NodeAddress): ActiveNode | undefined {
    const known = this.nodes.get(name);
    if (known !== undefined) return known;
    const config = this.config;
    const entry = keyed ? config.nodes[name] : undefined;
    const reach: NodeReach = entry
      ? { publish: entry.publish || ['nodes/' + name + '/#'], subscribe: entry.subscribe || ['nodes/' + name + '/#', config.pub_all.topic] }
      : { publish: ['#'], subscribe: ['#'] };
    const node: ActiveNode = {
      name,
      keyed,
      address,
      reach,
      bucket: new TokenBucket(config.node_rate, config.node_burst, this.now),
      lastSeen: this.now(),
      outbox: undefined as unknown as NodeOutbox,
    };
    (node as { outbox: NodeOutbox }).outbox = new NodeOutbox(name, this.link, config.qlen, (e) => this.emit(e), {
      address: () => node.address,
      datagram: (e: OutboxEntry) => this.datagramFor(node, [e.topic, e.message, e.retained]),
    });
    if (!this.nodes.add(node)) {
      this.refuse('NODE_LIMIT', name, 'max_nodes', 'datagram from ' + name + ' ignored: ' + config.max_nodes + ' nodes active');
      return undefined;
    }
    this.emit({ type: 'node', address: name });
    if (config.debug) this.publishStatus('node');
    return node;
  }

  private handle(node: ActiveNode, request: NodeRequest): void {
    if (request.type === 'subscribe') {
      if (request.topic === this.config.pub_all.topic) return; // every node gets pub_all already
      const why = subscribeRefusal(request.topic, node.reach, this.guarded);
      if (why !== null) return this.refuse('NOT_ALLOWED', node.name, 'subscribe', 'subscription of ' + node.name + ' to "' + request.topic + '" refused: ' + why);
      const result = this.router.add(node.name, request.topic, request.qos);
      if (result === 'limit') {
        this.emit({
          type: 'error',
          code: 'SUBSCRIPTION_LIMIT',
          address: node.name,
          message: 'subscription to "' + request.topic + '" ignored: ' + this.config.max_subscriptions + ' filters held',
        });
      } else if (result !== 'known') {
        this.emit({ type: 'subscribed', from: node.name, topic: request.topic, qos: request.qos });
        if (this.config.debug) this.publishStatus('subscribe');
      }
      return;
    }
    const why = publishRefusal(request.topic, node.reach, this.guarded);
    if (why !== null) {
      this.refuse('NOT_ALLOWED', node.name, 'publish', 'publication of ' + node.name + ' to "' + request.topic + '" refused: ' + why);
      this.reply(node, ['NO', 'NO']);
    } else {
      this.forward(node, request.topic, request.message, request.retain, request.qos, request.ack);
    }
    node.outbox.flush(); // micropower nodes listen only right after they publish
  }

  private forward(node: ActiveNode, topic: string, message: string, retain: boolean, qos: 0 | 1, ack: boolean): void {
    if (!this.connected || this.pending >= this.config.max_pending) {
      if (this.connected) {
        this.emit({ type: 'error', code: 'PENDING_LIMIT', address: node.name, message: 'publication to "' + topic + '" refused: ' + this.pending + ' in flight' });
      }
      this.out(node, topic);
      return;
    }
    this.pending++;
    let result: PublishResult | undefined;
    let done = false;
    const finish = (error: unknown): void => {
      if (done) return;
      done = true;
      this.pending--;
      if (error === undefined) {
        this.counts.forwarded++;
        this.emit({ type: 'forwarded', from: node.name, topic, qos });
        if (ack) this.reply(node, ['ACK', 'ACK']);
        return;
      }
      this.emit({ type: 'error', code: 'PUBLISH_FAILED', address: node.name, message: 'publication to "' + topic + '" failed: ' + errorMessageOf(error) });
      this.out(node, topic);
    };
    try {
      this.client.publish(topic, message, { qos, retain }).subscribe({
        next: (r) => (result = r),
        error: (error: unknown) => finish(error === undefined ? 'error' : error),
        complete: () => finish(result && !result.ok ? result.error || 'not delivered' : undefined),
      });
    } catch (error) {
      finish(error); // an argument the client refused: reported, never a crash
    }
  }

  private out(node: ActiveNode, topic: string): void {
    this.counts.outs++;
    this.emit({ type: 'out', to: node.name, topic });
    this.reply(node, ['OUT', 'OUT']);
  }

  private reply(node: ActiveNode, list: unknown[]): void {
    this.sendRaw(node.address, this.datagramFor(node, list), node.name);
  }

  /** The datagram carrying `list` to `node`: signed for a keyed node, the seed's plain JSON otherwise. */
  private datagramFor(node: ActiveNode, list: unknown[]): Uint8Array {
    if (!node.keyed || this.auth === null) return list.length === 3 ? encodeNodeMessage(list[0] as string, list[1] as string, list[2] as boolean) : asciiBytes(JSON.stringify(list));
    return asciiBytes(this.auth.seal(node.name, 'D', asciiJson(list)));
  }

  private sendRaw(to: NodeAddress, data: Uint8Array, name: string): void {
    this.link.send(to, data).subscribe({
      error: (error: unknown) => this.emit({ type: 'error', code: 'SEND_FAILED', address: name, message: 'reply to ' + name + ' failed: ' + errorMessageOf(error) }),
    });
  }

  /** Hands a broker message to each named node's outbox (never a `$`-topic or the gateway's own). */
  private route(names: string[], message: MqttMessage): void {
    if (names.length === 0) return;
    if (message.topic.charAt(0) === '$' || this.guarded.reports.indexOf(message.topic) >= 0) return;
    let text: string;
    try {
      text = strictUtf8.decode(message.payload);
    } catch (e) {
      this.emit({ type: 'error', code: 'UNDELIVERABLE', message: 'message on "' + message.topic + '" is not UTF-8 text' });
      return;
    }
    const size = asciiJson([message.topic, text, message.retain]).length + (this.auth === null ? 0 : FRAME_OVERHEAD);
    if (size > this.config.max_datagram) {
      this.emit({
        type: 'error',
        code: 'UNDELIVERABLE',
        message: 'message on "' + message.topic + '" needs ' + size + ' bytes, over the datagram limit of ' + this.config.max_datagram,
      });
      return;
    }
    const entry: OutboxEntry = { topic: message.topic, message: text, retained: message.retain };
    for (let i = 0; i < names.length; i++) {
      const node = this.nodes.get(names[i]);
      if (node !== undefined) node.outbox.deliver(entry, this.config.lpmode);
    }
  }

  private failedSubscription(topic: string, error: unknown, final: boolean): void {
    const message = 'subscription to "' + topic + '" failed: ' + errorMessageOf(error) + (final ? '' : ' (renewed on reconnection)');
    this.emit({ type: 'error', code: 'SUBSCRIBE_FAILED', message });
  }

  private names(): string[] {
    return this.nodes.list().map((node) => node.name);
  }

  private malformed(from: NodeAddress, request: DatagramError): void {
    this.counts.malformed++;
    this.emit({ type: 'error', code: 'MALFORMED_DATAGRAM', reason: request.code, address: from, message: request.message });
  }

  /** Counts a refused datagram and reports it (reports are rate-limited). */
  private refuse(code: GatewayErrorCode, address: NodeAddress, reason: string, message: string): void {
    this.refused[code] = (this.refused[code] || 0) + 1;
    this.emit({ type: 'error', code, reason, address, message });
  }

  private publishStatus(event: StatusEvent): void {
    this.reports.publish(this.config.status, Object.assign({ event }, this.status()));
  }

  /** Every event goes to observers; errors are also counted and published (rate-limited) to the errors topic. */
  private emit(event: GatewayEvent): void {
    if (event.type === 'error') {
      this.counts.errors++;
      this.reports.publish(this.config.errors, event.reason === undefined
        ? { code: event.code, address: event.address, message: event.message }
        : { code: event.code, reason: event.reason, address: event.address, message: event.message });
    }
    this.emitEvent(event);
  }
}
