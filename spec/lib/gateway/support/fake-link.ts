import { Observable, Subject } from 'rxjs';
import type { NodeAddress, NodeDatagram, NodeLink } from '../../../../lib/gateway/node-link';

/**
 * A scripted {@link NodeLink}: the spec injects datagrams with `receive`, reads what the
 * gateway sent with `sentTo`, and makes sends to some nodes fail with `unreachable`.
 */
export class FakeLink implements NodeLink {
  readonly incoming = new Subject<NodeDatagram>();
  readonly datagrams$ = this.incoming.asObservable();
  /** Every datagram sent, decoded, in order. */
  readonly sent: Array<{ to: NodeAddress; text: string }> = [];
  /** Nodes whose sends fail. */
  unreachable: { [address: string]: boolean } = {};

  receive(from: NodeAddress, datagram: string | Uint8Array | unknown[]): void {
    const data =
      datagram instanceof Uint8Array
        ? datagram
        : new TextEncoder().encode(typeof datagram === 'string' ? datagram : JSON.stringify(datagram));
    this.incoming.next({ from, data });
  }

  send(to: NodeAddress, data: Uint8Array): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (this.unreachable[to]) {
        subscriber.error(new Error('no answer from ' + to));
        return;
      }
      this.sent.push({ to, text: new TextDecoder().decode(data) });
      subscriber.complete();
    });
  }

  /** What `to` got, parsed from JSON. */
  sentTo(to: NodeAddress): unknown[] {
    return this.sent.filter((s) => s.to === to).map((s) => JSON.parse(s.text));
  }
}
