import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStore, FileStoreFs } from '../../adapters/file-store';
import { StoreError } from '../../lib/client/store/session-store';
import { describeSessionStore } from '../lib/client/store/session-store-conformance';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rxmqtt-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const payload = (s: string): Uint8Array => new TextEncoder().encode(s);
const logOf = (dir: string): string => join(dir, Buffer.from('c1').toString('hex') + '.log');

describeSessionStore('fileStore', () => {
  const dir = tempDir();
  return { fresh: () => fileStore(dir, { compactBytes: 64 * 1024 }), again: () => fileStore(dir, { compactBytes: 64 * 1024 }) };
});

describe('fileStore recovery', () => {
  it('keeps what was committed when the process dies without close (a copy of the directory as the crash left it)', () => {
    const dir = tempDir();
    const store = fileStore(dir);
    store.open('c1');
    store.putOutgoing({ packetId: 1, topic: 't', payload: payload('kept'), qos: 1, retain: false, released: false });
    store.putIncoming(8);
    store.commit();
    store.putOutgoing({ packetId: 2, topic: 't', payload: payload('not committed'), qos: 1, retain: false, released: false });
    const crashed = tempDir();
    fs.copyFileSync(logOf(dir), logOf(crashed));
    const after = fileStore(crashed).open('c1');
    expect(after.outgoing.map((p) => new TextDecoder().decode(p.payload))).toEqual(['kept']);
    expect(after.incoming).toEqual([8]);
    store.close();
  });

  it.each([1, 5, 9, 20])('drops a torn last record (%i bytes of it written) and keeps the rest', (written) => {
    const dir = tempDir();
    const store = fileStore(dir);
    store.open('c1');
    store.putOutgoing({ packetId: 1, topic: 't', payload: payload('first'), qos: 2, retain: false, released: false });
    store.commit();
    const before = fs.statSync(logOf(dir)).size;
    store.putOutgoing({ packetId: 2, topic: 't', payload: payload('second, torn'), qos: 2, retain: false, released: false });
    store.commit();
    store.close();
    const full = fs.readFileSync(logOf(dir));
    fs.writeFileSync(logOf(dir), full.subarray(0, before + written)); // the crash cut the last write short
    const again = fileStore(dir);
    expect(again.open('c1').outgoing.map((p) => p.packetId)).toEqual([1]);
    again.putIncoming(3); // appends after the good records, not after the torn bytes
    again.close();
    const third = fileStore(dir);
    expect(third.open('c1')).toMatchObject({ incoming: [3] });
    third.close();
  });

  it.each([1, 8, 14])('a torn record of a queued publication being sent (%i bytes of it) leaves it queued, not also outgoing', (written) => {
    const dir = tempDir();
    const store = fileStore(dir);
    store.open('c1');
    store.putQueued({ key: 1, topic: 'q', payload: payload('waiting'), qos: 1, retain: true });
    store.commit();
    const before = fs.statSync(logOf(dir)).size;
    store.sendQueued(1, 42); // one record of 15 bytes
    store.commit();
    store.close();
    expect(fs.statSync(logOf(dir)).size).toBe(before + 15);
    const full = fs.readFileSync(logOf(dir));
    fs.writeFileSync(logOf(dir), full.subarray(0, before + written));
    const again = fileStore(dir);
    expect(again.open('c1')).toEqual({ outgoing: [], incoming: [], queued: [{ key: 1, topic: 'q', payload: payload('waiting'), qos: 1, retain: true }] });
    again.close();
    fs.writeFileSync(logOf(dir), full); // whole: it is outgoing, and only that
    const whole = fileStore(dir);
    expect(whole.open('c1')).toEqual({ outgoing: [{ packetId: 42, topic: 'q', payload: payload('waiting'), qos: 1, retain: true, released: false }], incoming: [] });
    whole.close();
  });

  it('drops a last record whose bytes were garbled, and refuses a garbled record followed by good ones', () => {
    const dir = tempDir();
    const store = fileStore(dir);
    store.open('c1');
    store.putOutgoing({ packetId: 1, topic: 't', payload: payload('one'), qos: 1, retain: false, released: false });
    store.putOutgoing({ packetId: 2, topic: 't', payload: payload('two'), qos: 1, retain: false, released: false });
    store.close();
    const log = fs.readFileSync(logOf(dir));
    const lastGarbled = Buffer.from(log);
    lastGarbled[log.length - 1] ^= 0xff;
    fs.writeFileSync(logOf(dir), lastGarbled);
    let again = fileStore(dir);
    expect(again.open('c1').outgoing.map((p) => p.packetId)).toEqual([1]);
    again.close();
    const firstGarbled = Buffer.from(log);
    firstGarbled[10] ^= 0xff;
    fs.writeFileSync(logOf(dir), firstGarbled);
    again = fileStore(dir);
    const error = catchError(() => again.open('c1'));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_FAILED', message: expect.stringMatching(/cannot recover .*: corrupt record at byte 0/) });
  });

  it('compacts: the log stays near the live state however many publications went through', () => {
    const dir = tempDir();
    const store = fileStore(dir, { compactBytes: 16 * 1024 });
    store.open('c1');
    for (let i = 0; i < 20000; i++) {
      const id = (i % 100) + 1;
      store.putOutgoing({ packetId: id, topic: 't', payload: payload('x'.repeat(64)), qos: 1, retain: false, released: false });
      store.removeOutgoing(id);
      if (i % 200 === 0) store.commit();
    }
    store.commit();
    expect(fs.statSync(logOf(dir)).size).toBeLessThan(40 * 1024);
    store.close();
  });
});

describe('fileStore faults', () => {
  it('a full disk: commit throws STORE_FAILED with the cause, and stays failed', () => {
    const dir = tempDir();
    let full = false;
    const failing: FileStoreFs = Object.assign({}, fs, {
      writeSync: ((...args: Parameters<typeof fs.writeSync>) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return (fs.writeSync as (...a: unknown[]) => number)(...args);
      }) as typeof fs.writeSync,
    });
    const store = fileStore(dir, { fs: failing });
    store.open('c1');
    store.putOutgoing({ packetId: 1, topic: 't', payload: payload('a'), qos: 1, retain: false, released: false });
    store.commit();
    full = true;
    store.putOutgoing({ packetId: 2, topic: 't', payload: payload('b'), qos: 1, retain: false, released: false });
    const error = catchError(() => store.commit());
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_FAILED', message: expect.stringContaining('ENOSPC: no space left on device') });
    full = false;
    expect(catchError(() => store.commit())).toBe(error); // no later write pretends all is well
    store.close();
    expect(fileStore(dir).open('c1').outgoing.map((p) => p.packetId)).toEqual([1]);
  });

  it('a failing fsync is a failed commit too', () => {
    const dir = tempDir();
    let broken = false;
    const failing: FileStoreFs = Object.assign({}, fs, {
      fsyncSync: (fd: number) => {
        if (broken) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
        fs.fsyncSync(fd);
      },
    });
    const store = fileStore(dir, { fs: failing });
    store.open('c1');
    broken = true;
    store.putIncoming(1);
    expect(catchError(() => store.commit())).toMatchObject({ code: 'STORE_FAILED', message: expect.stringContaining('EIO') });
    store.close();
  });

  it('refuses a directory another live process holds, naming it; takes over the lock of a dead one', async () => {
    const dir = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(join(dir, 'lock'), String(holder.pid));
      const error = catchError(() => fileStore(dir).open('c1'));
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({
        code: 'STORE_LOCKED',
        message: 'fileStore: ' + dir + ' is held by process ' + holder.pid + '; one process (one client) per store directory (lock file ' + join(dir, 'lock') + ')',
      });
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const store = fileStore(dir); // the holder died: its lock is stale
    expect(store.open('c1')).toEqual({ outgoing: [], incoming: [] });
    expect(fs.readFileSync(join(dir, 'lock'), 'utf8')).toBe(String(process.pid));
    expect(catchError(() => fileStore(dir).open('c1'))).toMatchObject({ code: 'STORE_LOCKED', message: expect.stringContaining('(this one: another client has it open)') });
    store.close();
    expect(fs.existsSync(join(dir, 'lock'))).toBe(false);
  });
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
