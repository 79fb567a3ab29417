import { asyncScheduler } from 'rxjs';
import type { PublishPacket } from '../../../../lib/codec/packet';
import { MqttError } from '../../../../lib/errors';
import { InFlightOwner, OutboundWindow } from '../../../../lib/client/outbound/outbound-window';
import { presumeLinkDead } from '../../../../lib/client/outbound/presume-link-dead';
import type { Link } from '../../../../lib/client/connection/link';
import { connectAt, disconnectAt, inFlight, LETTERS, receivedLetters, errorShape, testScheduler, virtualClient } from '../support/harness';
import { lettered, stateLabels, at } from '../support/resilience';

function packet(): PublishPacket {
  return { type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 1, retain: false, dup: false };
}

const owner: InFlightOwner = {
  acknowledged: () => undefined,
  failed: () => {
    throw new Error('the owner must not be told');
  },
};

describe('presumeLinkDead', () => {
  it('fails the live session with the timeout and keeps the entry with a fresh deadline', () => {
    testScheduler().run(({ flush }) => {
      const failures: MqttError[] = [];
      const session = { isEnded: false, fail: (e: MqttError) => failures.push(e) } as unknown as Link;
      const window = new OutboundWindow(asyncScheduler, 100, presumeLinkDead(() => session));
      const entry = window.track(packet(), owner, null)!;
      at(150, () => {
        expect(failures.map(errorShape)).toEqual([
          { name: 'MqttTimeoutError', code: 'PUBACK_TIMEOUT', message: 'no PUBACK for packet 1 within 100 ms' },
        ]);
        expect(inFlight(window)).toEqual([entry]);
        expect(entry.deadline).toBe(200);
        window.remove(entry);
      });
      flush();
    });
  });

  it('while offline, lets an expired entry wait again without failing anything', () => {
    testScheduler().run(({ flush }) => {
      const window = new OutboundWindow(asyncScheduler, 100, presumeLinkDead(() => null));
      const entry = window.track(packet(), owner, null)!;
      at(350, () => {
        expect(inFlight(window)).toEqual([entry]);
        expect(entry.deadline).toBe(400);
        window.remove(entry);
      });
      flush();
    });
  });

  it('in a client, a SUBACK timeout also reconnects, and the topic is subscribed again there', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0, responseTimeout: 1000, reconnect: { random: () => 0.5 } });
      broker.answers.suback = false;
      const labels = ['connected#1', 'reconnecting#1/1000:SUBACK_TIMEOUT', 'connected#1', 'disconnected'];
      expectObservable(stateLabels(client), '50ms ^').toBe('50ms a 949ms b 999ms c 999ms (d|)', lettered(labels));
      expectObservable(receivedLetters(broker), '^ 2999ms !').toBe('(CS) 1996ms (CS)', LETTERS);
      expectObservable(client.topic('a'), '^ 2999ms !').toBe('');
      connectAt(client, 0);
      at(1500, () => (broker.answers.suback = true));
      disconnectAt(client, 3000);
    });
  });
});
