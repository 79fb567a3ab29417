import { encodeConnack, encodeConnect } from '../../../lib/codec/encode-connect';
import type { ConnackPacket, ConnectPacket } from '../../../lib/codec/packet';

const base: ConnectPacket = { type: 'connect', clientId: 'c', keepalive: 60, clean: true };
const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('encodeConnect', () => {
  it.each([
    [{ clientId: 5 }, TypeError, 'CONNECT: clientId must be a string, got number'],
    [{ clientId: 'x'.repeat(65536) }, RangeError, 'CONNECT: clientId is 65536 bytes long, over 65535'],
    [{ clientId: 'a\u0000' }, RangeError, 'CONNECT: clientId contains U+0000 [MQTT-1.5.3-2]'],
    [{ clientId: '\ud800' }, RangeError, 'CONNECT: clientId contains a lone surrogate [MQTT-1.5.3-1]'],
    [{ keepalive: 65536 }, RangeError, 'CONNECT: keepalive must be an integer from 0 to 65535, got 65536'],
    [{ keepalive: -1 }, RangeError, 'CONNECT: keepalive must be an integer from 0 to 65535, got -1'],
    [{ keepalive: undefined }, TypeError, 'CONNECT: keepalive must be a number, got undefined'],
    [{ protocolLevel: 256 }, RangeError, 'CONNECT: protocolLevel must be an integer from 0 to 255, got 256'],
    [{ protocolName: 4 }, TypeError, 'CONNECT: protocolName must be a string, got number'],
    [{ username: 7 }, TypeError, 'CONNECT: username must be a string, got number'],
    [{ password: u8(1) }, RangeError, 'CONNECT: a password needs a username [MQTT-3.1.2-22]'],
    [{ username: 'u', password: 'p' }, TypeError, 'CONNECT: password must be a Uint8Array'],
    [{ username: 'u', password: new Uint8Array(65536) }, RangeError, 'CONNECT: password is 65536 bytes, over 65535'],
    [{ will: 'x' }, TypeError, 'CONNECT: will must be an object'],
    [{ will: { topic: 'a/#', payload: u8(), qos: 0, retain: false } }, RangeError, 'topic name "a/#" contains the wildcard "#" [MQTT-3.3.2-2]'],
    [{ will: { topic: 'w', payload: 'bye', qos: 0, retain: false } }, TypeError, 'CONNECT: will payload must be a Uint8Array'],
    [{ will: { topic: 'w', payload: new Uint8Array(65536), qos: 0, retain: false } }, RangeError, 'CONNECT: will payload is 65536 bytes, over 65535'],
    [{ will: { topic: 'w', payload: u8(), qos: 3, retain: false } }, RangeError, 'CONNECT: will: qos must be 0, 1 or 2, got 3'],
  ])('refuses %j', (fields, cls, message) => {
    const packet = Object.assign({}, base, fields) as ConnectPacket;
    expect(() => encodeConnect(packet)).toThrow(new cls(message));
  });
});

describe('encodeConnack', () => {
  it.each([
    [{ sessionPresent: true, returnCode: 2 }, RangeError, 'CONNACK: sessionPresent must be false with a non-zero returnCode [MQTT-3.2.2-4]'],
    [{ sessionPresent: false, returnCode: 256 }, RangeError, 'CONNACK: returnCode must be an integer from 0 to 255, got 256'],
    [{ sessionPresent: false, returnCode: '0' }, TypeError, 'CONNACK: returnCode must be a number, got string'],
  ])('refuses %j', (fields, cls, message) => {
    const packet = Object.assign({ type: 'connack' }, fields) as ConnackPacket;
    expect(() => encodeConnack(packet)).toThrow(new cls(message));
  });
});
