import { Subscription, VirtualTimeScheduler } from 'rxjs';
import { nodeHmacSha256 } from '../../../adapters/node-hmac-sha256';
import { createGateway, Gateway } from '../../../lib/gateway/create-gateway';
import type { GatewayConfig } from '../../../lib/gateway/gateway-config';
import type { GatewayEvent } from '../../../lib/gateway/gateway-event';
import { asciiJson, parseFrame, sealFrame, verifyFrame } from '../../../lib/gateway/node-frame';
import { FakeClient } from './support/fake-client';
import { FakeLink } from './support/fake-link';

/**
 * The attacks an attacker on the nodes' network tried against the unauthenticated
 * gateway, each replayed against the keyed one and shown refused. Node A and B have keys;
 * the attacker knows neither, sees every datagram and can send from any source address.
 */
const A_KEY = '0a'.repeat(32);
const B_KEY = '0b'.repeat(32);
const A_ADDR = '10.0.0.1:4000';
const EVIL = '10.0.0.66:6666';
const GATEWAY = '10.0.0.2:8266';
const EPOCH = 7;
const key = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('the gateway under attack', () => {
  let client: FakeClient;
  let link: FakeLink;
  let gateway: Gateway;
  let scheduler: VirtualTimeScheduler;
  let events: GatewayEvent[];
  let run: Subscription;
  let counter: number;

  function start(config: Partial<GatewayConfig> = {}): void {
    scheduler = new VirtualTimeScheduler(undefined, Infinity);
    const nodes = { A: { key: A_KEY }, B: { key: B_KEY, publish: ['#'], subscribe: ['#'] } };
    gateway = createGateway({ client, link, config: Object.assign({ nodes }, config), scheduler, epoch: EPOCH, blocked: ['10.0.0.3:1883'] });
    run = gateway.events$.subscribe((e) => events.push(e));
  }

  /** A genuine frame of node `id`, as that node would send it. */
  function frame(id: string, hex: string, list: unknown[], epoch = EPOCH, n = ++counter): string {
    return sealFrame(nodeHmacSha256, key(hex), 'n', { kind: 'D', nodeId: id, epoch, counter: n, body: asciiJson(list) });
  }

  /** The seed lists the gateway sent to `to`, each verified as a genuine frame for node `id`. */
  function signedTo(to: string, id: string, hex: string): unknown[] {
    return link.sent
      .filter((s) => s.to === to)
      .map((s) => {
        const parsed = parseFrame(s.text)!;
        expect(verifyFrame(nodeHmacSha256, key(hex), 'g', parsed)).toBe(true);
        return JSON.parse(parsed.frame.body);
      });
  }

  const forwarded = () => client.publications.filter((p) => p.topic.indexOf('gw_') !== 0).map((p) => [p.topic, p.payload, p.retain]);
  const errorCodes = () => events.filter((e): e is Extract<GatewayEvent, { type: 'error' }> => e.type === 'error').map((e) => e.code);

  beforeEach(() => {
    client = new FakeClient();
    link = new FakeLink();
    events = [];
    counter = 0;
  });
  afterEach(() => run && run.unsubscribe());

  it('probe 1a: a spoofed datagram "from node A" cannot publish a retained sensors/A/temp = -40', () => {
    start();
    link.receive(A_ADDR, ['sensors/A/temp', '-40', true, 1]); // the seed's plain list, from A's own address
    link.receive(A_ADDR, frame('A', B_KEY, ['nodes/A/temp', '-40', true, 1])); // signed with the wrong key
    const genuine = frame('A', A_KEY, ['nodes/A/temp', '21', true, 1]);
    link.receive(A_ADDR, genuine.replace('"21"', '"-40"')); // a genuine frame, altered
    expect(forwarded()).toEqual([]);
    expect(gateway.status().refused).toEqual({ UNAUTHENTICATED: 3 });
    expect(events.filter((e) => e.type === 'error').map((e) => (e as { reason?: string }).reason)).toEqual(['unsigned', 'BAD_MAC', 'BAD_MAC']);
    link.receive(A_ADDR, genuine);
    expect(forwarded()).toEqual([['nodes/A/temp', '21', true]]);
  });

  it("probe 1b: replaying A's datagram from another address neither drains A's queued command nor publishes twice", () => {
    start();
    link.receive(A_ADDR, frame('A', A_KEY, ['nodes/A/cmd', 1]));
    client.deliver('nodes/A/cmd', 'open valve'); // queued while A sleeps (lpmode)
    const captured = frame('A', A_KEY, ['nodes/A/temp', '21', false, 0]);
    link.receive(A_ADDR, captured);
    expect(signedTo(A_ADDR, 'A', A_KEY)).toEqual([['nodes/A/cmd', 'open valve', false]]);
    client.deliver('nodes/A/cmd', 'close valve'); // queued again
    link.receive(EVIL, captured); // the replay, spoofed or not
    link.receive(A_ADDR, captured);
    expect(link.sent.filter((s) => s.to === EVIL)).toEqual([]);
    expect(gateway.status()).toMatchObject({ queued: 1, refused: { REPLAY: 2 } });
    link.receive(A_ADDR, frame('A', A_KEY, ['nodes/A/temp', '22', false, 0])); // A wakes
    expect(signedTo(A_ADDR, 'A', A_KEY)).toEqual([['nodes/A/cmd', 'open valve', false], ['nodes/A/cmd', 'close valve', false]]);
    expect(forwarded()).toEqual([['nodes/A/temp', '21', false], ['nodes/A/temp', '22', false]]);
  });

  it("probe 1c: the gateway's own datagrams reflected back at it are refused (the MAC covers the direction)", () => {
    start({ lpmode: false });
    link.receive(A_ADDR, frame('A', A_KEY, ['nodes/A/t', '1', false, 4]));
    const ack = link.sent[link.sent.length - 1].text;
    link.receive(A_ADDR, ack);
    expect(gateway.status().refused).toEqual({ UNAUTHENTICATED: 1 });
  });

  it('probe 1d: frames of an earlier gateway run are stale: answered with a signed re-sync, never acted on', () => {
    start();
    link.receive(A_ADDR, frame('A', A_KEY, ['nodes/A/temp', '-40', true, 1], EPOCH - 1));
    expect(forwarded()).toEqual([]);
    const reply = parseFrame(link.sent[0].text)!;
    expect(reply.frame).toMatchObject({ kind: 'R', nodeId: 'A', epoch: EPOCH });
    expect(verifyFrame(nodeHmacSha256, key(A_KEY), 'g', reply)).toBe(true);
  });

  it('probe 2: no node may publish to $SYS or the gateway topics, nor subscribe to # or $SYS/#, whatever its reach', () => {
    start();
    const wide = (list: unknown[]) => link.receive('10.0.0.5:4000', frame('B', B_KEY, list));
    wide(['$SYS/broker/uptime', 'forged', false, 1]);
    wide(['gw_status', '{"connected":false}', true, 1]);
    wide(['gw_query', 'x', false, 0]);
    wide(['#', 0]);
    wide(['$SYS/#', 0]);
    wide(['+', 0]);
    link.receive(A_ADDR, frame('A', A_KEY, ['nodes/B/cmd', 1])); // A's reach is its own subtree and allnodes
    link.receive(A_ADDR, frame('A', A_KEY, ['sensors/B/temp', '-40', true, 1]));
    expect(forwarded()).toEqual([]);
    expect(client.subscribes.map((s) => s.filter)).toEqual(['allnodes', 'gw_query']);
    expect(gateway.status().refused).toEqual({ NOT_ALLOWED: 8 });
    expect(signedTo('10.0.0.5:4000', 'B', B_KEY)).toEqual([['NO', 'NO'], ['NO', 'NO'], ['NO', 'NO']]);
    wide(['sensors/#', 0]); // within B's reach: fine
    expect(client.subscribes.map((s) => s.filter)).toEqual(['allnodes', 'gw_query', 'sensors/#']);
  });

  it('probe 3: ["#",0] from the gateway\'s own address (lpmode off, open) starts no loop', () => {
    const self = { selfAddresses: [GATEWAY] };
    link = Object.assign(new FakeLink(), self);
    start({ open: true, lpmode: false });
    link.receive(GATEWAY, ['#', 0]);
    link.receive('10.0.0.3:1883', ['#', 0]); // the broker's address
    link.receive(EVIL, ['#', 0]); // anyone else: # matches the gateway's own topics
    link.receive(EVIL, ['gw_errors', 0]);
    expect(client.subscribes.map((s) => s.filter)).toEqual(['allnodes', 'gw_query']);
    expect(gateway.status().refused).toEqual({ LOOP: 2, NOT_ALLOWED: 2 });
    const before = client.publications.length;
    for (let i = 0; i < 5; i++) client.deliver('gw_errors', '{"code":"X"}'); // nothing routes reports to nodes
    expect(link.sent).toEqual([]);
    expect(client.publications.length).toBe(before);
  });

  it('probe 4a: unauthenticated senders take no node slot; idle nodes expire so max_nodes bounds concurrent nodes', () => {
    start({ max_nodes: 2, node_idle_s: 60, open: true });
    for (let i = 0; i < 100; i++) link.receive('10.0.1.' + i + ':5000', ['x/' + i, '1', false, 0]);
    expect(gateway.status()).toMatchObject({ nodes: 2, refused: { NODE_LIMIT: 98 } });
    scheduler.maxFrames = 61_000 + 15_000;
    scheduler.flush(); // a minute of silence
    expect(gateway.status()).toMatchObject({ nodes: 0, expired: 2 });
    link.receive(A_ADDR, frame('A', A_KEY, ['nodes/A/t', '1', false, 0]));
    expect(gateway.status().nodes).toBe(1);
    expect(events).toContainEqual({ type: 'expired', address: '10.0.1.0:5000', queued: 0 });
  });

  it('probe 4b: a flood from 1,000 senders is cut by the global limit and its reports are rate-limited', () => {
    start({ global_rate: 100, report_rate: 60 });
    for (let i = 0; i < 10_000; i++) link.receive('10.1.' + (i % 1000 >> 8) + '.' + (i % 256) + ':5000', '["junk"]');
    const status = gateway.status();
    expect(status.refused).toEqual({ UNAUTHENTICATED: 200, RATE_LIMITED: 9800 });
    const reports = client.publications.filter((p) => p.topic.indexOf('gw_') === 0);
    expect(reports.length).toBe(10); // the burst (the first is the connected status); then one a second, and no time passed
    expect(status.reportsSuppressed).toBe(9991);
    scheduler.maxFrames = 60_000; // the next expiry sweep: a minute passes
    scheduler.flush();
    link.receive(EVIL, '["junk"]');
    expect(JSON.parse(client.publications.filter((p) => p.topic === 'gw_errors').pop()!.payload)).toMatchObject({ suppressed: 9991 });
  });

  it('probe 4c: one node over its own rate limit is cut without hurting the others', () => {
    start({ node_rate: 1, node_burst: 3 });
    for (let i = 0; i < 10; i++) link.receive(A_ADDR, frame('A', A_KEY, ['nodes/A/t', String(i), false, 0]));
    link.receive('10.0.0.5:4000', frame('B', B_KEY, ['nodes/B/t', 'b', false, 0]));
    expect(forwarded().map((p) => p[1])).toEqual(['0', '1', '2', 'b']);
    expect(gateway.status().refused).toEqual({ RATE_LIMITED: 7 });
  });
});
