import { Observable, Subject } from 'rxjs';
import { createClient } from '../../../../lib/client/create-client';
import { encodePacket } from '../../../../lib/codec/encode';
import type { Connection, Transport } from '../../../../lib/client/transport';
import { statusLabel, testScheduler } from '../support/harness';
import { at } from '../support/resilience';

/** A broker end scripted by the test: what it sends, whether it takes writes, and the client's read pauses. */
function scriptedTransport() {
  const data = new Subject<Uint8Array>();
  const drain = new Subject<void>();
  const log: string[] = [];
  const peer = { takesWrites: true, writes: 0 };
  const connection: Connection = {
    data$: data.asObservable(),
    drain$: drain.asObservable(),
    write() {
      peer.writes++;
      return peer.takesWrites;
    },
    pause() {
      log.push('pause');
      return true;
    },
    resume() {
      log.push('resume');
    },
    close() {
      log.push('close');
    },
  };
  const transport: Transport = { open: () => new Observable<Connection>((s) => s.next(connection)) };
  const send = (packet: Parameters<typeof encodePacket>[0]) => data.next(encodePacket(packet));
  return { transport, send, drain, log, peer };
}

describe('Link backpressure and silence', () => {
  it('pauses reads while the transport refuses writes (acks would pile up), resumes on drain', () => {
    testScheduler().run(() => {
      const { transport, send, drain, log, peer } = scriptedTransport();
      const client = createClient({ transport, keepalive: 0, reconnect: false });
      client.topic('t', { qos: 1 }).subscribe();
      client.connect().subscribe();
      at(0, () => send({ type: 'connack', sessionPresent: false, returnCode: 0 }));
      at(10, () => {
        peer.takesWrites = false;
        send({ type: 'publish', topic: 't', payload: new Uint8Array(1), qos: 1, packetId: 1, retain: false, dup: false });
      });
      at(20, () => expect(log).toEqual(['pause']));
      at(30, () => drain.next());
      at(40, () => {
        expect(log).toEqual(['pause', 'resume']);
        client.disconnect({ force: true }).subscribe();
      });
    });
  });

  it('a link on which nothing is received for keepalive + responseTimeout is dead, however much the client writes (PINGREQ after a silent keepalive)', () => {
    testScheduler().run(({ expectObservable }) => {
      const { transport, send } = scriptedTransport();
      const client = createClient({ transport, keepalive: 1, responseTimeout: 300, reconnect: false });
      // writes every 200 ms keep the keepalive from sending PINGREQ; the broker stays silent after CONNACK
      expectObservable(client.state$.pipe(describeStates())).toBe('c 1299ms (d|)', {
        a: 'idle',
        b: 'connecting',
        c: 'connected',
        d: 'disconnected:PINGRESP_TIMEOUT',
      });
      client.connect().subscribe({ error: () => undefined });
      send({ type: 'connack', sessionPresent: false, returnCode: 0 });
      for (let t = 200; t <= 3000; t += 200) at(t, () => client.publish('t', 'x').subscribe({ error: () => undefined }));
    });
  });
});

function describeStates() {
  return (source: Observable<Parameters<typeof statusLabel>[0]>) =>
    new Observable<string>((s) => source.subscribe({ next: (v) => s.next(statusLabel(v)), error: (e) => s.error(e), complete: () => s.complete() }));
}
