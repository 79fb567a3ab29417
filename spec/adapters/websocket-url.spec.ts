import { websocketUrl } from '../../adapters/websocket-url';

describe('websocketUrl', () => {
  it.each([
    [{ scheme: 'ws', host: '127.0.0.1', port: 8080, path: '' }, 'ws://127.0.0.1:8080/mqtt'],
    [{ scheme: 'ws', host: '127.0.0.1', port: 8080, path: '/' }, 'ws://127.0.0.1:8080/mqtt'],
    [{ scheme: 'wss', host: 'broker.example', port: 443, path: '/ws?x=1' }, 'wss://broker.example:443/ws?x=1'],
    [{ scheme: 'ws', host: '::1', port: 9001, path: '/mqtt' }, 'ws://[::1]:9001/mqtt'],
  ])('%j → %s', (url, expected) => {
    expect(websocketUrl(url)).toBe(expected);
  });
});
