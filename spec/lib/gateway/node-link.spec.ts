import { formatNodeAddress, parseNodeAddress } from '../../../lib/gateway/node-link';
import { thrown } from './support/thrown';

describe('node addresses', () => {
  it.each([
    ['127.0.0.1', 40001, '127.0.0.1:40001'],
    ['::1', 8266, '[::1]:8266'],
    ['localhost', 1, 'localhost:1'],
  ])('formats %s port %d as %s and parses it back', (host, port, text) => {
    expect(formatNodeAddress(host, port)).toBe(text);
    expect(parseNodeAddress(text)).toEqual({ host, port });
  });

  it.each(['127.0.0.1', ':8266', '127.0.0.1:0', '127.0.0.1:65536', 'host:80x', '[::1:8266', ''])('refuses %j with a TypeError', (text) => {
    const error = thrown(() => parseNodeAddress(text));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('expected HOST:PORT with a port from 1 to 65535, got "' + text + '"');
  });

  it('takes port 0 only when asked to', () => {
    expect(parseNodeAddress('127.0.0.1:0', true)).toEqual({ host: '127.0.0.1', port: 0 });
    const error = thrown(() => parseNodeAddress('127.0.0.1:0'));
    expect(error).toBeInstanceOf(TypeError);
  });
});
