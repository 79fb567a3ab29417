import type { HmacSha256 } from './hmac-sha256';
import { fromHex, sameText, toHex } from './hmac-sha256';

/**
 * The authenticated frame of the gateway protocol, one per datagram, both ways. ASCII
 * text, so Node and Espruino hash the same bytes:
 *
 * ```
 * RX1 <kind> <nodeId> <epoch> <counter> <body> <mac>
 * ```
 * - `kind`: `D` data (the body is seed 004's JSON list), `H` hello (node to gateway; the
 *   body is the node's random nonce), `S` sync (gateway to node; the body is
 *   `<nonce> <next counter>`), `R` re-sync needed (gateway to node; empty body);
 * - `epoch`: the gateway's run number, new at every gateway start;
 * - `counter`: per node and per direction, strictly increasing within an epoch;
 * - `mac`: the first 16 bytes (32 hex digits) of HMAC-SHA256 under the node's key over
 *   the direction letter (`n` node to gateway, `g` gateway to node) followed by every
 *   character before ` <mac>`, so a frame cannot be reflected back as the other direction.
 */

/** What a frame carries (see the module comment). */
export type FrameKind = 'D' | 'H' | 'S' | 'R';

/** Who sent a frame: `n` a node, `g` the gateway. */
export type FrameDirection = 'n' | 'g';

/** One frame, before it is signed or after it was parsed. */
export interface NodeFrame {
  kind: FrameKind;
  nodeId: string;
  epoch: number;
  counter: number;
  body: string;
}

/** A parsed, not yet verified frame: the frame, its MAC and the text the MAC covers. */
export interface ParsedFrame {
  frame: NodeFrame;
  mac: string;
  signed: string;
}

/** The magic that starts every frame. */
export const FRAME_MAGIC = 'RX1 ';

/** Hex digits of the MAC (16 bytes, as RFC 4868 truncates HMAC-SHA256 for IPsec). */
const MAC_HEX = 32;

/**
 * Whether `id` is a node id: 1-32 letters, digits, `_` or `-` (it is a topic level in
 * `nodes/<id>/#`). (Espruino's regular expressions have no `{m,n}`: lengths are checked apart.)
 */
export function isNodeId(id: string): boolean {
  return id.length >= 1 && id.length <= 32 && /^[A-Za-z0-9_-]+$/.test(id);
}

/** A decimal counter or epoch without leading zeros, below 10^16 (exact in a double). */
function isCounter(text: string): boolean {
  return text.length <= 16 && /^(0|[1-9][0-9]*)$/.test(text);
}

/**
 * The 32 bytes of a pre-shared key given as 64 hex digits; `undefined` otherwise.
 *
 * @example
 * ```ts
 * parseNodeKey('00'.repeat(32)); // Uint8Array(32)
 * ```
 */
export function parseNodeKey(hex: unknown): Uint8Array | undefined {
  if (typeof hex !== 'string' || hex.length !== 64) return undefined;
  return fromHex(hex);
}

/**
 * Signs `frame` with `key` as sent by `direction`; returns the frame's text.
 *
 * @example
 * ```ts
 * sealFrame(hmac, key, 'n', { kind: 'D', nodeId: 'A', epoch: 7, counter: 1, body: '["nodes/A/t","1",false,0]' });
 * // 'RX1 D A 7 1 ["nodes/A/t","1",false,0] 3f0c...'
 * ```
 */
export function sealFrame(hmac: HmacSha256, key: Uint8Array, direction: FrameDirection, frame: NodeFrame): string {
  const signed = FRAME_MAGIC + frame.kind + ' ' + frame.nodeId + ' ' + frame.epoch + ' ' + frame.counter + ' ' + frame.body;
  return signed + ' ' + frameMac(hmac, key, direction, signed);
}

/**
 * Splits a frame's text into its fields without checking the MAC; `undefined` when it is
 * not a well-formed frame (wrong magic, kind, id, numbers, or MAC field).
 *
 * @example
 * ```ts
 * const parsed = parseFrame(text);
 * if (parsed && verifyFrame(hmac, key, 'n', parsed)) accept(parsed.frame);
 * ```
 */
export function parseFrame(text: string): ParsedFrame | undefined {
  if (text.slice(0, FRAME_MAGIC.length) !== FRAME_MAGIC) return undefined;
  const last = text.lastIndexOf(' ');
  if (last < 0 || text.length - last - 1 !== MAC_HEX) return undefined;
  const mac = text.slice(last + 1);
  const signed = text.slice(0, last);
  const fields = signed.slice(FRAME_MAGIC.length).split(' ');
  if (fields.length < 4) return undefined;
  const kind = fields[0];
  if (kind !== 'D' && kind !== 'H' && kind !== 'S' && kind !== 'R') return undefined;
  if (!isNodeId(fields[1]) || !isCounter(fields[2]) || !isCounter(fields[3])) return undefined;
  const head = FRAME_MAGIC.length + fields[0].length + fields[1].length + fields[2].length + fields[3].length + 4;
  const body = fields.length > 4 ? signed.slice(head) : '';
  return { frame: { kind, nodeId: fields[1], epoch: Number(fields[2]), counter: Number(fields[3]), body }, mac, signed };
}

/** Whether `parsed`'s MAC is right for `key` and `direction` (compared in constant time). */
export function verifyFrame(hmac: HmacSha256, key: Uint8Array, direction: FrameDirection, parsed: ParsedFrame): boolean {
  return sameText(parsed.mac, frameMac(hmac, key, direction, parsed.signed));
}

function frameMac(hmac: HmacSha256, key: Uint8Array, direction: FrameDirection, signed: string): string {
  return toHex(hmac(key, asciiBytes(direction + signed))).slice(0, MAC_HEX);
}

/**
 * JSON with every character outside printable ASCII escaped as `\uXXXX`: the same text,
 * and so the same bytes, on every platform.
 *
 * @example
 * ```ts
 * asciiJson(['t', 'é']); // '["t","\\u00e9"]'
 * ```
 */
export function asciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  let text = '';
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    text += c >= 0x20 && c < 0x7f ? json.charAt(i) : '\\u' + ('000' + c.toString(16)).slice(-4);
  }
  return text;
}

/** The bytes of an ASCII string (each character's code, low 8 bits). */
export function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** The text of ASCII bytes; `undefined` when a byte is not printable ASCII. */
export function asciiText(bytes: Uint8Array): string | undefined {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x20 || bytes[i] > 0x7e) return undefined;
    text += String.fromCharCode(bytes[i]);
  }
  return text;
}
