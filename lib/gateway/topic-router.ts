import type { Subscription } from 'rxjs';
import type { MqttClient, MqttMessage } from '../client/types';
import type { NodeAddress } from './node-link';

interface Route {
  qos: 0 | 1;
  /** Subscribed nodes, keyed by address, in subscription order in `order`. */
  nodes: { [address: string]: true };
  order: NodeAddress[];
  subscription?: Subscription;
}

/** What {@link TopicRouter.add} did. */
export type RouteResult = 'added' | 'joined' | 'known' | 'limit';

/**
 * Routes broker messages to the nodes that subscribed to a filter. Holds one
 * `client.topic(filter)` subscription per distinct filter, shared by every node
 * subscribed to it (seed 004 §5.6); at most `maxFilters` filters. A refused or failed
 * subscription is handed to `failed` and forgotten, so the node's next `subscribe` tries
 * again.
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
    private readonly failed: (filter: string, error: unknown) => void,
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
    const route: Route = { qos, nodes: Object.create(null), order: [node] };
    route.nodes[node] = true;
    this.routes[filter] = route;
    this.filters++;
    const fail = (error: unknown): void => {
      this.forget(filter, route);
      this.failed(filter, error);
    };
    try {
      route.subscription = this.client.topic(filter, { qos }).subscribe({
        next: (message) => this.deliver(route.order.slice(), message),
        error: fail,
      });
    } catch (error) {
      fail(error); // refused at call time
    }
    return 'added';
  }

  /** Ends every broker subscription. */
  close(): void {
    const filters = Object.keys(this.routes);
    for (let i = 0; i < filters.length; i++) {
      const route = this.routes[filters[i]];
      this.forget(filters[i], route);
      if (route.subscription) route.subscription.unsubscribe();
    }
  }

  private forget(filter: string, route: Route): void {
    if (this.routes[filter] === route) {
      delete this.routes[filter];
      this.filters--;
    }
  }
}
