import { reasonCodeMeaning } from '../../../lib/codec/reason-code-meaning';
import { REASON_CODES_BY_TYPE } from '../../../lib/codec/reason-codes';

describe('reasonCodeMeaning', () => {
  it.each([
    [0x00, undefined, 'Success'],
    [0x00, 'puback', 'Success'],
    [0x00, 'disconnect', 'Normal disconnection'],
    [0x00, 'suback', 'Granted QoS 0'],
    [0x01, 'suback', 'Granted QoS 1'],
    [0x10, 'puback', 'No matching subscribers'],
    [0x87, 'connack', 'Not authorized'],
    [0x8e, 'disconnect', 'Session taken over'],
    [0x9c, 'disconnect', 'Use another server'],
    [0xa2, 'suback', 'Wildcard Subscriptions not supported'],
    [0x05, undefined, 'unknown reason code 0x05'],
    [0xff, undefined, 'unknown reason code 0xff'],
  ])('names %i in %s: %s', (code, type, meaning) => {
    expect(reasonCodeMeaning(code, type)).toBe(meaning);
  });

  it('names every reason code any packet may carry', () => {
    REASON_CODES_BY_TYPE.forEach((codes) => (codes || []).forEach((code) => expect(reasonCodeMeaning(code)).not.toMatch(/^unknown/)));
  });
});
