import fc from 'fast-check';
import * as nativeUtf8 from '../../../lib/codec/utf8';
import * as browserUtf8 from '../../../lib/codec/utf8.browser';
import * as nativeErrors from '../../../lib/errors';

type Utf8 = typeof nativeUtf8;
type Loaded = { utf8: Utf8; errors: typeof nativeErrors };

/** The module loaded where TextEncoder/TextDecoder do not exist, as on Espruino. */
function loadPortable(): Loaded {
  const g = globalThis as Record<string, unknown>;
  const saved = [g.TextEncoder, g.TextDecoder];
  g.TextEncoder = undefined;
  g.TextDecoder = undefined;
  let mod: Utf8 | undefined;
  let errors: typeof nativeErrors | undefined;
  try {
    jest.isolateModules(() => {
      errors = require('../../../lib/errors') as typeof nativeErrors;
      mod = require('../../../lib/codec/utf8') as Utf8;
      // Force the lazy native lookups while the globals are gone.
      mod.decodeUtf8(new Uint8Array(64), 0, 64);
      mod.encodeUtf8('x'.repeat(64));
    });
  } finally {
    g.TextEncoder = saved[0];
    g.TextDecoder = saved[1];
  }
  return { utf8: mod as Utf8, errors: errors as typeof nativeErrors };
}

const oracle = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const portable = loadPortable();

describe.each([
  ['with TextEncoder/TextDecoder', { utf8: nativeUtf8, errors: nativeErrors }],
  ['portable (no TextEncoder/TextDecoder)', portable],
  ['browser bundle variant (utf8.browser.ts)', { utf8: browserUtf8 as Utf8, errors: nativeErrors }],
])('utf8 %s', (_name, loaded) => {
  const utf8 = loaded.utf8;
  const MqttProtocolError = loaded.errors.MqttProtocolError;
  const strings = [
    '', 'a', 'hello/world', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\ud800\udc00', '\udbff\udfff',
    '\ufeffBOM kept', 'é€𝄞 mixed', 'x'.repeat(47), 'y'.repeat(48), 'ü'.repeat(100), 'a€'.repeat(40) + '𝄞',
  ];

  it.each(strings.map((s) => [s]))('round-trips %j and agrees with TextEncoder', (s) => {
    const bytes = utf8.encodeUtf8(s);
    expect(bytes).toEqual(new TextEncoder().encode(s));
    expect(utf8.utf8Length(s)).toBe(bytes.length);
    expect(utf8.decodeUtf8(bytes, 0, bytes.length)).toBe(s);
  });

  it('decodes a slice of a larger array', () => {
    const bytes = new Uint8Array([1, 0x68, 0xc3, 0xa9, 2]);
    expect(utf8.decodeUtf8(bytes, 1, 4)).toBe('hé');
  });

  it.each([
    ['lone high surrogate', 'a\ud800b', 1],
    ['lone low surrogate', '\udc00', 0],
    ['reversed pair', 'xx\udc00\ud800', 2],
  ])('refuses a %s with a RangeError', (_n, s, at) => {
    expect(() => utf8.encodeUtf8(s)).toThrow(new RangeError('string holds a lone surrogate at index ' + at + ', not representable in UTF-8'));
  });

  const invalid: [string, number[], number][] = [
    ['continuation byte first', [0x80], 0],
    ['overlong 2-byte', [0xc1, 0xbf], 0],
    ['overlong 3-byte', [0xe0, 0x9f, 0xbf], 0],
    ['overlong 4-byte', [0xf0, 0x8f, 0xbf, 0xbf], 0],
    ['surrogate U+D800', [0x61, 0xed, 0xa0, 0x80], 1],
    ['surrogate U+DFFF', [0xed, 0xbf, 0xbf], 0],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['lead byte 0xf5', [0xf5, 0x80, 0x80, 0x80], 0],
    ['cut 2-byte', [0x61, 0x62, 0xc3], 2],
    ['cut 4-byte', [0xf0, 0x9d, 0x84], 0],
    ['bad continuation', [0xe2, 0x28, 0xa1], 0],
    ['invalid after a genuine U+FFFD', [0xef, 0xbf, 0xbd, 0x61, 0xff], 4],
    ['invalid in a long string', Array.from(new TextEncoder().encode('é'.repeat(30))).concat([0xff]), 60],
  ];
  it.each(invalid)('refuses %s with MALFORMED_UTF8', (_n, b, at) => {
    const bytes = new Uint8Array(b);
    let err: unknown;
    try {
      utf8.decodeUtf8(bytes, 0, bytes.length);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MqttProtocolError);
    expect(err).toMatchObject({ code: 'MALFORMED_UTF8', message: 'ill-formed UTF-8 at byte ' + at + ' of the string [MQTT-1.5.3-1]' });
  });

  it('agrees with a fatal TextDecoder on random bytes', () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x80, max: 0xbf }), fc.constantFrom(0xc2, 0xe0, 0xed, 0xf0, 0xf4));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 80 }), (arr) => {
        const bytes = new Uint8Array(arr);
        let expected: string | null;
        try {
          expected = oracle.decode(bytes);
        } catch (e) {
          expected = null;
        }
        let got: string | null;
        try {
          got = utf8.decodeUtf8(bytes, 0, bytes.length);
        } catch (e) {
          if (!(e instanceof MqttProtocolError)) throw e;
          got = null;
        }
        expect(got).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        const bytes = utf8.encodeUtf8(s);
        expect(bytes).toEqual(new TextEncoder().encode(s));
        expect(utf8.decodeUtf8(bytes, 0, bytes.length)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('utf8.browser.ts', () => {
  it('has the exports of utf8.ts', () => {
    expect(Object.keys(browserUtf8).sort()).toEqual(Object.keys(nativeUtf8).sort());
  });

  it('reports the same byte as the portable decoder for random ill-formed input, genuine U+FFFD included', () => {
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0x80, max: 0xbf }),
      fc.constantFrom(0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xbf, 0xbd),
    );
    const messageOf = (decode: () => string): string => {
      try {
        return 'ok ' + decode();
      } catch (e) {
        return (e as Error).message;
      }
    };
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.nat(3), (arr, pad) => {
        const bytes = new Uint8Array(pad + arr.length + 1);
        bytes.set(arr, pad);
        const end = pad + arr.length;
        expect(messageOf(() => browserUtf8.decodeUtf8(bytes, pad, end))).toBe(
          messageOf(() => portable.utf8.decodeUtf8(bytes, pad, end)),
        );
      }),
      { numRuns: 5000 },
    );
  });
});
