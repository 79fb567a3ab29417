import { Observable } from 'rxjs';
import type { Connection, Transport } from '../../../../lib/client/transport';
import { ServerRotation } from '../../../../lib/client/options/server-rotation';

/** A transport that records its name when a connection is opened. */
function recording(name: string, log: string[]): Transport {
  return { open: () => new Observable<Connection>(() => void log.push(name)) };
}

describe('ServerRotation', () => {
  it('opens to the current server; next() moves on and wraps around', () => {
    const log: string[] = [];
    const rotation = new ServerRotation(['a', 'b', 'c'].map((name) => ({ name, transport: recording(name, log) })));
    expect(rotation.size).toBe(3);
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(rotation.server);
      rotation.open().subscribe().unsubscribe();
      rotation.next();
    }
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
    expect(log).toEqual(['a', 'b', 'c', 'a']);
  });

  it('dials the server current when open() is subscribed, not when it is called', () => {
    const log: string[] = [];
    const rotation = new ServerRotation(['a', 'b'].map((name) => ({ name, transport: recording(name, log) })));
    const open$ = rotation.open();
    rotation.next();
    open$.subscribe().unsubscribe();
    expect(log).toEqual(['b']);
  });

  it('refuses an empty list with a RangeError', () => {
    expect(() => new ServerRotation([])).toThrow(new RangeError('servers must list at least one server'));
  });
});
