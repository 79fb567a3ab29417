import { topicFilterProblem, topicNameProblem } from '../codec/topic';
import { isNodeId, parseNodeKey } from './node-frame';

/** A topic the gateway subscribes to (seed `PubIn`): JSON `["allnodes", 1]` or `{"topic": "allnodes", "qos": 1}`. */
export interface PubIn {
  topic: string;
  qos: 0 | 1;
}

/** A topic the gateway publishes to (seed `PubOut`): JSON `["gw_errors", false, 1]` or `{"topic", "retain", "qos"}`. */
export interface PubOut {
  topic: string;
  retain: boolean;
  qos: 0 | 1;
}

/** One node of {@link GatewayConfig.nodes}: its key and, optionally, its reach. */
export interface NodeEntry {
  /** The pre-shared key: 64 hex digits (32 random bytes, e.g. `openssl rand -hex 32`). */
  key: string;
  /** Topic filters it may publish to (default `nodes/<id>/#`). */
  publish?: string[];
  /** Filters it may subscribe within (default `nodes/<id>/#` and the `pub_all` topic). */
  subscribe?: string[];
}

/**
 * The gateway's configuration, seed 004's `gwcfg` as a JSON file. Keys missing from the
 * file take the defaults in {@link DEFAULT_GATEWAY_CONFIG}; `errors`, `status` and
 * `statreq` may be `null` to turn that topic off.
 */
export interface GatewayConfig {
  /**
   * Print every event (CLI) and publish extra status reports (node seen, subscription).
   * Default false: the seed defaults it on for bench testing, which lets a flood of
   * datagrams flood the log.
   */
  debug: boolean;
  /** The nodes allowed in, by id: their keys and reach. Default none. */
  nodes: { [id: string]: NodeEntry };
  /**
   * Also accept nodes without keys (the seed's plain JSON datagrams, known by address).
   * Default false; the only way to let unauthenticated nodes in.
   */
  open: boolean;
  /** Seconds without a datagram after which a node is forgotten (queue, subscriptions). Default 3600. */
  node_idle_s: number;
  /** Datagrams a second accepted from one node (after a burst of `node_burst`). Default 10. */
  node_rate: number;
  /** Datagrams one node may send at once above `node_rate`. Default 20. */
  node_burst: number;
  /** Datagrams a second accepted from everyone together (after a burst of twice this). Default 2000. */
  global_rate: number;
  /** Reports (errors topic, status topic) and log lines a minute, after a burst of 10. Default 60. */
  report_rate: number;
  /** Messages queued per node; the oldest is dropped on overflow. Default 10. */
  qlen: number;
  /** Low-power mode: queue messages until the node's next publication. Default true. */
  lpmode: boolean;
  /** Messages here go to every node heard from. Default `["allnodes", 1]`. */
  pub_all: PubIn;
  /** Where errors are published. Default `["gw_errors", false, 1]`. */
  errors: PubOut | null;
  /** Where status reports are published. Default `["gw_status", false, 0]`. */
  status: PubOut | null;
  /** Any message here is answered with a status report. Default `["gw_query", 0]`. */
  statreq: PubIn | null;
  /** Largest datagram accepted from or sent to a node, in bytes. Default 1024. */
  max_datagram: number;
  /** Most nodes active at once (idle ones expire); datagrams from further nodes are refused. Default 100. */
  max_nodes: number;
  /** Most distinct filters nodes may subscribe to. Default 100. */
  max_subscriptions: number;
  /** Most node publications in flight to the broker; more are answered OUT. Default 100. */
  max_pending: number;
}

/** The seed's defaults. */
export const DEFAULT_GATEWAY_CONFIG: Readonly<GatewayConfig> = {
  debug: false,
  nodes: {},
  open: false,
  node_idle_s: 3600,
  node_rate: 10,
  node_burst: 20,
  global_rate: 2000,
  report_rate: 60,
  qlen: 10,
  lpmode: true,
  pub_all: { topic: 'allnodes', qos: 1 },
  errors: { topic: 'gw_errors', retain: false, qos: 1 },
  status: { topic: 'gw_status', retain: false, qos: 0 },
  statreq: { topic: 'gw_query', qos: 0 },
  max_datagram: 1024,
  max_nodes: 100,
  max_subscriptions: 100,
  max_pending: 100,
};

const LIMITS: { [key: string]: [number, number] } = {
  qlen: [1, 10000],
  max_datagram: [64, 65507],
  max_nodes: [1, 100000],
  max_subscriptions: [1, 10000],
  max_pending: [1, 10000],
  node_idle_s: [1, 31 * 24 * 3600],
  node_rate: [1, 100000],
  node_burst: [1, 100000],
  global_rate: [1, 1000000],
  report_rate: [1, 100000],
};

/**
 * Validates a parsed JSON configuration and fills in defaults. Throws a `TypeError`
 * (wrong type, unknown key) or a `RangeError` (number out of range) whose message names
 * the key and what was expected.
 *
 * @example
 * ```ts
 * parseGatewayConfig({ qlen: 5, lpmode: false, errors: null }).pub_all; // { topic: 'allnodes', qos: 1 }
 * parseGatewayConfig({ qlen: 0 }); // RangeError: gateway config "qlen": expected an integer from 1 to 10000, got 0
 * ```
 */
export function parseGatewayConfig(input: unknown): GatewayConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeError('gateway config: expected a JSON object, got ' + show(input));
  }
  const source = input as { [key: string]: unknown };
  const config: GatewayConfig = Object.assign({}, DEFAULT_GATEWAY_CONFIG);
  const known = Object.keys(DEFAULT_GATEWAY_CONFIG);
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = source[key];
    if (known.indexOf(key) < 0) {
      throw new TypeError('gateway config: unknown key "' + key + '" (known: ' + known.join(', ') + ')');
    }
    const record = config as unknown as { [key: string]: unknown };
    if (key === 'debug' || key === 'lpmode' || key === 'open') record[key] = bool(key, value);
    else if (key === 'nodes') record[key] = nodes(value);
    else if (key === 'pub_all') record[key] = pubIn(key, value);
    else if (key === 'statreq') record[key] = value === null ? null : pubIn(key, value);
    else if (key === 'errors' || key === 'status') record[key] = value === null ? null : pubOut(key, value);
    else record[key] = integer(key, value, LIMITS[key][0], LIMITS[key][1]);
  }
  return config;
}

function nodes(value: unknown): { [id: string]: NodeEntry } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError('gateway config "nodes": expected {"<id>": {"key": "<64 hex digits>", ...}}, got ' + show(value));
  }
  const result: { [id: string]: NodeEntry } = {};
  const ids = Object.keys(value as object);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const where = 'gateway config "nodes.' + id + '"';
    if (!isNodeId(id)) throw new TypeError(where + ': a node id is 1-32 letters, digits, _ or -');
    const entry = (value as { [id: string]: unknown })[id];
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new TypeError(where + ': expected {"key", "publish", "subscribe"}');
    const fields = entry as { [k: string]: unknown };
    const unknown = Object.keys(fields).filter((k) => k !== 'key' && k !== 'publish' && k !== 'subscribe');
    if (unknown.length > 0) throw new TypeError(where + ': unknown key "' + unknown[0] + '" (known: key, publish, subscribe)');
    if (parseNodeKey(fields.key) === undefined) throw new TypeError(where + ': "key" must be 64 hex digits (32 bytes)');
    const node: NodeEntry = { key: fields.key as string };
    if (fields.publish !== undefined) node.publish = filters('gateway config "nodes.' + id + '.publish"', fields.publish);
    if (fields.subscribe !== undefined) node.subscribe = filters('gateway config "nodes.' + id + '.subscribe"', fields.subscribe);
    result[id] = node;
  }
  return result;
}

function filters(where: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw new TypeError(where + ': expected a list of topic filters, got ' + show(value));
  for (let i = 0; i < value.length; i++) {
    const problem = typeof value[i] === 'string' ? topicFilterProblem(value[i]) : 'is not a string';
    if (problem !== null) throw new TypeError(where + ': filter ' + show(value[i]) + ' ' + problem);
  }
  return value.slice();
}

function pubIn(key: string, value: unknown): PubIn {
  const list = Array.isArray(value) ? value : undefined;
  const object = !list && value !== null && typeof value === 'object' ? (value as { [k: string]: unknown }) : undefined;
  if ((!list || list.length !== 2) && !object) {
    throw new TypeError('gateway config "' + key + '": expected [topic, qos] or {"topic", "qos"}, got ' + show(value));
  }
  const topic = list ? list[0] : object!.topic;
  const qos = list ? list[1] : object!.qos;
  return { topic: topicOf(key, topic, true), qos: qosOf(key, qos) };
}

function pubOut(key: string, value: unknown): PubOut {
  const list = Array.isArray(value) ? value : undefined;
  const object = !list && value !== null && typeof value === 'object' ? (value as { [k: string]: unknown }) : undefined;
  if ((!list || list.length !== 3) && !object) {
    throw new TypeError(
      'gateway config "' + key + '": expected [topic, retain, qos], {"topic", "retain", "qos"} or null, got ' + show(value),
    );
  }
  const topic = list ? list[0] : object!.topic;
  const retain = list ? list[1] : object!.retain === undefined ? false : object!.retain;
  const qos = list ? list[2] : object!.qos === undefined ? 0 : object!.qos;
  return { topic: topicOf(key, topic, false), retain: bool(key + '.retain', retain), qos: qosOf(key, qos) };
}

function topicOf(key: string, value: unknown, isFilter: boolean): string {
  if (typeof value !== 'string') throw new TypeError('gateway config "' + key + '": topic must be a string, got ' + show(value));
  const problem = isFilter ? topicFilterProblem(value) : topicNameProblem(value);
  if (problem !== null) throw new TypeError('gateway config "' + key + '": ' + (isFilter ? 'filter ' : 'topic ') + show(value) + ' ' + problem);
  return value;
}

function qosOf(key: string, value: unknown): 0 | 1 {
  if (value !== 0 && value !== 1) throw new RangeError('gateway config "' + key + '": qos must be 0 or 1, got ' + show(value));
  return value;
}

function bool(key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError('gateway config "' + key + '": expected true or false, got ' + show(value));
  return value;
}

function integer(key: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError('gateway config "' + key + '": expected an integer, got ' + show(value));
  }
  if (value < min || value > max) {
    throw new RangeError('gateway config "' + key + '": expected an integer from ' + min + ' to ' + max + ', got ' + value);
  }
  return value;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? text.slice(0, 60) + '…' : text;
}
