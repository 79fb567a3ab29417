import { checkEndpoint, describeConnectFailure, formatAddress } from '../../adapters/endpoint';

describe('formatAddress', () => {
  it.each([
    ['127.0.0.1', 1883, '127.0.0.1:1883'],
    ['::1', 1883, '[::1]:1883'],
    ['broker.example', 8883, 'broker.example:8883'],
  ])('%s, %i → %s', (host, port, expected) => {
    expect(formatAddress(host, port)).toBe(expected);
  });
});

describe('checkEndpoint', () => {
  it('accepts a host and a port in range', () => {
    expect(() => checkEndpoint({ host: 'h', port: 65535, connectTimeout: 0 })).not.toThrow();
  });
  it.each([
    [null, TypeError, 'options must be an object'],
    [{ host: 1, port: 1 }, TypeError, 'host must be a non-empty string'],
    [{ host: 'h', port: '1' }, TypeError, 'port must be an integer'],
    [{ host: 'h', port: 1, connectTimeout: Infinity }, RangeError, 'connectTimeout must be a finite number of ms >= 0'],
    [{ host: 'h', port: 1, connectTimeout: NaN }, RangeError, 'connectTimeout must be a finite number of ms >= 0'],
  ])('rejects %j', (options, errorClass, message) => {
    expect(() => checkEndpoint(options as never)).toThrow(errorClass);
    expect(() => checkEndpoint(options as never)).toThrow(message);
  });
});

describe('describeConnectFailure', () => {
  function withCode(message: string, code?: string): Error {
    const error = new Error(message) as Error & { code?: string };
    if (code) error.code = code;
    return error;
  }
  it.each([
    ['self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'],
    ['unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['certificate has expired', 'CERT_HAS_EXPIRED'],
    ["Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'],
  ])('names a certificate failure as TLS verification: %s', (message, code) => {
    expect(describeConnectFailure(withCode(message, code))).toBe('TLS verification failed: ' + message + ' (' + code + ')');
  });
  it('passes other failures on as their message', () => {
    expect(describeConnectFailure(withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(describeConnectFailure(withCode('socket hang up'))).toBe('socket hang up');
  });
});
