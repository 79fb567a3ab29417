import mqtt, { MqttClient } from 'mqtt';
import { cpuMicros, wallClock } from '../clock';
import type { Contender, ContenderPublisher } from '../contender';

function connectMqttjs(port: number, clientId: string): Promise<MqttClient> {
  return new Promise<MqttClient>((resolve, reject) => {
    const client = mqtt.connect({ host: '127.0.0.1', port, protocol: 'mqtt', clientId, clean: true, reconnectPeriod: 0, keepalive: 60 });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

function endMqttjs(client: MqttClient): Promise<void> {
  return new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
}

/**
 * MQTT.js 5 at its best: windowed publishing, at most `window` publishes outstanding,
 * the next one started from a publish callback (QoS 0: called once written or on
 * `'drain'`; QoS 1: on PUBACK), in a loop rather than recursion so synchronous
 * callbacks cannot overflow the stack. Its subscriber counts in the `'message'` handler.
 */
export const mqttjsContender: Contender = {
  name: 'mqttjs',
  describe: (window) => 'MQTT.js 5, publish() with <= ' + window + ' outstanding, callback-driven',
  async openPublisher(port, clientId) {
    const client = await connectMqttjs(port, clientId);
    const publisher: ContenderPublisher = {
      publishMany(options) {
        return new Promise((resolve, reject) => {
          const count = options.count;
          const window = options.window;
          const publishOptions = { qos: options.qos };
          let sent = 0;
          let done = 0;
          let failures = 0;
          let pumping = false;
          const c0 = cpuMicros();
          const t0 = wallClock();
          const onDone = (error?: Error): void => {
            if (error) failures++;
            done++;
            if (done === count) resolve({ t0, tEnd: wallClock(), cpuMicros: cpuMicros() - c0, failures });
            else pump();
          };
          const pump = (): void => {
            if (pumping) return;
            pumping = true;
            while (sent < count && sent - done < window) {
              sent++;
              client.publish(options.topic, options.payload, publishOptions, onDone);
            }
            pumping = false;
          };
          client.once('close', () => {
            if (done < count) reject(new Error('MQTT.js publisher closed after ' + done + ' of ' + count));
          });
          pump();
        });
      },
      publishOne(topic, payload, qos) {
        client.publish(topic, payload, { qos });
      },
      close: () => endMqttjs(client),
    };
    return publisher;
  },
  async openSubscriber(port, clientId, filter, qos, onMessage) {
    const client = await connectMqttjs(port, clientId);
    client.on('message', (topic, payload) => onMessage(payload, 0, payload.length));
    await new Promise<void>((resolve, reject) => {
      client.subscribe(filter, { qos }, (error) => (error ? reject(error) : resolve()));
    });
    return { close: () => endMqttjs(client) };
  },
};
