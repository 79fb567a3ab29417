import { Observable, Subscriber } from 'rxjs';
import { encodePublish } from '../codec/encode-publish';
import type { PublishPacket } from '../codec/packet';
import { MAX_REMAINING_LENGTH } from '../codec/remaining-length';
import { assertTopicName } from '../codec/topic';
import { encodeUtf8 } from '../codec/utf8';
import { MqttError, QueueOverflowError } from '../errors';
import type { ClientLifecycle } from './client-lifecycle';
import type { InFlight, InFlightOwner, OutboundWindow } from './outbound-window';
import type { OutgoingMessage, PublishOptions, PublishResult } from './types';
import type { WriteListener } from './write-batcher';

/** The error of `publish()` and `ping()` while no connection is up (code `NOT_CONNECTED`). */
export function notConnected(what: string): MqttError {
  return new MqttError('NOT_CONNECTED', what + ' needs a connected client: call connect() first');
}

/**
 * Checks the arguments of `publish()` and returns the message with its defaults.
 *
 * @throws TypeError for a topic that is not a string, a payload that is neither a string
 *   nor a Uint8Array, options or flags of the wrong type
 * @throws RangeError for an invalid topic name (empty, wildcards [MQTT-3.3.2-2], over
 *   65535 bytes [MQTT-4.7.3-3]), a qos other than 0 or 1, a payload too large for one packet
 */
export function checkPublish(topic: string, payload: string | Uint8Array, options?: PublishOptions): OutgoingMessage {
  assertTopicName(topic);
  let size: number;
  if (typeof payload === 'string') size = payload.length * 3 > MAX_REMAINING_LENGTH ? encodeUtf8(payload).length : 0;
  else if (payload instanceof Uint8Array) size = payload.length;
  else throw new TypeError('payload must be a string or a Uint8Array, got ' + (payload === null ? 'null' : typeof payload));
  let qos: 0 | 1 = 0;
  let retain = false;
  if (options !== undefined) {
    if (options === null || typeof options !== 'object') throw new TypeError('publish options must be an object');
    if (options.qos !== undefined) {
      if (typeof options.qos !== 'number') throw new TypeError('qos must be a number, got ' + typeof options.qos);
      if (options.qos !== 0 && options.qos !== 1) throw new RangeError('qos must be 0 or 1, got ' + options.qos);
      qos = options.qos;
    }
    if (options.retain !== undefined) {
      if (typeof options.retain !== 'boolean') throw new TypeError('retain must be a boolean, got ' + typeof options.retain);
      retain = options.retain;
    }
  }
  if (size + topic.length * 3 + 4 > MAX_REMAINING_LENGTH) {
    throw new RangeError('payload of ' + size + ' bytes does not fit in one MQTT packet (max ' + MAX_REMAINING_LENGTH + ')');
  }
  return { topic, payload, qos, retain };
}

/** One `publish()` subscription on its way: told by the batcher (QoS 0) or the window (QoS 1). */
class PendingPublish implements WriteListener, InFlightOwner {
  constructor(
    public subscriber: Subscriber<PublishResult> | null,
    private readonly message: OutgoingMessage,
  ) {}

  written(): void {
    if (this.message.qos === 0) this.settle(null);
  }

  writeFailed(error: MqttError): void {
    if (this.message.qos === 0) this.settle(error);
  }

  acknowledged(): void {
    this.settle(null);
  }

  failed(_entry: InFlight, error: MqttError): void {
    this.settle(error);
  }

  private settle(error: MqttError | null): void {
    const subscriber = this.subscriber;
    if (subscriber === null) return;
    this.subscriber = null;
    if (error !== null) subscriber.error(error);
    else {
      subscriber.next({ message: this.message, ok: true });
      subscriber.complete();
    }
  }
}

/**
 * The observable of `publish()`: each subscription publishes `message` once. QoS 0
 * emits `{ message, ok: true }` and completes once the packet was handed to the
 * transport; QoS 1 once its PUBACK arrived. Errors with `NOT_CONNECTED` when no
 * connection is up, `CLIENT_CLOSED` after `disconnect()`, `PUBACK_TIMEOUT` without a
 * PUBACK within `responseTimeout`, `QUEUE_OVERFLOW` when all 65535 packet ids are in
 * flight, or the error that ended the connection. Unsubscribing early does not recall
 * a packet already queued.
 */
export function publishObservable(
  lifecycle: ClientLifecycle,
  window: OutboundWindow,
  message: OutgoingMessage,
): Observable<PublishResult> {
  return new Observable<PublishResult>((subscriber) => {
    if (lifecycle.closed !== null) {
      subscriber.error(lifecycle.closed);
      return;
    }
    const session = lifecycle.session;
    if (session === null) {
      subscriber.error(notConnected('publish()'));
      return;
    }
    const pending = new PendingPublish(subscriber, message);
    if (message.qos === 0) {
      session.sendBytes(encodePublish(message.topic, message.payload, 0, message.retain, false), pending);
    } else {
      const payload = typeof message.payload === 'string' ? encodeUtf8(message.payload) : message.payload;
      const packet: PublishPacket = { type: 'publish', topic: message.topic, payload, qos: 1, retain: !!message.retain, dup: false };
      const inFlight = window.track(packet, pending, null);
      if (inFlight === null) {
        subscriber.error(new QueueOverflowError('inflight', 'all 65535 packet ids are in flight: cannot publish at QoS 1'));
        return;
      }
      session.sendBytes(encodePublish(packet.topic, payload, 1, packet.retain, false, inFlight.packetId));
    }
    return () => {
      pending.subscriber = null;
    };
  });
}
