import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { MqttMessage } from '../../lib/client/types';
import { MqttError, MqttProtocolError } from '../../lib/errors';
import { decodeJson, type JsonResult, parseJsonPayload } from '../../operators/decode-json';
import { message } from './support/fake-client';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

function syntaxMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('valid JSON: ' + text);
}

function expectInvalid(result: JsonResult<unknown, unknown>, text: string, cause: unknown): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(MqttError);
  expect(result.error.code).toBe('INVALID_JSON');
  expect(result.error.message).toBe(text);
  expect(result.error.cause).toBeInstanceOf(cause as never);
}

describe('parseJsonPayload', () => {
  it('parses a UTF-8 JSON payload into a value, keeping the message', () => {
    const m = message('sensors/a/data', '{"temperature":21.5,"unit":"°C"}');
    expect(parseJsonPayload(m)).toEqual({ ok: true, value: { temperature: 21.5, unit: '°C' }, message: m });
    expect(parseJsonPayload(message('t', '42'))).toMatchObject({ ok: true, value: 42 });
  });

  it('reports bad JSON as INVALID_JSON naming the topic, the SyntaxError as cause', () => {
    const m = message('dev/config', '{"version": 3,');
    const result = parseJsonPayload(m);
    expectInvalid(result, 'payload on "dev/config" is not valid JSON: ' + syntaxMessage('{"version": 3,'), SyntaxError);
    expect(result.message).toBe(m);
  });

  it('reports an empty payload as invalid JSON', () => {
    expectInvalid(parseJsonPayload(message('t', '')), 'payload on "t" is not valid JSON: ' + syntaxMessage(''), SyntaxError);
  });

  it('reports ill-formed UTF-8 as INVALID_JSON, the codec error as cause', () => {
    const m = { topic: 't', payload: Uint8Array.from([0x22, 0xff, 0x22]) };
    expectInvalid(parseJsonPayload(m), 'payload on "t" is not valid JSON: ill-formed UTF-8 at byte 1 of the string [MQTT-1.5.3-1]', MqttProtocolError);
  });

  it('names no topic when the source has none', () => {
    expectInvalid(parseJsonPayload({ payload: Uint8Array.from([0x7b]) }), 'payload is not valid JSON: ' + syntaxMessage('{'), SyntaxError);
  });
});

describe('decodeJson', () => {
  it('turns each message into a result and never ends the stream on bad JSON', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const m = { a: message('t', '{"n":1}'), b: message('t', 'nope'), c: message('t', '[2]') };
      const summary = (r: JsonResult) => (r.ok ? JSON.stringify(r.value) : r.error.code);
      const results = cold('-a-b-c-|', m).pipe(decodeJson(), map(summary));
      expectObservable(results).toBe('-a-b-c-|', { a: '{"n":1}', b: 'INVALID_JSON', c: '[2]' });
    });
  });

  it('passes the source error through', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const boom = new Error('boom');
      expectObservable(cold<MqttMessage>('-#', undefined, boom).pipe(decodeJson())).toBe('-#', undefined, boom);
    });
  });
});
