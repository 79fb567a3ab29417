import { fromIoCallbackUntilTimer } from '../support/io-turn';
import { asyncScheduler, SchedulerLike } from 'rxjs';
import { encodeUtf8 } from '../../../../lib/codec/utf8';
import type { Packet, PublishPacket, QoS } from '../../../../lib/codec/packet';
import { InboundDispatcher } from '../../../../lib/client/inbound/inbound-dispatcher';
import { InboundQueue } from '../../../../lib/client/inbound/inbound-queue';
import { OutboundWindow } from '../../../../lib/client/outbound/outbound-window';
import type { Link } from '../../../../lib/client/connection/link';
import { TopicRegistry } from '../../../../lib/client/inbound/topic-registry';
import { createClient } from '../../../../lib/client/create-client';
import { VirtualBroker } from '../../../../adapters/virtual';
import { testScheduler } from '../support/harness';
import { at } from '../support/resilience';
import { yieldScheduler } from '../../../../lib/client/shared/yield-scheduler';

/** A clock that observers can move forward, as if they took that long. */
class SlowClock {
  skew = 0;
  readonly scheduler: SchedulerLike = {
    now: () => asyncScheduler.now() + this.skew,
    schedule: (work, delay, state) => asyncScheduler.schedule(work as never, delay, state),
  } as SchedulerLike;
}

/** A session that logs the acknowledgements written to it, and its read pauses (`pausable: false`: a transport that cannot pause). */
function fakeSession(log: string[], pausable = true): Link {
  let paused = false;
  return {
    isEnded: false,
    readsPaused() {
      return paused;
    },
    sendAck(type: number, packetId: number) {
      log.push((type === 4 ? 'PUBACK ' : 'PUBREC ') + packetId);
    },
    pauseReads() {
      if (pausable) log.push('pause');
      paused = pausable;
      return pausable;
    },
    resumeReads() {
      log.push('resume');
      paused = false;
    },
  } as unknown as Link;
}

function publish(n: number, qos: QoS = 1): PublishPacket {
  return { type: 'publish', topic: 't', payload: encodeUtf8('m' + n), qos, retain: false, dup: false, packetId: qos > 0 ? n : undefined };
}

/** A queue in front of a real dispatcher whose observer logs and takes `cost` ms per message. */
function setUp(limit: number, cost: number, pausable = true) {
  const log: string[] = [];
  const clock = new SlowClock();
  const window = new OutboundWindow(clock.scheduler, 1000);
  const dispatcher = new InboundDispatcher(new TopicRegistry(window, () => null), window);
  let discards = 0;
  const queue = new InboundQueue(dispatcher, limit, clock.scheduler, clock.scheduler, (p) => {
    discards++;
    log.push('discard ' + Buffer.from(p.payload).toString());
  });
  dispatcher.messages.subscribe((m) => {
    log.push('deliver ' + Buffer.from(m.payload).toString());
    clock.skew += cost;
  });
  return { log, queue, session: fakeSession(log, pausable), discards: () => discards };
}

describe('InboundQueue', () => {
  it('delivers synchronously, in order, while observers keep up; PUBACK after delivery', () => {
    testScheduler().run(() => {
      const { log, queue, session } = setUp(3, 0);
      for (let i = 1; i <= 5; i++) queue.packet(publish(i), session);
      expect(log).toEqual(['deliver m1', 'PUBACK 1', 'deliver m2', 'PUBACK 2', 'deliver m3', 'PUBACK 3', 'deliver m4', 'PUBACK 4', 'deliver m5', 'PUBACK 5']);
      queue.flush(); // nothing waits
      expect(log.length).toBe(10);
    });
  });

  it('after 10 ms of deliveries in one turn, lets messages wait and yields before the next slice', () => {
    testScheduler().run(({ flush }) => {
      const { log, queue, session } = setUp(10, 6);
      for (let i = 1; i <= 4; i++) queue.packet(publish(i), session);
      // m1 (6 ms) and m2 (12 ms) fit the first slice; m3 and m4 wait for the next task
      expect(log).toEqual(['deliver m1', 'PUBACK 1', 'deliver m2', 'PUBACK 2']);
      flush();
      expect(log.slice(4)).toEqual(['deliver m3', 'PUBACK 3', 'deliver m4', 'PUBACK 4']);
      queue.flush(); // nothing waits any more
      expect(log.length).toBe(8);
    });
  });

  it('with the client\'s default yielder (setImmediate on Node), the next slice runs after the socket reads due, before a 1 ms timer', async () => {
    const log: string[] = [];
    const clock = new SlowClock();
    const window = new OutboundWindow(clock.scheduler, 1000);
    const dispatcher = new InboundDispatcher(new TopicRegistry(window, () => null), window);
    const queue = new InboundQueue(dispatcher, 10, clock.scheduler, yieldScheduler(), () => undefined);
    dispatcher.messages.subscribe((m) => {
      log.push('deliver ' + Buffer.from(m.payload).toString());
      clock.skew += 6;
    });
    const session = fakeSession(log);
    // from an I/O callback, as packets arrive
    await fromIoCallbackUntilTimer(log, () => {
      for (let i = 1; i <= 3; i++) queue.packet(publish(i), session);
      expect(log).toEqual(['deliver m1', 'PUBACK 1', 'deliver m2', 'PUBACK 2']); // m3 waits
    });
    expect(log).toEqual(['deliver m1', 'PUBACK 1', 'deliver m2', 'PUBACK 2', 'deliver m3', 'PUBACK 3', 'timer']);
  });

  it('pauses the reads when `limit` messages wait, drops nothing (not even what the same read brought), resumes at limit / 2', () => {
    testScheduler().run(({ flush }) => {
      const { log, queue, session, discards } = setUp(2, 20);
      for (let i = 1; i <= 5; i++) queue.packet(publish(i), session); // one read brought five
      expect(log).toEqual(['deliver m1', 'PUBACK 1', 'pause']);
      expect(queue.waiting).toBe(4);
      flush();
      expect(log.slice(3)).toEqual(['deliver m2', 'PUBACK 2', 'deliver m3', 'PUBACK 3', 'deliver m4', 'PUBACK 4', 'resume', 'deliver m5', 'PUBACK 5']);
      expect(discards()).toBe(0);
    });
  });

  it('without a transport that can pause: drops the oldest waiting QoS 0 message (counted), never a QoS 1 or 2 one', () => {
    testScheduler().run(({ flush }) => {
      const { log, queue, session, discards } = setUp(1, 20, false);
      queue.packet(publish(1, 0), session);
      queue.packet(publish(2, 0), session);
      queue.packet(publish(3, 0), session); // drops 2
      queue.packet(publish(4, 1), session); // drops 3
      queue.packet(publish(5, 2), session); // m4 is QoS 1: kept, the queue grows
      queue.packet(publish(6, 0), session);
      flush();
      expect(log).toEqual(['deliver m1', 'discard m2', 'discard m3', 'deliver m4', 'PUBACK 4', 'deliver m5', 'PUBREC 5', 'deliver m6']);
      expect(discards()).toBe(2);
    });
  });

  it('passes every other packet straight through, also while messages wait', () => {
    testScheduler().run(() => {
      const seen: string[] = [];
      const clock = new SlowClock();
      const queue = new InboundQueue(
        {
          packet: (p: Packet) => {
            seen.push(p.type);
            clock.skew += 20;
          },
        },
        5,
        clock.scheduler,
        clock.scheduler,
        () => undefined,
      );
      const session = fakeSession([]);
      queue.packet(publish(1), session);
      queue.packet(publish(2), session);
      queue.packet({ type: 'puback', packetId: 9 }, session);
      expect(seen).toEqual(['publish', 'puback']);
      queue.flush(); // the second PUBLISH waited
      expect(seen).toEqual(['publish', 'puback', 'publish']);
    });
  });

  it('flush() delivers everything waiting at once', () => {
    testScheduler().run(() => {
      const { log, queue, session } = setUp(5, 20);
      for (let i = 1; i <= 3; i++) queue.packet(publish(i), session);
      queue.flush();
      expect(log).toEqual(['deliver m1', 'PUBACK 1', 'deliver m2', 'PUBACK 2', 'deliver m3', 'PUBACK 3']);
    });
  });

  it('is the client\'s inboundQueue: a slow QoS 1 observer holds the reads back and loses nothing (no discards, no PUBACK before delivery)', () => {
    testScheduler().run(() => {
      const clock = new SlowClock();
      const broker = new VirtualBroker();
      const client = createClient({
        transport: broker.transport,
        clientId: 'slow',
        keepalive: 0,
        inboundQueue: { limit: 2 },
        scheduler: clock.scheduler,
      });
      const seen: string[] = [];
      client.topic('t', { qos: 1 }).subscribe((m) => {
        seen.push(Buffer.from(m.payload).toString());
        clock.skew += 20;
      });
      client.connect().subscribe();
      at(100, () => {
        for (let i = 1; i <= 5; i++) broker.publish('t', 'm' + i, { qos: 1 });
      });
      at(200, () => {
        expect(seen).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
        expect(client.stats.discards).toBe(0);
        expect(broker.packets('puback').map((p) => p.packetId)).toEqual([1, 2, 3, 4, 5]);
        client.disconnect().subscribe();
      });
    });
  });
});
