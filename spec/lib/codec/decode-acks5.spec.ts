/**
 * MQTT 5 reason codes: each packet refuses the codes it may not carry [MQTT-2.4].
 */
import { PacketDecoder } from '../../../lib/codec/decoder';
import { REASON_CODES_BY_TYPE } from '../../../lib/codec/reason-codes';
import { expectProtocolError } from './support/expect-protocol-error';
import { packet, props } from './support/fixtures5';

const V5 = { protocolVersion: 5 as const };
const hex = (c: number): string => '0x' + (c < 16 ? '0' : '') + c.toString(16);

/** The bytes of a packet of type `type` carrying reason code `code`. */
function withCode(type: number, code: number): Uint8Array {
  switch (type) {
    case 2: return packet(0x20, 0, code, props());
    case 9: return packet(0x90, 0, 1, props(), code);
    case 11: return packet(0xb0, 0, 1, props(), code);
    case 14: return packet(0xe0, code);
    case 15: return packet(0xf0, code);
    default: return packet(type === 6 ? 0x62 : type << 4, 0, 1, code);
  }
}

const NAMES = ['', '', 'CONNACK', '', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', '', 'SUBACK', '', 'UNSUBACK', '', '', 'DISCONNECT', 'AUTH'];
const TYPES = [2, 4, 5, 6, 7, 9, 11, 14, 15];

describe('MQTT 5 reason codes', () => {
  describe.each(TYPES.map((t) => [NAMES[t], t] as const))('%s', (name, type) => {
    const allowed = REASON_CODES_BY_TYPE[type] as number[];

    it('accepts each of its reason codes', () => {
      allowed.forEach((code) => {
        const p = new PacketDecoder(V5).push(withCode(type, code))[0] as { reasonCode?: number; granted?: number[]; reasonCodes?: number[] };
        expect(p.reasonCode !== undefined ? p.reasonCode : (p.granted || p.reasonCodes as number[])[0]).toBe(code);
      });
    });

    it('refuses every other code with INVALID_REASON_CODE', () => {
      for (let code = 0; code < 256; code++) {
        if (allowed.indexOf(code) >= 0) continue;
        expectProtocolError(withCode(type, code), 'INVALID_REASON_CODE',
          name + ': reason code ' + hex(code) + ' is not one ' + name + ' may carry (' + allowed.map(hex).join(', ') + ')', V5);
      }
    });
  });

  it('refuses CONNACK session present with a refusal [MQTT-3.2.2-6], and reserved flag bits', () => {
    expectProtocolError(packet(0x20, 1, 0x87, props()), 'INVALID_CONNACK_FLAGS', 'CONNACK: session present with reason code 135 [MQTT-3.2.2-6]', V5);
    expectProtocolError(packet(0x20, 2, 0, props()), 'INVALID_CONNACK_FLAGS', 'CONNACK: reserved acknowledge flag bits set (2), see section 3.2.2.1', V5);
  });

  it('checks a 3.1.1-form CONNACK on MQTT 5 as 3.1.1 does [MQTT-3.2.2-4]', () => {
    expectProtocolError(packet(0x20, 1, 5), 'INVALID_CONNACK_FLAGS', 'CONNACK: session present with return code 5 [MQTT-3.2.2-4]', V5);
  });

  it('refuses bytes after the properties of a PUBACK, a CONNACK, a DISCONNECT', () => {
    expectProtocolError(packet(0x40, 0, 1, 0, props(), 7), 'TRAILING_BYTES', 'PUBACK: 1 bytes after the last field', V5);
    expectProtocolError(packet(0x20, 0, 0, props(), 7, 7), 'TRAILING_BYTES', 'CONNACK: 2 bytes after the last field', V5);
    expectProtocolError(packet(0xe0, 0, props(), 7), 'TRAILING_BYTES', 'DISCONNECT: 1 bytes after the last field', V5);
  });

  it('refuses a PUBACK with packet id 0, a short CONNACK, an empty SUBACK', () => {
    expectProtocolError(packet(0x40, 0, 0), 'INVALID_PACKET_ID', 'PUBACK: packet identifier 0 [MQTT-2.3.1-1]', V5);
    expectProtocolError(packet(0x40, 0), 'TRUNCATED_PACKET', 'PUBACK: packet identifier runs past the end of the packet', V5);
    expectProtocolError(packet(0x20, 0), 'TRUNCATED_PACKET', 'CONNACK: reason code runs past the end of the packet', V5);
    expectProtocolError(packet(0x90, 0, 1, props()), 'EMPTY_SUBSCRIPTION_LIST', 'SUBACK: no reason code in the payload [MQTT-3.9.3-1]', V5);
    expectProtocolError(packet(0xb0, 0, 1, props()), 'EMPTY_SUBSCRIPTION_LIST', 'UNSUBACK: no reason code in the payload [MQTT-3.11.3-1]', V5);
  });
});
