import { Subscription } from 'rxjs';
import type { MqttClient, MqttMessage, PublishResult } from '../client/types';
import type { GatewayConfig } from './gateway-config';
import type { GatewayEvent } from './gateway-event';
import { describeError } from './describe-error';
import type { GatewayStatus, StatusEvent } from './gateway-status';
import type { NodeAddress, NodeDatagram, NodeLink } from './node-link';
import { parseNodeDatagram, NodePublish } from './node-datagram';
import { ACK_DATAGRAM, OUT_DATAGRAM, encodeNodeMessage } from './node-message';
import { NodeOutbox, OutboxEntry } from './node-outbox';
import { ReportPublisher } from './report-publisher';
import { TopicRouter } from './topic-router';
import { HeldSubscription } from './held-subscription';

/** Status and error reports in flight at once; more are dropped and counted. */
const MAX_PENDING_REPORTS = 20;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One run of the gateway, from {@link createGateway}'s `events$` subscription to its
 * end: the nodes, their queues, the broker subscriptions and the counters. Internal;
 * use {@link createGateway}.
 */
export class GatewayRun {
  private readonly subscriptions = new Subscription();
  private readonly outboxes: { [address: string]: NodeOutbox } = Object.create(null);
  private readonly order: NodeOutbox[] = [];
  private readonly reports: ReportPublisher;
  private readonly router: TopicRouter;
  /** The pub_all and statreq subscriptions. */
  private readonly held: HeldSubscription[] = [];
  private connected = false;
  private pending = 0;
  private counts = { forwarded: 0, outs: 0, outages: 0, malformed: 0, errors: 0 };

  constructor(
    private readonly client: MqttClient,
    private readonly link: NodeLink,
    private readonly config: GatewayConfig,
    now: () => number,
    private readonly emitEvent: (event: GatewayEvent) => void,
  ) {
    this.reports = new ReportPublisher(client, MAX_PENDING_REPORTS, now);
    this.router = new TopicRouter(client, config.max_subscriptions, (nodes, m) => this.route(nodes, m), (t, e, f) => this.failedSubscription(t, e, f));
  }

  /** Watches the connection, subscribes `pub_all` and `statreq`, listens to the link. */
  start(): void {
    const config = this.config;
    this.subscriptions.add(this.client.state$.subscribe((state) => this.onState(state.status === 'connected')));
    const failed = (topic: string) => (error: unknown, final: boolean) => this.failedSubscription(topic, error, final);
    this.held.push(
      new HeldSubscription(this.client, config.pub_all.topic, config.pub_all.qos, (m) => this.route(this.addresses(), m), failed(config.pub_all.topic)),
    );
    const statreq = config.statreq;
    if (statreq !== null) {
      this.held.push(new HeldSubscription(this.client, statreq.topic, statreq.qos, (m) => this.onStatusRequest(m), failed(statreq.topic)));
    }
    this.subscriptions.add(this.link.datagrams$.subscribe((datagram) => this.onDatagram(datagram)));
  }

  /** Ends every subscription (the client unsubscribes from the broker) and stops sending to nodes. */
  stop(): void {
    this.subscriptions.unsubscribe();
    for (let i = 0; i < this.held.length; i++) this.held[i].close();
    this.router.close();
    for (let i = 0; i < this.order.length; i++) this.order[i].close();
  }

  /** The counters now. */
  status(): GatewayStatus {
    let queued = 0;
    let queueDrops = 0;
    for (let i = 0; i < this.order.length; i++) {
      queued += this.order[i].length;
      queueDrops += this.order[i].drops;
    }
    const c = this.counts;
    return {
      connected: this.connected,
      nodes: this.order.length,
      subscriptions: this.router.count,
      forwarded: c.forwarded,
      outs: c.outs,
      outages: c.outages,
      queued,
      queueDrops,
      malformed: c.malformed,
      errors: c.errors,
      reportsDropped: this.reports.dropped,
    };
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
    const request = parseNodeDatagram(datagram.data, this.config.max_datagram);
    if (request.type === 'malformed') {
      this.counts.malformed++;
      this.emit({ type: 'error', code: 'MALFORMED_DATAGRAM', reason: request.code, address: datagram.from, message: request.message });
      return;
    }
    const outbox = this.outbox(datagram.from);
    if (outbox === undefined) return;
    if (request.type === 'subscribe') {
      if (request.topic === this.config.pub_all.topic) return; // every node gets pub_all already
      const result = this.router.add(datagram.from, request.topic, request.qos);
      if (result === 'limit') {
        this.emit({
          type: 'error',
          code: 'SUBSCRIPTION_LIMIT',
          address: datagram.from,
          message: 'subscription to "' + request.topic + '" ignored: ' + this.config.max_subscriptions + ' filters held',
        });
      } else if (result !== 'known') {
        this.emit({ type: 'subscribed', from: datagram.from, topic: request.topic, qos: request.qos });
        if (this.config.debug) this.publishStatus('subscribe');
      }
      return;
    }
    this.forward(outbox.address, request);
    outbox.flush(); // micropower nodes listen only right after they publish
  }

  /** The node's outbox, made on first contact; `undefined` (and reported) past `max_nodes`. */
  private outbox(address: NodeAddress): NodeOutbox | undefined {
    const known = this.outboxes[address];
    if (known !== undefined) return known;
    if (this.order.length >= this.config.max_nodes) {
      this.emit({ type: 'error', code: 'NODE_LIMIT', address, message: 'datagram from ' + address + ' ignored: ' + this.config.max_nodes + ' nodes known' });
      return undefined;
    }
    const outbox = new NodeOutbox(address, this.link, this.config.qlen, (e) => this.emit(e));
    this.outboxes[address] = outbox;
    this.order.push(outbox);
    this.emit({ type: 'node', address });
    if (this.config.debug) this.publishStatus('node');
    return outbox;
  }

  private forward(from: NodeAddress, request: NodePublish): void {
    if (!this.connected || this.pending >= this.config.max_pending) {
      if (this.connected) {
        this.emit({ type: 'error', code: 'PENDING_LIMIT', address: from, message: 'publication to "' + request.topic + '" refused: ' + this.pending + ' in flight' });
      }
      this.out(from, request.topic);
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
        this.emit({ type: 'forwarded', from, topic: request.topic, qos: request.qos });
        if (request.ack) this.reply(from, ACK_DATAGRAM);
        return;
      }
      this.emit({ type: 'error', code: 'PUBLISH_FAILED', address: from, message: 'publication to "' + request.topic + '" failed: ' + describeError(error) });
      this.out(from, request.topic);
    };
    try {
      this.client.publish(request.topic, request.message, { qos: request.qos, retain: request.retain }).subscribe({
        next: (r) => (result = r),
        error: (error: unknown) => finish(error === undefined ? 'error' : error),
        complete: () => finish(result && !result.ok ? result.error || 'not delivered' : undefined),
      });
    } catch (error) {
      finish(error); // an argument the client refused: reported, never a crash
    }
  }

  private out(to: NodeAddress, topic: string): void {
    this.counts.outs++;
    this.emit({ type: 'out', to, topic });
    this.reply(to, OUT_DATAGRAM);
  }

  private reply(to: NodeAddress, data: Uint8Array): void {
    this.link.send(to, data).subscribe({
      error: (error: unknown) => this.emit({ type: 'error', code: 'SEND_FAILED', address: to, message: 'reply to ' + to + ' failed: ' + describeError(error) }),
    });
  }

  /** Encodes a broker message once and hands it to each node's outbox. */
  private route(nodes: NodeAddress[], message: MqttMessage): void {
    if (nodes.length === 0) return;
    let text: string;
    try {
      text = strictUtf8.decode(message.payload);
    } catch (e) {
      this.emit({ type: 'error', code: 'UNDELIVERABLE', message: 'message on "' + message.topic + '" is not UTF-8 text' });
      return;
    }
    const data = encodeNodeMessage(message.topic, text, message.retain);
    if (data.length > this.config.max_datagram) {
      this.emit({
        type: 'error',
        code: 'UNDELIVERABLE',
        message: 'message on "' + message.topic + '" needs ' + data.length + ' bytes, over the datagram limit of ' + this.config.max_datagram,
      });
      return;
    }
    const entry: OutboxEntry = { topic: message.topic, data };
    for (let i = 0; i < nodes.length; i++) {
      const outbox = this.outboxes[nodes[i]];
      if (outbox !== undefined) outbox.deliver(entry, this.config.lpmode);
    }
  }

  private failedSubscription(topic: string, error: unknown, final: boolean): void {
    const message = 'subscription to "' + topic + '" failed: ' + describeError(error) + (final ? '' : ' (renewed on reconnection)');
    this.emit({ type: 'error', code: 'SUBSCRIBE_FAILED', message });
  }

  private addresses(): NodeAddress[] {
    return this.order.map((outbox) => outbox.address);
  }

  private publishStatus(event: StatusEvent): void {
    this.reports.publish(this.config.status, Object.assign({ event }, this.status()));
  }

  /** Every event goes to observers; errors are also counted and published to the errors topic. */
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
