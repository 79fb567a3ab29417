import type { MqttClient, MqttMessage } from '../client/types';
import type { NodeAddress } from './node-link';
import { HeldSubscription } from './held-subscription';

interface Route {
  /** Subscribed nodes, keyed by address, in subscription order in `order`. */
  nodes: { [address: string]: true };
  order: NodeAddress[];
  held?: HeldSubscription;
}

/** What {@link TopicRouter.add} did. */
export type RouteResult = 'added' | 'joined' | 'known' | 'limit';

/**
 * Routes broker messages to the nodes that subscribed to a filter. Holds one
 * `client.topic(filter)` subscription per distinct filter ({@link HeldSubscription}),
 * shared by every node subscribed to it (seed 004 §5.6); at most `maxFilters` filters.
 * Every failure goes to `failed`; a refused filter is forgotten (a node's next
 * `subscribe` tries again), one lost with the connection is renewed by {@link revive}.
 *
 * @example
 * ```ts
 * const router = new TopicRouter(client, 100, (nodes, msg) => send(nodes, msg), report);
 * router.add('127.0.0.1:40001', 'foo_topic', 1); // 'added': SUBSCRIBE foo_topic
 * router.add('127.0.0.1:40002', 'foo_topic', 1); // 'joined': no new SUBSCRIBE
 * ```
 */
export class TopicRouter {
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
  add(node: NodeAddress, filter: string, qos: 0 | 1): RouteResult {
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
