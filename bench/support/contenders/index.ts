import type { ContenderName } from '../bench-options';
import type { Contender } from '../contender';
import { mqttjsContender } from './mqttjs-contender';
import { rawContender } from './raw-contender';
import { rxmqttContender } from './rxmqtt-contender';

/** Every contender of the throughput bench, by name. */
export const CONTENDERS: { [name in ContenderName]: Contender } = {
  rxmqtt: rxmqttContender,
  mqttjs: mqttjsContender,
  raw: rawContender,
};

/** How the table names a contender. */
export const CONTENDER_LABELS: { [name in ContenderName]: string } = {
  rxmqtt: 'rxmqtt',
  mqttjs: 'MQTT.js',
  raw: 'raw socket',
};
