import { describeError } from '../../../lib/cli/describe-error';
import { ConnectionRefusedError, MqttTimeoutError, TransportError } from '../../../lib/errors';
import { UsageError } from '../../../lib/cli/usage-error';

describe('describeError', () => {
  it.each([
    [1, 'connection refused: unacceptable protocol version (CONNACK return code 1)'],
    [4, 'connection refused: bad user name or password (CONNACK return code 4)'],
    [5, 'connection refused: not authorised (CONNACK return code 5)'],
  ])('names the CONNACK meaning of return code %i', (code, text) => {
    expect(describeError(new ConnectionRefusedError(code))).toBe(text);
  });

  it('adds the cause of a transport error and the code', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeError(new TransportError('CONNECT_FAILED', 'cannot connect to 127.0.0.1:1', cause))).toBe(
      'cannot connect to 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1 (CONNECT_FAILED)',
    );
  });

  it('does not repeat a cause the message already names', () => {
    const cause = { code: 'ECONNREFUSED' };
    expect(describeError(new TransportError('CONNECT_FAILED', 'cannot connect to h:1 (ECONNREFUSED)', cause))).toBe(
      'cannot connect to h:1 (ECONNREFUSED) (CONNECT_FAILED)',
    );
  });

  it('gives other errors their message, on one line', () => {
    expect(describeError(new MqttTimeoutError('CONNACK_TIMEOUT', 'no CONNACK', 10))).toBe('no CONNACK (CONNACK_TIMEOUT)');
    expect(describeError(new UsageError('unknown option -x'))).toBe('unknown option -x');
    expect(describeError(new TypeError('bad\n  filter "a/#/b"\n'))).toBe('bad filter "a/#/b"');
    expect(describeError('plain')).toBe('plain');
  });
});
