import { TestScheduler } from 'rxjs/testing';
import type { ConnectionState } from '../../lib/client/types';
import { TransportError } from '../../lib/errors';
import { connectionEvents, down$, up$ } from '../../operators/connection-events';
import { expectThrows } from './support/expect-throws';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const lost = new TransportError('CONNECTION_LOST', 'connection lost');
const states: Record<string, ConnectionState> = {
  i: { status: 'idle' },
  g: { status: 'connecting', attempt: 0 },
  c: { status: 'connected', sessionPresent: false, attempt: 0 },
  r: { status: 'reconnecting', attempt: 1, nextDelay: 1000, lastError: lost },
  C: { status: 'connected', sessionPresent: true, attempt: 1 },
  d: { status: 'disconnected' },
};

describe('connectionEvents', () => {
  it("emits 'up' on entering 'connected' and 'down' on leaving it, with the state that caused it", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const state$ = cold('i-g-c-c-r-r-C-d-|', states);
      const expected = '   ----u---D---U-E-|';
      expectObservable(connectionEvents(state$)).toBe(expected, {
        u: { type: 'up', state: states.c },
        D: { type: 'down', state: states.r },
        U: { type: 'up', state: states.C },
        E: { type: 'down', state: states.d },
      });
    });
  });

  it("emits 'up' at once for a replayed 'connected' state, and no 'down' for a first state that is not", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(connectionEvents(cold('c-|', states))).toBe('u-|', { u: { type: 'up', state: states.c } });
      expectObservable(connectionEvents(cold('r-d-|', states))).toBe('----|');
    });
  });

  it('passes errors through and unsubscribes from state$', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const state$ = cold('c-#', states, lost);
      expectObservable(connectionEvents(state$)).toBe('u-#', { u: { type: 'up', state: states.c } }, lost);
      expectSubscriptions(state$.subscriptions).toBe('^-!');
    });
  });

  it('rejects a state$ that is not an observable', () => {
    expectThrows(() => connectionEvents(null as never), TypeError, 'connectionEvents: state$ must be an Observable');
  });
});

describe('up$ and down$', () => {
  it('split the events into the connected states and the states after a loss', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const state$ = cold('g-c-r-C-r-d|', states);
      expectObservable(up$(state$)).toBe('  --c---C----|', states);
      expectObservable(down$(state$)).toBe('----r---r--|', states);
    });
  });
});
