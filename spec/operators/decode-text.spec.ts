import * as fc from 'fast-check';
import { TestScheduler } from 'rxjs/testing';
import { MqttError, MqttProtocolError } from '../../lib/errors';
import { decodeText, payloadText } from '../../operators/decode-text';
import { message } from './support/fake-client';
import { expectThrows } from './support/expect-throws';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('payloadText', () => {
  it.each<[string, Uint8Array, string]>([
    ['ASCII', bytes(0x32, 0x31, 0x2e, 0x35), '21.5'],
    ['multi-byte characters', bytes(0x68, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80), 'hé€😀'],
    ['an empty payload', bytes(), ''],
    ['a leading BOM, kept', bytes(0xef, 0xbb, 0xbf, 0x61), '\ufeffa'],
    ['a stray byte', bytes(0x61, 0xff, 0x62), 'a\ufffdb'],
    ['a cut sequence at the end', bytes(0x61, 0xe2, 0x82), 'a\ufffd'],
    ['a cut sequence before ASCII: one U+FFFD for the maximal subpart', bytes(0xe2, 0x82, 0x41), '\ufffdA'],
    ['an overlong form', bytes(0xc0, 0xaf), '\ufffd\ufffd'],
    ['a surrogate', bytes(0xed, 0xa0, 0x80), '\ufffd\ufffd\ufffd'],
    ['a code point past U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), '\ufffd\ufffd\ufffd\ufffd'],
  ])('decodes %s', (_name, input, expected) => {
    expect(payloadText(input)).toBe(expected);
  });

  it('replaces ill-formed bytes exactly as TextDecoder does, on short and long payloads', () => {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const interesting = fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff);
    fc.assert(
      fc.property(fc.array(fc.oneof(interesting, fc.integer({ min: 0, max: 255 })), { maxLength: 120 }), (arr) => {
        const input = Uint8Array.from(arr);
        expect(payloadText(input)).toBe(decoder.decode(input));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeText', () => {
  it('maps messages and bare payloads to their text', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-|', { a: message('t', 'on'), b: bytes(0xc3, 0xa9), c: bytes(0x61, 0xff) });
      expectObservable(source.pipe(decodeText())).toBe('-a-b-c-|', { a: 'on', b: 'é', c: 'a\ufffd' });
    });
  });

  it('with fatal: errors with INVALID_TEXT naming the topic, the codec error as cause', () => {
    let error: MqttError | undefined;
    const source = [message('t', 'ok'), { topic: 'dev/cmd', payload: bytes(0x61, 0xff) }];
    const seen: string[] = [];
    testScheduler().run(({ cold }) => {
      cold('-a-b-|', { a: source[0], b: source[1] })
        .pipe(decodeText({ fatal: true }))
        .subscribe({ next: (t) => seen.push(t), error: (e) => (error = e) });
    });
    expect(seen).toEqual(['ok']);
    expect(error).toBeInstanceOf(MqttError);
    expect(error!.code).toBe('INVALID_TEXT');
    expect(error!.message).toBe('payload on "dev/cmd" is not well-formed UTF-8: ill-formed UTF-8 at byte 1 of the string [MQTT-1.5.3-1]');
    expect(error!.cause).toBeInstanceOf(MqttProtocolError);
    expect((error!.cause as MqttError).code).toBe('MALFORMED_UTF8');
  });

  it('with fatal: names no topic for a bare payload', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a|', { a: bytes(0xff) }).pipe(decodeText({ fatal: true }));
      const expected = new MqttError('INVALID_TEXT', 'payload is not well-formed UTF-8: ill-formed UTF-8 at byte 0 of the string [MQTT-1.5.3-1]');
      expectObservable(source).toBe('-#', undefined, expect.objectContaining({ code: expected.code, message: expected.message }));
    });
  });

  it('rejects options that are not an object', () => {
    expectThrows(() => decodeText(true as never), TypeError, 'decodeText: options must be an object');
  });
});
