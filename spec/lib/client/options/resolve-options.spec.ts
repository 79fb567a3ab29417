import { asapScheduler, asyncScheduler, NEVER } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { resolveClientOptions } from '../../../../lib/client/options/resolve-options';
import { yieldScheduler } from '../../../../lib/client/shared/yield-scheduler';
import type { ClientOptions } from '../../../../lib/client/types';
import { expectThrows } from '../../../operators/support/expect-throws';

const noop = (): void => undefined;
/** A store written before `storeOfflineQueue`: fine without it. */
const olderStore = { open: () => ({ outgoing: [], incoming: [] }), putOutgoing: noop, releaseOutgoing: noop, removeOutgoing: noop, putIncoming: noop, removeIncoming: noop, clearIncoming: noop, commit: noop, close: noop };

const transport = { open: () => NEVER };

describe('resolveClientOptions', () => {
  it('fills in the defaults and generates a 23-byte client id', () => {
    const r = resolveClientOptions({ transport });
    expect(r).toMatchObject({
      keepalive: 60,
      clean: true,
      cleanInit: true,
      responseTimeout: 10000,
      reconnect: { initialDelay: 1000, maxDelay: 120000, factor: 2, jitter: 0.25, maxAttempts: Infinity },
      offlineQueue: { limit: 5000, overflow: 'error' },
      inboundQueue: { limit: 1000 },
      maxPacketSize: 16 * 1024 * 1024, // a client's default, not the protocol's 256 MB
      scheduler: asyncScheduler,
      flushScheduler: asapScheduler,
      yieldScheduler: yieldScheduler(),
    });
    expect(r.clientId).toMatch(/^rxmqtt_[0-9a-z]{16}$/);
    expect(resolveClientOptions({ transport }).clientId).not.toBe(r.clientId);
  });

  it('keeps what was given, turns passwords and will payloads into bytes, and uses an injected scheduler for flushing and yielding too', () => {
    const scheduler = new TestScheduler(() => undefined);
    // passed through as given
    const kept = {
      clientId: 'a-rather-long-client-id-of-more-than-23-bytes',
      keepalive: 0,
      clean: false,
      cleanInit: true,
      responseTimeout: 1,
      reconnect: false as const,
      offlineQueue: { limit: 10, overflow: 'drop-oldest' as const },
      inboundQueue: { limit: 3 },
      username: '',
      will: { topic: 'w', payload: Uint8Array.of(9), qos: 2 as const, retain: true },
      maxPacketSize: 1024,
    };
    const given = Object.assign({ url: 'mqtt://h', password: 'pw', scheduler }, kept);
    const r = resolveClientOptions(given);
    const url = { scheme: 'mqtt', host: 'h', port: 1883, path: '' };
    expect(r).toEqual(
      Object.assign({ url, servers: null, given, protocolVersion: 4, password: Uint8Array.of(0x70, 0x77), scheduler, flushScheduler: scheduler, yieldScheduler: scheduler, store: null, storeOfflineQueue: false }, kept),
    );
  });

  it('parses the url, and takes its user name and password when the options have no user name', () => {
    const r = resolveClientOptions({ url: 'mqtt://u:p%40ss@h:1884/x' });
    expect(r.url).toEqual({ scheme: 'mqtt', host: 'h', port: 1884, path: '/x', username: 'u', password: 'p@ss' });
    expect(r.username).toBe('u');
    expect(r.password).toEqual(Uint8Array.of(0x70, 0x40, 0x73, 0x73));
    expect(r.given).toEqual({ url: 'mqtt://u:p%40ss@h:1884/x', username: 'u', password: 'p@ss' }); // what a transport factory gets
    const own = resolveClientOptions({ url: 'mqtt://u:p@h', username: 'me' });
    expect([own.username, own.password]).toEqual(['me', undefined]);
    expect(resolveClientOptions({ transport }).url).toBeNull();
  });

  it('allows an empty client id only with clean sessions [MQTT-3.1.3-7]', () => {
    expect(resolveClientOptions({ transport, clientId: '' }).clientId).toBe('');
    const message = 'an empty clientId needs clean sessions: set clean (and cleanInit) true or give a clientId [MQTT-3.1.3-7]';
    expectThrows(() => resolveClientOptions({ transport, clientId: '', clean: false }), TypeError, message);
    expectThrows(() => resolveClientOptions({ transport, clientId: '', cleanInit: false }), TypeError, message);
  });

  const bad: Array<[string, unknown, ErrorConstructor, string]> = [
    ['options', null, TypeError, 'options must be an object'],
    ['no url or transport', {}, TypeError, 'options need a url, servers or a transport'],
    ['url type', { url: 5 }, TypeError, 'broker URL must be a string, got number'],
    ['url', { url: 'http://h' }, TypeError, 'unknown scheme "http:" in broker URL "http://h" (expected mqtt:, mqtts:, ws: or wss:)'],
    ['transport shape', { transport: {} }, TypeError, 'transport must be an object with an open() method'],
    ['keepalive type', { transport, keepalive: '60' }, TypeError, 'CONNECT: keepalive must be a number, got string'],
    ['keepalive range', { transport, keepalive: 65536 }, RangeError, 'CONNECT: keepalive must be an integer from 0 to 65535, got 65536'],
    ['keepalive negative', { transport, keepalive: -1 }, RangeError, 'CONNECT: keepalive must be an integer from 0 to 65535, got -1'],
    ['keepalive fraction', { transport, keepalive: 1.5 }, RangeError, 'CONNECT: keepalive must be an integer from 0 to 65535, got 1.5'],
    ['responseTimeout zero', { transport, responseTimeout: 0 }, RangeError, 'responseTimeout must be a number of ms from 1 to 2147483647, got 0'],
    ['responseTimeout NaN', { transport, responseTimeout: NaN }, RangeError, 'responseTimeout must be a number of ms from 1 to 2147483647, got NaN'],
    ['responseTimeout type', { transport, responseTimeout: '1' }, TypeError, 'responseTimeout must be a number, got string'],
    ['clientId type', { transport, clientId: 7 }, TypeError, 'CONNECT: clientId must be a string, got number'],
    ['clientId NUL', { transport, clientId: 'a\u0000b' }, RangeError, 'CONNECT: clientId contains U+0000 [MQTT-1.5.3-2]'],
    ['clientId surrogate', { transport, clientId: 'a\ud800' }, RangeError, 'CONNECT: clientId contains a lone surrogate [MQTT-1.5.3-1]'],
    ['clientId length', { transport, clientId: 'x'.repeat(65536) }, RangeError, 'CONNECT: clientId is 65536 bytes long, over 65535'],
    ['clean type', { transport, clean: 'yes' }, TypeError, 'clean must be a boolean, got string'],
    ['password alone', { transport, password: 'p' }, TypeError, 'a password needs a username [MQTT-3.1.2-22]'],
    ['password type', { transport, username: 'u', password: 5 }, TypeError, 'password must be a string or a Uint8Array'],
    ['password length', { transport, username: 'u', password: 'p'.repeat(65536) }, RangeError, 'CONNECT: password is 65536 bytes, over 65535'],
    ['username type', { transport, username: 5 }, TypeError, 'CONNECT: username must be a string, got number'],
    ['will type', { transport, will: 'w' }, TypeError, 'will must be an object'],
    ['will topic', { transport, will: { topic: 'a/#', payload: '' } }, RangeError, 'topic name "a/#" contains the wildcard "#" [MQTT-3.3.2-2]'],
    ['will payload', { transport, will: { topic: 'a', payload: 1 } }, TypeError, 'will.payload must be a string or a Uint8Array'],
    ['will qos', { transport, will: { topic: 'a', payload: '', qos: 3 } }, RangeError, 'CONNECT: will: qos must be 0, 1 or 2, got 3'],
    ['will retain', { transport, will: { topic: 'a', payload: '', retain: 1 } }, TypeError, 'will.retain must be a boolean, got number'],
    ['reconnect', { transport, reconnect: true }, TypeError, 'reconnect policy must be an object, got true'],
    ['reconnect policy', { transport, reconnect: { factor: 0.5 } }, RangeError, 'reconnect.factor must be a finite number >= 1, got 0.5'],
    ['offlineQueue type', { transport, offlineQueue: 5 }, TypeError, 'offlineQueue must be an object'],
    ['offlineQueue limit', { transport, offlineQueue: { limit: 0 } }, RangeError, 'offlineQueue.limit must be an integer from 1 to 1000000000, got 0'],
    ['offlineQueue overflow', { transport, offlineQueue: { overflow: 'drop' } }, RangeError, "offlineQueue.overflow must be 'drop-oldest', 'drop-newest' or 'error', got drop"],
    ['inboundQueue limit', { transport, inboundQueue: { limit: 1.5 } }, RangeError, 'inboundQueue.limit must be an integer from 1 to 1000000000, got 1.5'],
    ['maxPacketSize', { transport, maxPacketSize: 1 }, RangeError, 'maxPacketSize must be an integer from 2 to 268435455, got 1'],
    ['scheduler', { transport, scheduler: {} }, TypeError, 'scheduler must be a SchedulerLike (now() and schedule())'],
    ['tls', { transport, tls: 'on' }, TypeError, 'tls must be an object'],
    ['storeOfflineQueue type', { transport, storeOfflineQueue: 1 }, TypeError, 'storeOfflineQueue must be a boolean, got number'],
    ['storeOfflineQueue without a store', { transport, storeOfflineQueue: true }, TypeError, 'storeOfflineQueue needs a store (memoryStore(), fileStore(dir), ...)'],
    ['store for storeOfflineQueue', { transport, storeOfflineQueue: true, store: olderStore }, TypeError, 'store must be a SessionStore (memoryStore(), fileStore(dir), ...): it has no putQueued() method'],
  ];
  it.each(bad)('rejects a bad %s', (_what, options, cls, message) => {
    expectThrows(() => resolveClientOptions(options as ClientOptions), cls, message);
  });
});
