/**
 * Codec benchmark: encode and decode of QoS 1 PUBLISH packets with 12-byte, 64-byte and
 * 64 KB payloads, in packets per second, next to mqtt-packet in the same run.
 *
 * Decoding feeds one packet per chunk to both (as a socket delivering packets one by one
 * would), and also 100 packets per chunk. Run with `npm run bench -- codec`.
 */
import { encodePacket, PacketDecoder } from '../lib/codec/index';
import { encodePublish } from '../lib/codec/encode-publish';
import type { PublishPacket } from '../lib/codec/index';
import { opsPerSecond, printTable, Row } from './support/measure';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const mqttPacket = require('mqtt-packet');

const TOPIC = 'devices/esp32-01/temperature';
let sink = 0; // consumed results, so nothing is optimised away

type Seen = { topic: string; payload: Uint8Array };
/** What a consumer does at least: read the topic (which flattens a concatenated string) and the payload size. */
function seen(p: Seen): number {
  return p.topic.charCodeAt(p.topic.length - 1) + p.payload.length;
}

function publishOf(size: number): PublishPacket {
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = (i * 7) & 0xff;
  return { type: 'publish', topic: TOPIC, payload, qos: 1, retain: false, dup: false, packetId: 42 };
}

function theirsOf(p: PublishPacket): object {
  return { cmd: 'publish', topic: p.topic, payload: Buffer.from(p.payload), qos: p.qos, retain: p.retain, dup: p.dup, messageId: p.packetId };
}

function repeat(bytes: Uint8Array, n: number): Buffer {
  return Buffer.concat(Array.from({ length: n }, () => Buffer.from(bytes)));
}

const rows: Row[] = [];
const sizes: [string, number, number][] = [['12 B', 12, 2000], ['64 B', 64, 2000], ['64 KB', 65536, 20]];

sizes.forEach(([label, size, batch]) => {
  const p = publishOf(size);
  const theirPacket = theirsOf(p);
  const bytes = encodePacket(p);
  const buf = Buffer.from(bytes);

  rows.push({
    name: 'encode ' + label + ' (encodePacket)',
    ours: opsPerSecond((n) => { for (let i = 0; i < n; i++) sink += encodePacket(p).length; }, batch),
    theirs: opsPerSecond((n) => { for (let i = 0; i < n; i++) sink += mqttPacket.generate(theirPacket).length; }, batch),
  });
  rows.push({
    name: 'encode ' + label + ' (encodePublish)',
    ours: opsPerSecond((n) => { for (let i = 0; i < n; i++) sink += encodePublish(TOPIC, p.payload, 1, false, false, 42).length; }, batch),
    theirs: rows[rows.length - 1].theirs,
  });

  const ours = new PacketDecoder();
  const theirs = mqttPacket.parser({ protocolVersion: 4 });
  theirs.on('packet', (pk: Seen) => (sink += seen(pk)));
  rows.push({
    name: 'decode ' + label + ', 1 per chunk',
    ours: opsPerSecond((n) => { for (let i = 0; i < n; i++) sink += seen(ours.push(buf)[0] as Seen); }, batch),
    theirs: opsPerSecond((n) => { for (let i = 0; i < n; i++) theirs.parse(buf); }, batch),
  });

  if (size <= 64) {
    const many = repeat(bytes, 100);
    rows.push({
      name: 'decode ' + label + ', 100 per chunk',
      ours: opsPerSecond((n) => { for (let i = 0; i < n; i += 100) { const ps = ours.push(many); for (let k = 0; k < ps.length; k++) sink += seen(ps[k] as Seen); } }, batch),
      theirs: opsPerSecond((n) => { for (let i = 0; i < n; i += 100) theirs.parse(many); }, batch),
    });
  }
});

// Inbound topics usually repeat, which the decoder's topic cache exploits; 1,000 distinct
// topics in rotation show the cost without it.
{
  const distinct = Array.from({ length: 1000 }, (_, i) => {
    const p = publishOf(12);
    p.topic = 'devices/esp32-' + (1000 + i) + '/temperature';
    return Buffer.from(encodePacket(p));
  });
  const ours = new PacketDecoder();
  const theirs = mqttPacket.parser({ protocolVersion: 4 });
  theirs.on('packet', (pk: Seen) => (sink += seen(pk)));
  rows.push({
    name: 'decode 12 B, 1000 distinct topics',
    ours: opsPerSecond((n) => { for (let i = 0; i < n; i++) sink += seen(ours.push(distinct[i % 1000])[0] as Seen); }, 1000),
    theirs: opsPerSecond((n) => { for (let i = 0; i < n; i++) theirs.parse(distinct[i % 1000]); }, 1000),
  });
}

console.log('PUBLISH QoS 1, topic "' + TOPIC + '", node ' + process.version + '\n');
printTable('packets/s', 'rxmqtt', 'mqtt-packet', rows);
if (sink === 42) console.log(''); // keeps sink observable
