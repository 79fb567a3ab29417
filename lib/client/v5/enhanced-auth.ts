/**
 * MQTT 5 enhanced authentication [MQTT-4.12]: the AUTH exchange of one connection, before
 * its CONNACK and in a re-authentication, kept out of the {@link Link} it serves.
 */
import { Observable, Subscriber, Subscription } from 'rxjs';
import type { AuthPacket, AuthProperties, UserProperties } from '../../codec/packet';
import { MqttError, MqttProtocolError } from '../../errors';

/** A server's AUTH as the `authenticate` hook sees it: a challenge (0x18) to answer. */
export interface AuthChallenge {
  /** 0x18 continue authentication. */
  reasonCode: number;
  /** The method, the one of our CONNECT. */
  authenticationMethod: string;
  /** The server's challenge data, when it sent some. */
  authenticationData?: Uint8Array;
  reasonString?: string;
  userProperties?: UserProperties;
}

/**
 * The `authenticate` option: answers a server's challenge with the next authentication
 * data. Returns an Observable (`of(bytes)` for an answer at hand, `from(promise)` for an
 * async one): its first value is sent in an AUTH 0x18; erroring, completing without a
 * value or throwing ends the connection with `AUTH_HOOK_FAILED`.
 */
export type AuthHook = (challenge: AuthChallenge) => Observable<Uint8Array>;

/** What `client.reauthenticate()` emits: the server's AUTH 0x00 that ended the exchange. */
export interface AuthResult {
  reasonCode: number;
  properties: AuthProperties;
}

/** What {@link EnhancedAuth} needs of its link. */
export interface AuthLink {
  send(packet: AuthPacket): void;
  /** Ends the link with `error`, sending DISCONNECT with `reasonCode` first. */
  failWith(error: MqttError, reasonCode: number): void;
}

/** The server broke the AUTH rules: DISCONNECT 0x82 (protocol error) and this error. */
function unexpectedAuth(why: string): MqttProtocolError {
  return new MqttProtocolError('UNEXPECTED_AUTH', 'unexpected AUTH from the server: ' + why);
}

/**
 * The AUTH exchange of one connection. With an `authenticationMethod` in the CONNECT the
 * server may answer with AUTH 0x18 challenges before its CONNACK: each goes to the hook
 * and its answer back in an AUTH 0x18. `reauthenticate` starts the same exchange on a live
 * connection (AUTH 0x19), ended by the server's AUTH 0x00 [MQTT-4.12.1].
 *
 * Failures end the link (MQTT 5 §4.12): `UNEXPECTED_AUTH` (an AUTH though our CONNECT
 * named no method, or outside an exchange, DISCONNECT 0x82), `AUTH_METHOD_MISMATCH`
 * (another method than ours, DISCONNECT 0x82), `AUTH_HOOK_FAILED` (no hook, or the hook
 * threw, errored or completed empty, DISCONNECT 0x80).
 */
export class EnhancedAuth {
  private answering: Subscription | null = null;
  /** A re-authentication is under way (AUTH 0x19 sent, no AUTH 0x00 yet). */
  private reauthenticating = false;
  /** Who waits for its end (null when the caller stopped waiting). */
  private reauth: Subscriber<AuthResult> | null = null;

  constructor(
    private readonly method: string | undefined,
    private readonly hook: AuthHook | undefined,
    private readonly link: AuthLink,
  ) {}

  /** Takes in an AUTH from the server; `established`: after the CONNACK. */
  received(packet: AuthPacket, established: boolean): void {
    const properties = packet.properties || {};
    if (this.method === undefined) return this.link.failWith(unexpectedAuth('the CONNECT named no authentication method'), 0x82);
    if (properties.authenticationMethod !== this.method) {
      const error = new MqttProtocolError(
        'AUTH_METHOD_MISMATCH',
        'the server\'s AUTH names the method ' + JSON.stringify(properties.authenticationMethod) + ', not ours ' + JSON.stringify(this.method),
      );
      return this.link.failWith(error, 0x82); // a protocol error: DISCONNECT may not carry 0x8C
    }
    const inExchange = !established || this.reauthenticating;
    if (packet.reasonCode === 0 && established && this.reauthenticating) {
      const subscriber = this.reauth;
      this.reauth = null;
      this.reauthenticating = false;
      if (subscriber !== null) {
        subscriber.next({ reasonCode: 0, properties });
        subscriber.complete();
      }
    } else if (packet.reasonCode !== 0x18 || !inExchange) {
      this.link.failWith(unexpectedAuth('reason code 0x' + packet.reasonCode.toString(16) + (inExchange ? '' : ' outside an authentication exchange')), 0x82);
    } else this.answer(packet.reasonCode, properties);
  }

  /** Calls the hook with a challenge and sends its answer. */
  private answer(reasonCode: number, properties: AuthProperties): void {
    const hook = this.hook;
    if (hook === undefined) return this.hookFailed('the server sent an authentication challenge and there is no authenticate option', undefined);
    // the AUTH's properties: its method (ours), data, reason string, user properties
    const challenge = Object.assign({ reasonCode }, properties) as AuthChallenge;
    let answered = false;
    this.cancelAnswer();
    try {
      this.answering = hook(challenge).subscribe({
        next: (data) => {
          if (answered) return;
          answered = true;
          this.cancelAnswer();
          if (!(data instanceof Uint8Array)) return this.hookFailed('the authenticate hook answered with something other than a Uint8Array', undefined);
          this.link.send({ type: 'auth', reasonCode: 0x18, properties: { authenticationMethod: this.method, authenticationData: data } });
        },
        error: (error) => this.hookFailed('the authenticate hook errored', error),
        complete: () => {
          if (!answered) this.hookFailed('the authenticate hook completed without an answer', undefined);
        },
      });
    } catch (e) {
      this.hookFailed('the authenticate hook threw', e);
    }
    if (answered) this.cancelAnswer();
  }

  private hookFailed(why: string, cause: unknown): void {
    const message = cause instanceof Error ? why + ': ' + cause.message : why;
    this.link.failWith(new MqttError('AUTH_HOOK_FAILED', message, cause), 0x80);
  }

  /**
   * Starts a re-authentication (AUTH 0x19 with `data`): emits the server's AUTH 0x00 and
   * completes; errors when the link ends first (a server refusing sends DISCONNECT:
   * `SERVER_DISCONNECT` with its reason code, e.g. 0x87).
   */
  reauthenticate(data: Uint8Array | undefined, userProperties: UserProperties | undefined): Observable<AuthResult> {
    return new Observable<AuthResult>((subscriber) => {
      if (this.reauthenticating) {
        subscriber.error(new MqttError('UNEXPECTED_AUTH', 'a re-authentication is already under way'));
        return;
      }
      this.reauthenticating = true;
      this.reauth = subscriber;
      const properties: AuthProperties = { authenticationMethod: this.method };
      if (data !== undefined) properties.authenticationData = data;
      if (userProperties !== undefined) properties.userProperties = userProperties;
      this.link.send({ type: 'auth', reasonCode: 0x19, properties });
      return () => {
        if (this.reauth === subscriber) this.reauth = null; // the exchange goes on; its end reaches nobody
      };
    });
  }

  /** The link ended with `error`: a re-authentication under way errors with it. */
  ended(error: MqttError): void {
    this.cancelAnswer();
    const subscriber = this.reauth;
    this.reauth = null;
    if (subscriber !== null) subscriber.error(error);
  }

  private cancelAnswer(): void {
    const answering = this.answering;
    this.answering = null;
    if (answering !== null) answering.unsubscribe();
  }
}
