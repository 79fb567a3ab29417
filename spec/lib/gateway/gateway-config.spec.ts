import { DEFAULT_GATEWAY_CONFIG, parseGatewayConfig } from '../../../lib/gateway/gateway-config';
import { thrown } from './support/thrown';

describe('parseGatewayConfig', () => {
  it('gives the seed defaults for an empty object', () => {
    expect(parseGatewayConfig({})).toEqual({
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
    });
  });

  it('takes the seed tuple forms as JSON lists, objects, and null to turn a topic off', () => {
    const config = parseGatewayConfig({
      debug: false,
      qlen: 3,
      lpmode: false,
      pub_all: ['everyone', 0],
      errors: null,
      status: { topic: 'gw/status', retain: true, qos: 1 },
      statreq: { topic: 'gw/+/query', qos: 1 },
      max_datagram: 250,
    });
    expect(config).toEqual(
      Object.assign({}, DEFAULT_GATEWAY_CONFIG, {
        debug: false,
        qlen: 3,
        lpmode: false,
        pub_all: { topic: 'everyone', qos: 0 },
        errors: null,
        status: { topic: 'gw/status', retain: true, qos: 1 },
        statreq: { topic: 'gw/+/query', qos: 1 },
        max_datagram: 250,
      }),
    );
  });

  it('defaults retain and qos of a PubOut object', () => {
    expect(parseGatewayConfig({ errors: { topic: 'e' } }).errors).toEqual({ topic: 'e', retain: false, qos: 0 });
  });

  const bad: Array<[string, unknown, typeof TypeError | typeof RangeError, string]> = [
    ['a list', [1], TypeError, 'gateway config: expected a JSON object, got [1]'],
    ['null', null, TypeError, 'gateway config: expected a JSON object, got null'],
    [
      'an unknown key',
      { qlne: 5 },
      TypeError,
      'gateway config: unknown key "qlne" (known: debug, nodes, open, node_idle_s, node_rate, node_burst, global_rate, report_rate, qlen, lpmode, pub_all, errors, status, statreq, max_datagram, max_nodes, max_subscriptions, max_pending)',
    ],
    ['qlen as text', { qlen: '10' }, TypeError, 'gateway config "qlen": expected an integer, got "10"'],
    ['qlen 0', { qlen: 0 }, RangeError, 'gateway config "qlen": expected an integer from 1 to 10000, got 0'],
    ['qlen 2.5', { qlen: 2.5 }, TypeError, 'gateway config "qlen": expected an integer, got 2.5'],
    ['max_datagram too big for UDP', { max_datagram: 70000 }, RangeError, 'gateway config "max_datagram": expected an integer from 64 to 65507, got 70000'],
    ['lpmode as 1', { lpmode: 1 }, TypeError, 'gateway config "lpmode": expected true or false, got 1'],
    ['debug as "yes"', { debug: 'yes' }, TypeError, 'gateway config "debug": expected true or false, got "yes"'],
    ['pub_all null', { pub_all: null }, TypeError, 'gateway config "pub_all": expected [topic, qos] or {"topic", "qos"}, got null'],
    ['pub_all as a 3-list', { pub_all: ['a', 1, 2] }, TypeError, 'gateway config "pub_all": expected [topic, qos] or {"topic", "qos"}, got ["a",1,2]'],
    ['pub_all qos 2', { pub_all: ['allnodes', 2] }, RangeError, 'gateway config "pub_all": qos must be 0 or 1, got 2'],
    ['statreq with an empty topic', { statreq: ['', 0] }, TypeError, 'gateway config "statreq": filter "" is empty [MQTT-4.7.3-1]'],
    ['statreq with a bad filter', { statreq: ['a/#/b', 0] }, TypeError, 'gateway config "statreq": filter "a/#/b" "#" must be a whole level and the last one [MQTT-4.7.1-2]'],
    ['errors to a wildcard topic', { errors: ['gw/#', false, 1] }, TypeError, 'gateway config "errors": topic "gw/#" contains the wildcard "#" [MQTT-3.3.2-2]'],
    ['errors with a numeric topic', { errors: [7, false, 1] }, TypeError, 'gateway config "errors": topic must be a string, got 7'],
    ['status retain as 0', { status: ['s', 0, 0] }, TypeError, 'gateway config "status.retain": expected true or false, got 0'],
    ['status as a string', { status: 'gw_status' }, TypeError, 'gateway config "status": expected [topic, retain, qos], {"topic", "retain", "qos"} or null, got "gw_status"'],
  ];

  it.each(bad)('refuses %s', (_name, input, type, message) => {
    const error = thrown(() => parseGatewayConfig(input));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(message);
  });
});

describe('parseGatewayConfig nodes', () => {
  const key = 'ab'.repeat(32);

  it('takes node ids with their keys and reach', () => {
    const config = parseGatewayConfig({ nodes: { shed: { key, publish: ['sensors/shed/#'] }, 'n-2': { key } }, open: false });
    expect(config.nodes).toEqual({ shed: { key, publish: ['sensors/shed/#'] }, 'n-2': { key } });
  });

  it.each([
    [{ nodes: { shed: { key: 'abc' } } }, 'gateway config "nodes.shed": "key" must be 64 hex digits (32 bytes)'],
    [{ nodes: { 'a/b': { key } } }, 'gateway config "nodes.a/b": a node id is 1-32 letters, digits, _ or -'],
    [{ nodes: { shed: { key, publish: ['a/#/b'] } } }, 'gateway config "nodes.shed.publish": filter "a/#/b" "#" must be a whole level and the last one [MQTT-4.7.1-2]'],
    [{ nodes: { shed: { key, secret: 1 } } }, 'gateway config "nodes.shed": unknown key "secret" (known: key, publish, subscribe)'],
    [{ nodes: [] }, 'gateway config "nodes": expected {"<id>": {"key": "<64 hex digits>", ...}}, got []'],
    [{ open: 'yes' }, 'gateway config "open": expected true or false, got "yes"'],
  ])('refuses %j', (input, message) => {
    const error = thrown(() => parseGatewayConfig(input));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(message);
  });
});
