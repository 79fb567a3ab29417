import { decodePacket } from '../../../lib/codec/decode-packet';
import { expectProtocolError } from './support/expect-protocol-error';

const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('decodePacket', () => {
  it('decodes a packet in the middle of a buffer', () => {
    const b = u8(9, 9, 0x62, 2, 0x01, 0x00, 9);
    expect(decodePacket(b, 2, 4, 6)).toEqual({ type: 'pubrel', packetId: 256 });
  });

  it.each([
    ['PUBACK', 0x40], ['PUBREC', 0x50], ['PUBREL', 0x62], ['PUBCOMP', 0x70], ['UNSUBACK', 0xb0],
  ])('refuses %s with packet id 0 [MQTT-2.3.1-1]', (name, first) => {
    expectProtocolError(u8(first, 2, 0, 0), 'INVALID_PACKET_ID', name + ': packet identifier 0 [MQTT-2.3.1-1]');
  });
});
