import type { WebSocketLike } from '../../../adapters/websocket-like';

/**
 * A scripted stand-in for the WHATWG `WebSocket`, for the WebSocket adapters' unit
 * specs: the test opens, feeds messages, errors and closes it by hand.
 *
 * @example
 * ```ts
 * const transport = websocketLikeTransport({ url: 'ws://x', create: () => new FakeWebSocket('ws://x') });
 * FakeWebSocket.last().acceptOpen();
 * ```
 */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  static last(): FakeWebSocket {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  }

  binaryType = 'blob';
  bufferedAmount = 0;
  readyState = 0;
  sent: Uint8Array[] = [];
  closeCalls: Array<number | undefined> = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;

  constructor(readonly url: string, readonly protocols?: string | string[]) {
    FakeWebSocket.instances.push(this);
  }

  send(data: Uint8Array): void {
    if (this.readyState !== 1) throw new Error('send while not open');
    this.sent.push(data);
  }

  close(code?: number): void {
    this.closeCalls.push(code);
    if (this.readyState < 2) this.readyState = 2;
  }

  // Driving the fake from the test:

  acceptOpen(): void {
    this.readyState = 1;
    if (this.onopen) this.onopen({ type: 'open' });
  }

  receive(data: unknown): void {
    if (this.onmessage) this.onmessage({ data });
  }

  fail(message: string): void {
    if (this.onerror) this.onerror({ type: 'error', error: new Error(message), message });
  }

  closed(code: number, reason = '', wasClean = code === 1000): void {
    this.readyState = 3;
    if (this.onclose) this.onclose({ code, reason, wasClean });
  }
}

/** {@link FakeWebSocket} with `ws`'s `terminate()`. */
export class FakeTerminableWebSocket extends FakeWebSocket {
  terminated = false;
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }
}
