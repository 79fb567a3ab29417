import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { QueuedPublication, SessionStore, StoreError, StoredPublication, StoredSession } from '../lib/client/store/session-store';
import { StoreState } from '../lib/client/store/store-state';
import {
  clearRecord, idRecord, OP_PUT_IN, OP_RELEASE_OUT, OP_REMOVE_IN, OP_REMOVE_OUT, putRecord, queuedRecord, removeQueuedRecord, replayLog,
  sendQueuedRecord,
} from './store-log';

/** The synchronous `node:fs` calls a {@link fileStore} makes (inject a failing one to test a full disk). */
export type FileStoreFs = Pick<
  typeof nodeFs,
  | 'mkdirSync' | 'openSync' | 'closeSync' | 'writeSync' | 'fsyncSync' | 'readFileSync'
  | 'writeFileSync' | 'renameSync' | 'unlinkSync' | 'existsSync'
>;

/** Options of {@link fileStore}. */
export interface FileStoreOptions {
  /** Rewrite the log once it grew past this many bytes (default 1 MiB, then twice the live state). */
  compactBytes?: number;
  /** The file system calls (default `node:fs`). */
  fs?: FileStoreFs;
}

/** Directories held by this process: a second `open` of one is refused like another process's. */
const heldHere: { [dir: string]: boolean } = {};

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function failed(what: string, error: unknown): StoreError {
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError('STORE_FAILED', 'fileStore: ' + what + ': ' + detail, error);
}

/**
 * A {@link SessionStore} for Node: the session state in an append-only log in `dir`
 * (`<dir>/<client id in hex>.log`), so a process killed at any moment leaves what the
 * next one needs to re-send. Guarantees, given a disk that honours fsync:
 *
 * - **Nothing acknowledged is lost**: the client commits before every network write,
 *   and a commit is one `write` of the records since the last one and one `fsync`. So
 *   a PUBLISH, a PUBREC or a PUBREL never leaves before the state it implies is on disk.
 * - **Recovery survives a torn last record**: records carry their length and a CRC-32;
 *   a last record cut short or garbled (a crash mid-write) is dropped and the log
 *   rewritten without it. A bad record followed by good ones is corruption:
 *   `STORE_FAILED`, nothing is guessed.
 * - **Compaction**: once the log passes `compactBytes`, the live state is written to a
 *   new file, fsynced, and renamed over the log (atomic), then the directory is fsynced.
 * - **One process at a time**: `open` takes `<dir>/lock` (created exclusively, holding
 *   the pid); a lock of a live process is refused with `StoreError` `STORE_LOCKED`, a
 *   stale one (its process died) is taken over. `close()` releases it.
 * - **Write errors are loud**: a failed write or fsync (a full disk) throws
 *   `StoreError` `STORE_FAILED` from `commit`; the client ends with it (`state$`, and
 *   every waiting publication fails). The store stays failed: no later write pretends.
 *
 * Cost: one fsync per network write batch (see the README's figures).
 *
 * @example
 * ```ts
 * import { fileStore } from 'rxmqtt/adapters';
 * const client = createClient({ url, clientId: 'logger-1', clean: false, store: fileStore('./mqtt-state') });
 * client.recovered$.subscribe((r) => console.log('recovered', r.message.topic, r.ok));
 * ```
 */
export function fileStore(dir: string, options: FileStoreOptions = {}): SessionStore {
  return new FileStore(dir, options.fs || nodeFs, options.compactBytes || 1 << 20);
}

class FileStore implements SessionStore {
  private readonly state = new StoreState();
  private fd = -1;
  private logPath = '';
  private readonly lockPath: string;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private logBytes = 0;
  private compactAt: number;
  private failure: StoreError | null = null;
  private opened = false;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly fs: FileStoreFs,
    private readonly compactBytes: number,
  ) {
    this.lockPath = join(dir, 'lock');
    this.compactAt = compactBytes;
  }

  open(clientId: string): StoredSession {
    if (this.opened) throw new StoreError('STORE_LOCKED', 'fileStore: ' + this.dir + ' is already open (one client per store)');
    try {
      this.fs.mkdirSync(this.dir, { recursive: true });
    } catch (e) {
      throw failed('cannot create ' + this.dir, e);
    }
    this.lock();
    this.opened = true;
    try {
      this.logPath = join(this.dir, Buffer.from(clientId, 'utf8').toString('hex') + '.log');
      if (this.fs.existsSync(this.logPath)) {
        const log = this.fs.readFileSync(this.logPath);
        try {
          replayLog(new Uint8Array(log.buffer, log.byteOffset, log.byteLength), this.state);
        } catch (e) {
          throw failed('cannot recover ' + this.logPath, e);
        }
      }
      this.compact(); // a fresh log: a torn tail is gone, the next appends start clean
      return this.state.snapshot();
    } catch (e) {
      this.unlock();
      this.opened = false;
      throw e instanceof StoreError ? e : failed('cannot open ' + this.logPath, e);
    }
  }

  putOutgoing(p: StoredPublication): void {
    this.state.putOutgoing(p);
    this.append(putRecord(p));
  }

  releaseOutgoing(id: number): void {
    this.state.releaseOutgoing(id);
    this.append(idRecord(OP_RELEASE_OUT, id));
  }

  removeOutgoing(id: number): void {
    this.state.removeOutgoing(id);
    this.append(idRecord(OP_REMOVE_OUT, id));
  }

  putIncoming(id: number): void {
    this.state.setIncoming(id, true);
    this.append(idRecord(OP_PUT_IN, id));
  }

  removeIncoming(id: number): void {
    this.state.setIncoming(id, false);
    this.append(idRecord(OP_REMOVE_IN, id));
  }

  clearIncoming(): void {
    this.state.clearIncoming();
    this.append(clearRecord());
  }

  putQueued(q: QueuedPublication): void {
    this.state.putQueued(q);
    this.append(queuedRecord(q));
  }

  removeQueued(key: number): void {
    this.state.removeQueued(key);
    this.append(removeQueuedRecord(key));
  }

  sendQueued(key: number, packetId: number): void {
    this.state.sendQueued(key, packetId);
    this.append(sendQueuedRecord(key, packetId));
  }

  commit(): void {
    if (this.failure !== null) throw this.failure;
    if (this.pendingBytes === 0 || this.fd < 0) return;
    const batch = new Uint8Array(this.pendingBytes);
    let pos = 0;
    for (let i = 0; i < this.pending.length; i++) {
      batch.set(this.pending[i], pos);
      pos += this.pending[i].length;
    }
    this.pending = [];
    this.pendingBytes = 0;
    try {
      writeAll(this.fs, this.fd, batch);
      this.fs.fsyncSync(this.fd);
    } catch (e) {
      this.failure = failed('cannot write ' + this.logPath, e);
      throw this.failure;
    }
    this.logBytes += batch.length;
    if (this.logBytes > this.compactAt) {
      try {
        this.compact();
      } catch (e) {
        this.failure = e instanceof StoreError ? e : failed('cannot compact ' + this.logPath, e);
        throw this.failure;
      }
    }
  }

  close(): void {
    if (this.closed || !this.opened) return;
    this.closed = true;
    try {
      if (this.failure === null) this.commit();
    } finally {
      if (this.fd >= 0) this.fs.closeSync(this.fd);
      this.fd = -1;
      this.unlock();
    }
  }

  private append(record: Uint8Array): void {
    if (this.closed || !this.opened) return;
    this.pending.push(record);
    this.pendingBytes += record.length;
  }

  /** Writes the live state to `<log>.tmp`, fsyncs it, renames it over the log, fsyncs the directory. */
  private compact(): void {
    const snapshot = this.state.snapshot();
    const records: Uint8Array[] = [];
    let size = 0;
    for (let i = 0; i < snapshot.outgoing.length; i++) records.push(putRecord(snapshot.outgoing[i]));
    for (let i = 0; i < snapshot.incoming.length; i++) records.push(idRecord(OP_PUT_IN, snapshot.incoming[i]));
    const queued = snapshot.queued || [];
    for (let i = 0; i < queued.length; i++) records.push(queuedRecord(queued[i]));
    for (let i = 0; i < records.length; i++) size += records[i].length;
    const all = new Uint8Array(size);
    let pos = 0;
    for (let i = 0; i < records.length; i++) {
      all.set(records[i], pos);
      pos += records[i].length;
    }
    const tmp = this.logPath + '.tmp';
    const fd = this.fs.openSync(tmp, 'w');
    try {
      writeAll(this.fs, fd, all);
      this.fs.fsyncSync(fd);
    } finally {
      this.fs.closeSync(fd);
    }
    this.fs.renameSync(tmp, this.logPath);
    syncDir(this.fs, this.dir);
    if (this.fd >= 0) this.fs.closeSync(this.fd);
    this.fd = this.fs.openSync(this.logPath, 'a');
    this.logBytes = size;
    this.compactAt = Math.max(this.compactBytes, 2 * size);
  }

  private lock(): void {
    const dir = this.dir;
    if (heldHere[dir]) throw locked(dir, process.pid, this.lockPath);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = this.fs.openSync(this.lockPath, 'wx');
        this.fs.writeSync(fd, String(process.pid));
        this.fs.closeSync(fd);
        heldHere[dir] = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw failed('cannot lock ' + dir, e);
      }
      let holder = NaN;
      try {
        holder = parseInt(String(this.fs.readFileSync(this.lockPath, 'utf8')), 10);
      } catch (e) {
        // vanished meanwhile: try again
      }
      if (holder > 0 && holder !== process.pid && pidAlive(holder)) throw locked(dir, holder, this.lockPath);
      // a stale lock: its process died (or it is ours from a client that never closed)
      try {
        this.fs.unlinkSync(this.lockPath);
      } catch (e) {
        // someone else removed it: race on
      }
    }
    throw new StoreError('STORE_LOCKED', 'fileStore: could not take ' + this.lockPath + ' (another process keeps taking it)');
  }

  private unlock(): void {
    delete heldHere[this.dir];
    try {
      this.fs.unlinkSync(this.lockPath);
    } catch (e) {
      // already gone: nothing to release
    }
  }
}

function locked(dir: string, pid: number, lockPath: string): StoreError {
  return new StoreError(
    'STORE_LOCKED',
    'fileStore: ' + dir + ' is held by process ' + pid + (pid === process.pid ? ' (this one: another client has it open)' : '') +
      '; one process (one client) per store directory (lock file ' + lockPath + ')',
  );
}

function writeAll(fs: FileStoreFs, fd: number, bytes: Uint8Array): void {
  let pos = 0;
  while (pos < bytes.length) pos += fs.writeSync(fd, bytes, pos, bytes.length - pos);
}

/** fsyncs a directory so a rename in it is durable (not possible on every platform: skipped there). */
function syncDir(fs: FileStoreFs, dir: string): void {
  let fd = -1;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (e) {
    // Windows cannot open a directory; the rename is still atomic
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}
