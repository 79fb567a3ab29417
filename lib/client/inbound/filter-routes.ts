/**
 * Which observed filters an inbound message reaches: the topic trie, the filters that
 * route alike, and MQTT 5 subscription identifiers.
 */
import { topicMatchesFilter } from '../../codec/topic';
import type { Multicast } from '../shared/multicast';
import type { MqttMessage } from '../types';
import { TopicRouter } from './topic-router';

/** The largest Subscription Identifier (a variable byte integer) [MQTT-3.8.2.1.2]. */
const MAX_SUBSCRIPTION_ID = 268435455;

/** What {@link FilterRoutes} needs of one observed filter. */
export interface RoutedFilter {
  /** What topic names are matched against: the filter without its `$share/{ShareName}/`. */
  route: string;
  /** The next filter with the same {@link route} (`a`, `$share/g/a`, `$share/h/a`): the router holds the first. */
  sameRoute: RoutedFilter | null;
  /** Its observers. */
  subject: Multicast<MqttMessage>;
  /** MQTT 5: the Subscription Identifier its SUBSCRIBE carries, from {@link FilterRoutes.nextId}. */
  id: number;
}

/**
 * The routes of a client's observed filters. Overlapping filters each get their copy of
 * a message; filters that route alike (`a` and `$share/g/a`) are chained behind one
 * entry of the {@link TopicRouter}. On MQTT 5 a message that names Subscription
 * Identifiers goes to the filters they name, when every one is ours and matches.
 *
 * @example
 * ```ts
 * const routes = new FilterRoutes();
 * routes.add({ route: 'a/+', sameRoute: null, subject, id: routes.nextId() });
 * routes.dispatch(message); // true when an observer of a/+ took it
 * ```
 */
export class FilterRoutes {
  private readonly router = new TopicRouter<RoutedFilter>();
  private readonly byId: { [id: number]: RoutedFilter } = {};
  private lastId = 0;
  /** Observed filters the message being dispatched reached. */
  private reached = 0;
  /**
   * Delivers to every filter of a matching route (read ahead: an observer may leave while
   * it is called) and counts the observed ones (one function for every message).
   */
  private readonly deliverCounted = (first: RoutedFilter, message: MqttMessage): void => {
    let filter: RoutedFilter | null = first;
    while (filter !== null) {
      const next: RoutedFilter | null = filter.sameRoute;
      if (filter.subject.observed) this.reached++;
      filter.subject.next(message);
      filter = next;
    }
  };

  /** The next free Subscription Identifier (1 to 268,435,455, then round again). */
  nextId(): number {
    do this.lastId = this.lastId === MAX_SUBSCRIPTION_ID ? 1 : this.lastId + 1;
    while (this.byId[this.lastId] !== undefined);
    return this.lastId;
  }

  /** Routes messages to `filter`, after the filters already there for its route. */
  add(filter: RoutedFilter): void {
    this.byId[filter.id] = filter;
    let last = this.router.get(filter.route);
    if (last === undefined) {
      this.router.add(filter.route, filter);
      return;
    }
    while (last.sameRoute !== null) last = last.sameRoute;
    last.sameRoute = filter;
  }

  /** Stops routing to `filter` (the route stays while other filters have it). */
  remove(filter: RoutedFilter): void {
    delete this.byId[filter.id];
    const first = this.router.get(filter.route);
    if (first === filter) {
      if (filter.sameRoute === null) this.router.remove(filter.route);
      else this.router.add(filter.route, filter.sameRoute);
    } else {
      let previous: RoutedFilter | null = first === undefined ? null : first;
      while (previous !== null && previous.sameRoute !== filter) previous = previous.sameRoute;
      if (previous !== null) previous.sameRoute = filter.sameRoute;
    }
    // an observer called by dispatch() may leave: what it left still leads to the rest of the route
  }

  /**
   * Hands `message` to every filter matching its topic (MQTT 5: to those its Subscription
   * Identifiers name); false when no observer took it.
   */
  dispatch(message: MqttMessage): boolean {
    this.reached = 0;
    const properties = message.properties;
    const ids = properties !== undefined ? properties.subscriptionIdentifier : undefined;
    if (ids === undefined || !this.dispatchById(message, ids)) this.router.match(message.topic, this.deliverCounted, message);
    return this.reached > 0;
  }

  /** MQTT 5: delivers to the filters `ids` name; false (nothing delivered) when one is not ours or does not match. */
  private dispatchById(message: MqttMessage, ids: number | number[]): boolean {
    const list = typeof ids === 'number' ? [ids] : ids;
    const filters: RoutedFilter[] = [];
    for (let i = 0; i < list.length; i++) {
      const filter = this.byId[list[i]];
      if (filter === undefined || !topicMatchesFilter(filter.route, message.topic)) return false;
      filters.push(filter);
    }
    for (let i = 0; i < filters.length; i++) {
      if (filters[i].subject.observed) this.reached++;
      filters[i].subject.next(message);
    }
    return true;
  }
}
