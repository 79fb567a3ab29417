import { storageQueue, EspruinoStorage, StorageQueueClient } from '../../adapters/espruino-storage';
import { Observable, Subscriber } from '../../lib/device/observable';
import type { PublishResult } from '../../lib/device/device-types';

/** Espruino's Storage as a map of binary strings; `full` makes writes fail as a full flash does. */
function fakeStorage(): EspruinoStorage & { files: { [name: string]: string }; full: boolean } {
  const files: { [name: string]: string } = {};
  return {
    files,
    full: false,
    write(name, data) {
      if (this.full) return false;
      files[name] = data;
      return true;
    },
    read: (name) => files[name],
    erase: (name) => void delete files[name],
    list: () => Object.keys(files),
  };
}

/** A device client whose publications wait until the spec settles them. */
function fakeClient(): StorageQueueClient & { sent: Array<{ topic: string; payload: string | Uint8Array; retain: boolean; settle(error?: unknown): void }> } {
  const sent: Array<{ topic: string; payload: string | Uint8Array; retain: boolean; settle(error?: unknown): void }> = [];
  return {
    sent,
    publish(topic, payload, options) {
      return new Observable<PublishResult>((s: Subscriber<PublishResult>) => {
        const message = { topic, payload, qos: 1 as const, retain: !!(options && options.retain) };
        sent.push({ topic, payload, retain: message.retain, settle: (error) => {
          if (error === undefined) {
            s.next({ message, ok: true });
            s.complete();
          } else s.error(error);
        } });
      });
    },
  };
}

const text = (p: string | Uint8Array): string => (typeof p === 'string' ? p : new TextDecoder().decode(p));

describe('storageQueue', () => {
  it('writes a publication to Storage before the client sends it and erases it on its PUBACK', () => {
    const storage = fakeStorage();
    const client = fakeClient();
    const queue = storageQueue(client, { storage });
    const results: PublishResult[] = [];
    queue.publish('a/b', 'one', { retain: true }).subscribe((r) => results.push(r));
    expect(Object.keys(storage.files)).toEqual(['mq.0']);
    expect(Array.from(Buffer.from(storage.files['mq.0'], 'latin1'))).toEqual([1, 0, 3, 97, 47, 98, 111, 110, 101]);
    expect(client.sent.map((p) => [p.topic, p.payload, p.retain])).toEqual([['a/b', 'one', true]]);
    expect(queue.pending()).toBe(1);
    client.sent[0].settle();
    expect(results.map((r) => r.ok)).toEqual([true]);
    expect(storage.files).toEqual({});
    expect(queue.pending()).toBe(0);
  });

  it('keeps the file when the client fails the publication (the next run re-sends it)', () => {
    const storage = fakeStorage();
    const client = fakeClient();
    const errors: unknown[] = [];
    storageQueue(client, { storage }).publish('t', 'x').subscribe({ error: (e) => errors.push(e) });
    client.sent[0].settle(new Error('closed'));
    expect(errors).toEqual([new Error('closed')]);
    expect(Object.keys(storage.files)).toEqual(['mq.0']);
  });

  it('refuses past its limit with QUEUE_OVERFLOW and a failed flash write with STORE_FAILED, sending nothing', () => {
    const storage = fakeStorage();
    const client = fakeClient();
    const queue = storageQueue(client, { storage, limit: 1 });
    const errors: Array<{ code: string; message: string }> = [];
    const onError = { error: (e: unknown) => errors.push(e as { code: string; message: string }) };
    queue.publish('t', '1').subscribe(onError);
    queue.publish('t', '2').subscribe(onError);
    client.sent[0].settle();
    storage.full = true;
    queue.publish('t', '3').subscribe(onError);
    expect(errors.map((e) => e.code + ': ' + e.message)).toEqual([
      'QUEUE_OVERFLOW: the Storage queue holds 1 publications already',
      'STORE_FAILED: Storage could not write mq.1 (flash full?)',
    ]);
    expect(client.sent.length).toBe(1);
  });

  it('checks the arguments at call time through the client, before writing anything', () => {
    const storage = fakeStorage();
    const client: StorageQueueClient = {
      publish: () => {
        throw new TypeError('topic must be a string');
      },
    };
    expect(() => storageQueue(client, { storage }).publish(7 as unknown as string, 'x')).toThrow(new TypeError('topic must be a string'));
    expect(storage.files).toEqual({});
  });

  it('re-sends what an earlier run left, oldest first (base-36 order), with bytes, topic and retain intact', () => {
    const storage = fakeStorage();
    const earlier = fakeClient();
    const first = storageQueue(earlier, { storage });
    for (let i = 0; i < 12; i++) first.publish('grüße/' + i, Uint8Array.of(i, 0, 255), { retain: i === 11 }).subscribe();
    storage.files['other'] = 'not ours';
    const client = fakeClient();
    const queue = storageQueue(client, { storage });
    expect(queue.pending()).toBe(12);
    const results: PublishResult[] = [];
    let completed = false;
    queue.resend().subscribe({ next: (r) => results.push(r), complete: () => (completed = true) });
    expect(client.sent.map((p) => p.topic)).toEqual(Array.from({ length: 12 }, (_, i) => 'grüße/' + i));
    expect(Array.from(client.sent[11].payload as Uint8Array)).toEqual([11, 0, 255]);
    expect(client.sent.map((p) => p.retain).lastIndexOf(true)).toBe(11);
    client.sent.forEach((p, i) => (i === 3 ? p.settle(new Error('lost')) : p.settle()));
    expect(completed).toBe(true);
    expect(results.map((r) => r.ok).filter((ok) => !ok).length).toBe(1);
    expect(Object.keys(storage.files).sort()).toEqual(['mq.3', 'other']);
    // a new publication takes the next number after the ones found
    queue.publish('t', 'new').subscribe();
    expect(Object.keys(storage.files).sort()).toEqual(['mq.3', 'mq.c', 'other']);
  });

  it('reports an unreadable file as a failed result with STORE_FAILED and erases it', () => {
    const storage = fakeStorage();
    storage.files['mq.0'] = '\u0000\u0000';
    const client = fakeClient();
    const results: PublishResult[] = [];
    let completed = false;
    storageQueue(client, { storage }).resend().subscribe({ next: (r) => results.push(r), complete: () => (completed = true) });
    expect(results.map((r) => [r.ok, (r.error as { code: string }).code, text((r.error as Error).message)])).toEqual([
      [false, 'STORE_FAILED', 'Storage file mq.0 is unreadable'],
    ]);
    expect(completed).toBe(true);
    expect(storage.files).toEqual({});
    expect(client.sent).toEqual([]);
  });

  it('completes resend() at once when nothing was left', () => {
    let completed = false;
    storageQueue(fakeClient(), { storage: fakeStorage() }).resend().subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(true);
  });
});
