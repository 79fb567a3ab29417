import { Observable } from 'rxjs';
import { checkNumber, checkObject, checkQos } from '../arg-checks';
import type { ConnackProperties, ProtocolVersion, QoS } from '../codec/packet';
import { assertSubscriptionFilter } from '../codec/shared-subscription';
import { ClientLifecycle } from './client-lifecycle';
import { checkPublish, notConnected, Publisher } from './outbound/publisher';
import { InboundDispatcher } from './inbound/inbound-dispatcher';
import { InboundQueue } from './inbound/inbound-queue';
import { failOnTimeout, OutboundWindow } from './outbound/outbound-window';
import { presumeLinkDead } from './outbound/presume-link-dead';
import { publishAll } from './outbound/publish-all';
import { RecoveredPublications } from './outbound/recovered-publications';
import { ResolvedOptions, resolveClientOptions } from './options/resolve-options';
import type { BrokerUrl } from './options/parse-broker-url';
import { redactUrl } from './options/redact-url';
import { ServerRotation } from './options/server-rotation';
import type { Link } from './connection/link';
import { TopicRegistry } from './inbound/topic-registry';
import { transportForBrokerUrl } from './options/transport-registry';
import type { Transport } from './transport';
import type {
  AbandonedPublication,
  ClientOptions,
  ClientStats,
  DisconnectOptions,
  MqttClient,
  PublishAllOptions,
  PublishOptions,
  PublishSource,
  ReauthenticateOptions,
  TopicOptions,
} from './types';
import { checkReauthenticate, checkV5Properties, disconnectProperties, subscriptionOptions, topicUserProperties } from './options/options-v5';
import type { AuthResult } from './v5/enhanced-auth';

function checkTopicOptions(options?: TopicOptions): QoS {
  if (options === undefined) return 0;
  checkObject(options, 'topic options');
  return options.qos === undefined ? 0 : checkQos(options.qos, 2, 'qos');
}

/** The publications waiting for their acknowledgement in `window`, oldest first. */
function inFlightPublications(window: OutboundWindow): AbandonedPublication[] {
  const found: AbandonedPublication[] = [];
  window.forEach((entry) => {
    if (entry.packet.type === 'publish') found.push({ topic: entry.packet.topic, qos: entry.packet.qos });
  });
  return found;
}

/**
 * @throws TypeError when `options` is not an object or `force` not a boolean
 * @throws RangeError when `timeout` is not a number of ms >= 0, DISCONNECT properties are
 *   given before MQTT 5 or out of range, or a `sessionExpiryInterval` above 0 follows a
 *   CONNECT without one [MQTT-3.14.2-2]
 */
function checkDisconnectOptions(resolved: ResolvedOptions, options?: DisconnectOptions): DisconnectOptions | undefined {
  if (options === undefined) return undefined;
  checkObject(options, 'disconnect options');
  if (options.force !== undefined && typeof options.force !== 'boolean') throw new TypeError('force must be a boolean, got ' + typeof options.force);
  if (options.timeout !== undefined) {
    checkNumber(options.timeout, 'timeout');
    if (!(options.timeout >= 0)) throw new RangeError('timeout must be >= 0 ms, got ' + options.timeout);
  }
  const properties = disconnectProperties(options);
  checkV5Properties(properties, 'disconnect', 'disconnect options', resolved.protocolVersion);
  const expiry = options.sessionExpiryInterval;
  if (expiry && !(resolved.properties && resolved.properties.sessionExpiryInterval)) {
    throw new RangeError('disconnect options sessionExpiryInterval must be 0 after a CONNECT without one [MQTT-3.14.2-2], got ' + expiry);
  }
  return options;
}

/**
 * The rotation of `servers`, or null for a single server. On MQTT 5 a single `url` gets a
 * rotation of one too, and every rotation can dial the server an MQTT 5 Server Reference
 * names (see `ServerRotation.refer`).
 */
function serverRotation(resolved: ResolvedOptions): ServerRotation | null {
  const given = resolved.given;
  const v5 = resolved.protocolVersion === 5;
  const list = resolved.servers !== null ? resolved.servers : v5 && resolved.url !== null ? [{ url: resolved.url, name: redactUrl(given.url as string) }] : null;
  if (list === null) return null;
  const dial = (url: BrokerUrl) => transportForBrokerUrl(url, given);
  return new ServerRotation(list.map((s) => ({ name: s.name, transport: dial(s.url), url: s.url })), v5 ? dial : undefined);
}

/**
 * Creates a reactive MQTT 3.1.1 client. Nothing happens until `connect()` (or
 * `topic()`, `publish()`, ... once connected) is subscribed. How the client's parts fit
 * is in docs/architecture.md.
 *
 * When a connection starts, in this order on the wire: the SUBSCRIBEs of every observed
 * filter the broker does not hold, the QoS 1 publications still unacknowledged, then
 * the publications queued offline.
 *
 * With `servers` instead of `url`, each connection goes to one server of the list and
 * failures move on to the next (see `ServerRotation`, `ClientLifecycle`).
 *
 * @throws TypeError / RangeError for bad options (see `resolveClientOptions`), a
 *   malformed URL or one whose scheme has no registered transport
 * @example
 * ```ts
 * const client = createClient({ url: 'mqtt://127.0.0.1:1883', keepalive: 30 });
 * client.topic('sensors/+/temp', { qos: 1 }).subscribe((m) => console.log(m.topic));
 * client.connect().pipe(
 *   concatMap(() => client.publish('sensors/1/temp', '21.5', { qos: 1 })),
 * ).subscribe((result) => console.log('delivered', result.ok));
 * ```
 */
export function createClient(options: ClientOptions): MqttClient {
  const resolved = resolveClientOptions(options);
  const url = resolved.url; // without one, resolveClientOptions made sure there is a transport
  const servers = serverRotation(resolved);
  const transport = servers !== null ? servers : url === null ? (options.transport as Transport) : transportForBrokerUrl(url, resolved.given);

  const stats: ClientStats = { resends: 0, discards: 0, offlineDrops: 0, reconnects: 0, unrouted: 0 };
  // the callbacks run only once sessions exist, after `lifecycle` below is initialised
  const currentSession = (): Link | null => lifecycle.link;
  let connackProperties: ConnackProperties = {}; // MQTT 5: those of the latest CONNACK
  const window = new OutboundWindow(
    resolved.scheduler,
    resolved.responseTimeout,
    // while disconnect() waits, its own deadline decides, not a PUBACK timeout
    resolved.reconnect === false ? failOnTimeout : presumeLinkDead(() => (lifecycle.isClosing ? null : lifecycle.link)),
  );
  const store = resolved.store;
  const stored = store === null ? null : store.open(resolved.clientId);
  window.store = store;
  const storedQueue = (stored !== null && stored.queued) || [];
  const recovered = new RecoveredPublications(stored === null ? [] : stored.outgoing, window, storedQueue.length);
  const topics: TopicRegistry = new TopicRegistry(window, currentSession);
  const inbound = new InboundDispatcher(topics, window, store, stored === null ? [] : stored.incoming, () => stats.unrouted++);
  const queue = new InboundQueue(inbound, resolved.inboundQueue.limit, resolved.scheduler, resolved.yieldScheduler, () => stats.discards++);
  const lifecycle: ClientLifecycle = new ClientLifecycle(transport, resolved, queue, {
    linkStarted: (session) => {
      if (lifecycle.connections > 1) stats.reconnects++;
      // MQTT 5: a client id the server assigned is the one to reconnect with
      const assigned = session.v5 !== null ? session.v5.limits.assignedClientIdentifier : undefined;
      if (assigned !== undefined) resolved.clientId = assigned;
      // MQTT 5: the server's Receive Maximum bounds the QoS 1 and 2 publications in flight [MQTT-3.3.4-9]
      window.receiveMaximum = session.v5 !== null ? session.v5.limits.receiveMaximum : Infinity;
      if (session.v5 !== null) connackProperties = session.v5.connackProperties;
      topics.linkStarted(session.sessionPresent);
      inbound.linkStarted(session.sessionPresent);
      publisher.linkStarted(session);
    },
    linkEnded: () => topics.linkEnded(),
    connectFailed: (error) => publisher.failQueued(error),
    closed: (error, closedWith) => {
      queue.flush(); // what was received reaches its observers before they complete
      topics.close(error, closedWith);
      const abandoned = inFlightPublications(window);
      window.failAll(error || closedWith);
      const queued = publisher.failQueued(error || closedWith);
      for (let i = 0; i < queued.length; i++) abandoned.push({ topic: queued[i].topic, qos: queued[i].qos || 0 });
      if (store !== null) {
        try {
          store.close();
        } catch (e) {
          // the client ends anyway; what the store could not write is re-sent from its last durable state
        }
      }
      if (error !== null) inbound.messages.error(error);
      else inbound.messages.complete();
      return abandoned;
    },
    beforeDisconnect: () => queue.flush(),
    settled: () => window.isEmpty,
    whenSettled: (listener) => window.whenEmpty(listener),
  }, servers);
  const queueStore = resolved.storeOfflineQueue ? store : null;
  const publisher = new Publisher(lifecycle, window, resolved.offlineQueue, stats, () => resolved.scheduler.now(), queueStore);
  publisher.restore(storedQueue, (message) => recovered.observer(message));

  const publish = (topic: string, payload: string | Uint8Array, publishOptions?: PublishOptions) => {
    if (publishOptions !== undefined && publishOptions !== null) {
      checkV5Properties(publishOptions.properties, 'publish', 'publish options.properties', resolved.protocolVersion);
    }
    return publisher.publish(checkPublish(topic, payload, publishOptions));
  };

  return {
    connect: () => lifecycle.connect(),
    state$: lifecycle.state.value$,
    messages$: inbound.messages.asObservable(),
    topic(filter: string, topicOptions?: TopicOptions) {
      assertSubscriptionFilter(filter);
      const qos = checkTopicOptions(topicOptions);
      const messages = topics.observe(
        filter,
        qos,
        subscriptionOptions(topicOptions, resolved.protocolVersion),
        topicUserProperties(topicOptions, resolved.protocolVersion),
      );
      return Object.assign(messages, { granted$: topics.grants.of(filter) });
    },
    publish,
    publishAll(messages: PublishSource, allOptions?: PublishAllOptions) {
      return publishAll(messages, allOptions, {
        window,
        link: () => lifecycle.link,
        closed: () => lifecycle.closed,
        state$: lifecycle.state.value$,
        scheduler: resolved.scheduler,
      });
    },
    ping() {
      return new Observable<number>((subscriber) => {
        const current = lifecycle.link;
        if (lifecycle.closed !== null) subscriber.error(lifecycle.closed);
        else if (current === null) subscriber.error(notConnected('ping()'));
        else return current.ping().subscribe(subscriber);
      });
    },
    reauthenticate(reauthOptions?: ReauthenticateOptions) {
      const data = checkReauthenticate(resolved, reauthOptions);
      const userProperties = reauthOptions !== undefined ? reauthOptions.userProperties : undefined;
      return new Observable<AuthResult>((subscriber) => {
        const current = lifecycle.link;
        if (lifecycle.closed !== null) subscriber.error(lifecycle.closed);
        else if (current === null) subscriber.error(notConnected('reauthenticate()'));
        else return current.reauthenticate(data, userProperties).subscribe(subscriber);
      });
    },
    disconnect: (disconnectOptions?: DisconnectOptions) => lifecycle.disconnect(checkDisconnectOptions(resolved, disconnectOptions)),
    recovered$: recovered.results$,
    get connackProperties(): ConnackProperties {
      return connackProperties;
    },
    get stats(): ClientStats {
      return Object.assign({}, stats); // a snapshot: the counters go on
    },
  };
}
