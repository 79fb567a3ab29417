import type { MqttClient, MqttMessage } from '../client/types';
import type { NodeAddress } from './node-link';
import { HeldSubscription } from './held-subscription';

interface Route {
  /** Subscribed nodes, keyed by address, in subscription order in `order`. */
  nodes: { [address: string]: true };
  order: NodeAddress[];
  held?: HeldSubscription;
}

/** What {@link NodeSubscriptions.add} did. */
export type NodeSubscribeResult = 'added' | 'joined' | 'known' | 'limit';

/**
 * The nodes' subscriptions: which nodes subscribed to which filter, and the broker
 * messages of each filter handed to its nodes. Holds one
 * `client.topic(filter)` subscription per distinct filter ({@link HeldSubscription}),
 * shared by every node subscribed to it (seed 004 §5.6); at most `maxFilters` filters.
 * Every failure goes to `failed`; a refused filter is forgotten (a node's next
 * `subscribe` tries again), one lost with the connection is renewed by {@link revive}.
 *
 * @example
 * ```ts
 * const subscriptions = new NodeSubscriptions(client, 100, (nodes, msg) => send(nodes, msg), report);
 * subscriptions.add('127.0.0.1:40001', 'foo_topic', 1); // 'added': SUBSCRIBE foo_topic
 * subscriptions.add('127.0.0.1:40002', 'foo_topic', 1); // 'joined': no new SUBSCRIBE
 * ```
 */
export class NodeSubscriptions {
  private routes: { [filter: string]: Route } = Object.create(null);
  private filters = 0;

  constructor(
    private readonly client: MqttClient,
    private readonly maxFilters: number,
    private readonly deliver: (nodes: NodeAddress[], message: MqttMessage) => void,
    private readonly failed: (filter: string, error: unknown, final: boolean) => void,
  ) {}

  /** Distinct filters held. */
  get count(): number {
    return this.filters;
  }

  /**
   * Subscribes `node` to `filter`: `'added'` (new filter, broker subscription made),
   * `'joined'` (filter already held), `'known'` (node already subscribed) or `'limit'`
   * (`maxFilters` reached; nothing done).
   */
  add(node: NodeAddress, filter: string, qos: 0 | 1): NodeSubscribeResult {
    const existing = this.routes[filter];
    if (existing !== undefined) {
      if (existing.nodes[node]) return 'known';
      existing.nodes[node] = true;
      existing.order.push(node);
      return 'joined';
    }
    if (this.filters >= this.maxFilters) return 'limit';
    const nodes: { [address: string]: true } = Object.create(null);
    nodes[node] = true;
    const order = [node];
    const route: Route = { nodes, order };
    this.routes[filter] = route;
    this.filters++;
    route.held = new HeldSubscription(
      this.client,
      filter,
      qos,
      (message) => this.deliver(order.slice(), message),
      (error, final) => {
        if (final) this.forget(filter, route);
        this.failed(filter, error, final);
      },
    );
    return 'added';
  }

  /**
   * Removes `node` from every filter (it expired); a filter left with no node is
   * unsubscribed from the broker.
   */
  removeNode(node: NodeAddress): void {
    const filters = Object.keys(this.routes);
    for (let i = 0; i < filters.length; i++) {
      const route = this.routes[filters[i]];
      if (!route.nodes[node]) continue;
      delete route.nodes[node];
      route.order.splice(route.order.indexOf(node), 1);
      if (route.order.length > 0) continue;
      this.forget(filters[i], route);
      if (route.held) route.held.close();
    }
  }

  /** Renews the subscriptions lost with the connection (call when connected again). */
  revive(): void {
    const filters = Object.keys(this.routes);
    for (let i = 0; i < filters.length; i++) {
      const held = this.routes[filters[i]].held;
      if (held) held.revive();
    }
  }

  /** Ends every broker subscription. */
  close(): void {
    const filters = Object.keys(this.routes);
    for (let i = 0; i < filters.length; i++) {
      const route = this.routes[filters[i]];
      this.forget(filters[i], route);
      if (route.held) route.held.close();
    }
  }

  private forget(filter: string, route: Route): void {
    if (this.routes[filter] === route) {
      delete this.routes[filter];
      this.filters--;
    }
  }
}
