import { nodeHmacSha256 } from '../../../adapters/node-hmac-sha256';
import { NodeAuthenticator } from '../../../lib/gateway/node-authenticator';
import { asciiJson, parseFrame, sealFrame, verifyFrame } from '../../../lib/gateway/node-frame';
import { NodeFraming } from '../../../lib/gateway/node-session';

const KEY = Uint8Array.from(Buffer.from('7e'.repeat(32), 'hex'));
const OTHER = Uint8Array.from(Buffer.from('7f'.repeat(32), 'hex'));

describe('node frames', () => {
  const frame = { kind: 'D' as const, nodeId: 'shed', epoch: 12, counter: 3, body: asciiJson(['nodes/shed/t', 'é 21', false, 5]) };

  it('round-trips a signed frame, ASCII only', () => {
    const text = sealFrame(nodeHmacSha256, KEY, 'n', frame);
    expect(text).toMatch(/^RX1 D shed 12 3 \["nodes\/shed\/t","\\u00e9 21",false,5\] [0-9a-f]{32}$/);
    const parsed = parseFrame(text)!;
    expect(parsed.frame).toEqual(frame);
    expect(verifyFrame(nodeHmacSha256, KEY, 'n', parsed)).toBe(true);
    expect(verifyFrame(nodeHmacSha256, OTHER, 'n', parsed)).toBe(false);
    expect(verifyFrame(nodeHmacSha256, KEY, 'g', parsed)).toBe(false); // the other direction
  });

  it.each(['RX2 D shed 1 1 [] 00000000000000000000000000000000', 'RX1 X shed 1 1 [] 00000000000000000000000000000000',
    'RX1 D a/b 1 1 [] 00000000000000000000000000000000', 'RX1 D shed 01 1 [] 00000000000000000000000000000000',
    'RX1 D shed 1 1 [] 0000', 'RX1 D shed 1 [] 00000000000000000000000000000000'])('refuses the malformed frame %s', (text) => {
    expect(parseFrame(text)).toBeUndefined();
  });
});

describe('hello, sync and counters between a node and the gateway', () => {
  it('syncs a node with no state, then accepts each counter once', () => {
    const gateway = new NodeAuthenticator(nodeHmacSha256, { shed: KEY }, 40);
    let seed = 0;
    const node = new NodeFraming('shed', KEY, nodeHmacSha256, () => (seed = (seed + 0.37) % 1), null);
    const hello = node.hello();
    const answer = gateway.open(hello);
    expect(answer.type).toBe('reply');
    expect(node.open((answer as { reply: string }).reply)).toEqual({ type: 'synced' });
    expect(node.session).toEqual({ epoch: 40, sent: 0, received: 1 });
    const first = node.seal(['nodes/shed/t', '1', false, 0]);
    expect(gateway.open(first)).toEqual({ type: 'data', nodeId: 'shed', body: '["nodes/shed/t","1",false,0]' });
    expect(gateway.open(first)).toEqual({ type: 'refused', code: 'REPLAY', nodeId: 'shed' });
    // A replayed hello earns a sync, which the node (no hello pending) ignores.
    expect(node.open((gateway.open(hello) as { reply: string }).reply)).toEqual({ type: 'ignored' });
    // The node restarts with nothing: the sync tells it to go on after counter 1.
    const reborn = new NodeFraming('shed', KEY, nodeHmacSha256, Math.random, null);
    expect(reborn.open((gateway.open(reborn.hello()) as { reply: string }).reply)).toEqual({ type: 'synced' });
    expect(gateway.open(reborn.seal(['nodes/shed/t', '2', false, 0]))).toMatchObject({ type: 'data' });
    // A message from the gateway is accepted once.
    const down = gateway.seal('shed', 'D', asciiJson(['nodes/shed/cmd', 'go', false]));
    expect(reborn.open(down)).toEqual({ type: 'data', list: ['nodes/shed/cmd', 'go', false] });
    expect(reborn.open(down)).toEqual({ type: 'ignored' });
  });

  it('answers a frame of an earlier epoch with a re-sync the node obeys, once', () => {
    const node = new NodeFraming('shed', KEY, nodeHmacSha256, Math.random, { epoch: 40, sent: 9, received: 3 });
    const restarted = new NodeAuthenticator(nodeHmacSha256, { shed: KEY }, 41);
    const stale = restarted.open(node.seal(['nodes/shed/t', '1', false, 4]));
    expect(stale).toMatchObject({ type: 'reply', stale: true });
    const notice = (stale as { reply: string }).reply;
    expect(node.open(notice)).toEqual({ type: 'resync' });
    expect(node.session).toBeNull();
    const older = new NodeFraming('shed', KEY, nodeHmacSha256, Math.random, { epoch: 41, sent: 1, received: 0 });
    expect(older.open(notice)).toEqual({ type: 'ignored' }); // not newer than its own epoch
  });

  it('refuses unknown nodes and wrong keys', () => {
    const gateway = new NodeAuthenticator(nodeHmacSha256, { shed: KEY }, 1);
    const stranger = sealFrame(nodeHmacSha256, KEY, 'n', { kind: 'D', nodeId: 'barn', epoch: 1, counter: 1, body: '[]' });
    const forged = sealFrame(nodeHmacSha256, OTHER, 'n', { kind: 'D', nodeId: 'shed', epoch: 1, counter: 1, body: '[]' });
    expect(gateway.open(stranger)).toEqual({ type: 'refused', code: 'UNKNOWN_NODE', nodeId: 'barn' });
    expect(gateway.open(forged)).toEqual({ type: 'refused', code: 'BAD_MAC', nodeId: 'shed' });
    expect(gateway.open('["t","m",false,0]')).toEqual({ type: 'refused', code: 'BAD_FRAME' });
  });
});
