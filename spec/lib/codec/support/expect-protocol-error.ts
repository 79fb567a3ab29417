import { PacketDecoder, PacketDecoderOptions } from '../../../../lib/codec/decoder';
import { MqttError, MqttProtocolError } from '../../../../lib/errors';

function caught(fn: () => void): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, got none');
}

/**
 * Asserts that decoding `bytes` fails with an `MqttProtocolError` of this `code` and
 * `message`, both in one chunk and fed byte by byte.
 */
export function expectProtocolError(bytes: Uint8Array, code: string, message: string, options?: PacketDecoderOptions): void {
  const whole = caught(() => new PacketDecoder(options).push(bytes));
  expect(whole).toBeInstanceOf(MqttProtocolError);
  expect(whole).toBeInstanceOf(MqttError);
  expect(whole).toBeInstanceOf(Error);
  expect(whole).toMatchObject({ name: 'MqttProtocolError', code, message });
  const decoder = new PacketDecoder(options);
  const piecewise = caught(() => {
    for (let i = 0; i < bytes.length; i++) decoder.push(bytes.subarray(i, i + 1));
  });
  expect(piecewise).toMatchObject({ code, message });
}
