import { createServer, Server, Socket } from 'node:net';
import { wallClock } from './clock';
import { FrameScanner } from './frame-scanner';
import { preEncode, PreEncoded } from './pre-encoded';
import { afterTopic, PubackBatch } from './puback-batch';

/** What the peer tells whoever started it, and when. */
export type PeerEvent =
  /** A source stream's first write (after its 1-byte probe). */
  | { event: 'source-start'; tag: string; t: number }
  /** A sink topic received its `count`-th PUBLISH. */
  | { event: 'sink-done'; tag: string; t: number };

/** Topic prefix of a sink: `sink/<count>/<tag>`; the peer reports when `count` PUBLISHes to it arrived. */
export const SINK_PREFIX = 'sink/';
/** Filter prefix of a source: `source/<qos>/<payload bytes>/<count>/<tag>`. */
export const SOURCE_PREFIX = 'source/';
/** The source's QoS 1 window: wide, so the subscriber is what limits. */
export const SOURCE_WINDOW = 1000;
/** Most bytes per write of the source. */
const SOURCE_CHUNK = 65536;
/** Packets in a source's pre-encoded block, which it cycles through (more than the window, so ids in flight differ). */
const SOURCE_BLOCK = 2048;

const CONNACK = Uint8Array.of(0x20, 2, 0, 0);
const PINGRESP = Uint8Array.of(0xd0, 0);

/** The name of a sink topic for `count` messages. */
export function sinkTopic(count: number, tag: string): string {
  return SINK_PREFIX + count + '/' + tag;
}

/** The filter that makes the peer stream `count` messages of `size` bytes at `qos` to the subscriber. */
export function sourceFilter(qos: 0 | 1, size: number, count: number, tag: string): string {
  return SOURCE_PREFIX + qos + '/' + size + '/' + count + '/' + tag;
}

function readString(bytes: Uint8Array, at: number): string {
  const n = (bytes[at] << 8) | bytes[at + 1];
  return Buffer.from(bytes.buffer, bytes.byteOffset + at + 2, n).toString('latin1');
}

/**
 * The bench's client-bound peer: a minimal MQTT server on 127.0.0.1 that costs a
 * client far less than a broker does, so the client is what limits. It frames packets
 * ({@link FrameScanner}), answers CONNECT, SUBSCRIBE, UNSUBSCRIBE and PINGREQ, acknowledges QoS 1
 * PUBLISHes with one write per read, counts PUBLISHes per sink topic, and for a
 * `source/...` filter streams pre-encoded PUBLISH packets (a 1-byte probe first) as fast
 * as the socket takes them, keeping at most {@link SOURCE_WINDOW} QoS 1 ids unacknowledged.
 * It does no routing: a client hears only its own source.
 *
 * @example
 * ```ts
 * const peer = await startBenchPeer((e) => console.log(e)); // { event: 'sink-done', tag, t }
 * // a client publishes 1000 messages to sinkTopic(1000, 'x') on 127.0.0.1:peer.port
 * ```
 */
export function startBenchPeer(notify: (event: PeerEvent) => void): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => servePeer(socket, notify));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : 0, server });
    });
  });
}

function servePeer(socket: Socket, notify: (event: PeerEvent) => void): void {
  socket.setNoDelay(true);
  // this read's PUBACKs, written together after it
  const acks = new PubackBatch();
  // the sink: PUBLISHes counted towards the count in the first one's topic
  let sinkTag: string | null = null;
  let sinkCount = 0;
  let received = 0;
  let source: SourceStream | null = null;
  const scanner = new FrameScanner((first, bytes, body, end) => {
    const type = first >> 4;
    if (type === 3) {
      received++;
      if (received === 1) {
        const topic = readString(bytes, body);
        if (topic.startsWith(SINK_PREFIX)) {
          const rest = topic.slice(SINK_PREFIX.length);
          sinkCount = Number(rest.slice(0, rest.indexOf('/')));
          sinkTag = rest.slice(rest.indexOf('/') + 1);
        }
      }
      if (((first >> 1) & 3) === 1) acks.add(bytes, afterTopic(bytes, body));
      if (received === sinkCount && sinkTag !== null) notify({ event: 'sink-done', tag: sinkTag, t: wallClock() });
    } else if (type === 4) {
      if (source !== null) source.acks++;
    } else if (type === 1) {
      socket.write(CONNACK);
    } else if (type === 8) {
      const packetId = (bytes[body] << 8) | bytes[body + 1];
      const filter = readString(bytes, body + 2);
      const qos = bytes[end - 1] & 3;
      socket.write(Uint8Array.of(0x90, 3, packetId >> 8, packetId & 0xff, qos));
      if (filter.startsWith(SOURCE_PREFIX) && source === null) {
        const parts = filter.slice(SOURCE_PREFIX.length).split('/');
        source = new SourceStream(socket, filter, Number(parts[0]) as 0 | 1, Number(parts[1]), Number(parts[2]), (t) =>
          notify({ event: 'source-start', tag: parts.slice(3).join('/'), t }),
        );
      }
    } else if (type === 10) {
      // a subscriber unsubscribes before it disconnects: without the UNSUBACK it waits out its response timeout
      socket.write(Uint8Array.of(0xb0, 2, bytes[body], bytes[body + 1]));
    } else if (type === 12) {
      socket.write(PINGRESP);
    } else if (type === 14) {
      socket.end();
    }
  });
  socket.on('data', (chunk: Buffer) => {
    scanner.push(chunk);
    const out = acks.take();
    if (out !== null) socket.write(out);
    // the window this read's PUBACKs opened refills in one go
    if (source !== null) source.pump();
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    if (source !== null) source.stop();
  });
}

/** One source stream: `count` PUBLISHes cycled from a pre-encoded block, paced by the socket and (QoS 1) the window. */
class SourceStream {
  private readonly block: PreEncoded;
  private sent = 0;
  /** PUBACKs received (the subscriber's side of the window). */
  acks = 0;
  private stopped = false;
  private waitingDrain = false;

  constructor(
    private readonly socket: Socket,
    topic: string,
    private readonly qos: 0 | 1,
    size: number,
    private readonly count: number,
    started: (t: number) => void,
  ) {
    this.block = preEncode(topic, Buffer.alloc(size, 0x62), qos, Math.min(count, SOURCE_BLOCK));
    socket.on('drain', () => {
      this.waitingDrain = false;
      this.pump();
    });
    // the probe tells the subscriber its subscription is live; the stream follows at once
    socket.write(Buffer.from([0x30, 2 + topic.length + 1, 0, topic.length].concat(Array.from(Buffer.from(topic, 'latin1')), [1])));
    started(wallClock());
    this.pump();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Writes what the socket and the window allow. */
  pump(): void {
    const block = this.block;
    const offsets = block.offsets;
    while (!this.stopped && !this.waitingDrain && this.sent < this.count) {
      const limit = this.qos === 1 ? Math.min(this.count, this.acks + SOURCE_WINDOW) : this.count;
      if (this.sent >= limit) return;
      // a run of packets within the block, up to the window and SOURCE_CHUNK bytes
      const first = this.sent % block.count;
      let last = first + 1;
      const most = Math.min(block.count, first + (limit - this.sent));
      while (last < most && offsets[last + 1] - offsets[first] <= SOURCE_CHUNK) last++;
      this.sent += last - first;
      if (!this.socket.write(block.bytes.subarray(offsets[first], offsets[last]))) this.waitingDrain = true;
    }
  }
}
