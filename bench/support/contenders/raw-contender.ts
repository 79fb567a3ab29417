import { encodePublish } from '../../../lib/codec/encode-publish';
import { cpuMicros, wallClock } from '../clock';
import type { Contender, ContenderPublisher } from '../contender';
import { preEncode } from '../pre-encoded';
import { openRawMqtt } from '../raw-mqtt';
import { rawPublish } from '../raw-publish';
import { openRawSubscriber } from '../raw-subscriber';

/**
 * The reference ceiling: packets encoded before the clock starts, written on a plain
 * `net.Socket` in socket-paced chunks ({@link rawPublish}); its subscriber only frames
 * packets and acknowledges QoS 1 ({@link openRawSubscriber}).
 */
export const rawContender: Contender = {
  name: 'raw',
  describe: (window, chunkBytes) =>
    'pre-encoded PUBLISH packets, socket-paced writes of <= ' + chunkBytes + ' bytes, QoS 1 window ' + window,
  async openPublisher(port, clientId) {
    const raw = await openRawMqtt(port, clientId);
    let nextId = 0;
    const publisher: ContenderPublisher = {
      async publishMany(options) {
        const packets = preEncode(options.topic, options.payload, options.qos, options.count);
        const c0 = cpuMicros();
        const t0 = wallClock();
        await rawPublish(raw, packets, { qos: options.qos, window: options.window, chunkBytes: options.chunkBytes });
        return { t0, tEnd: wallClock(), cpuMicros: cpuMicros() - c0, failures: 0 };
      },
      publishOne(topic, payload, qos) {
        nextId = (nextId % 65535) + 1;
        raw.socket.write(encodePublish(topic, payload, qos, false, false, qos === 1 ? nextId : undefined));
      },
      close: async () => raw.close(),
    };
    return publisher;
  },
  async openSubscriber(port, clientId, filter, qos, onMessage) {
    const raw = await openRawSubscriber(port, clientId, filter, qos, onMessage);
    return { close: async () => raw.close() };
  },
};
