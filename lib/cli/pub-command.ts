import { concatMap, defer, lastValueFrom, Observable, range, tap, timer } from 'rxjs';
import type { MqttClient, PublishOptions, PublishResult } from '../client/types';
import { topicNameProblem } from '../codec/topic';
import type { CliCommand } from './cli-io';
import { parseCommandLine, qosFlag } from './parse-command-line';
import { clientOptionsFromFlags, CONNECTION_FLAGS, urlTopic } from './connection-flags';
import { withCliTransport } from './cli-transport';
import { commandProperties, disconnectOptionsOf } from './property-flags';
import { forEachLine, readPayloadFile, readWholeStream } from './read-input';
import { runClientSession } from './run-client-session';
import { UsageError } from './usage-error';

/** Flags of `rxmqtt pub` (mosquitto_pub's spellings). */
export const PUB_FLAGS = {
  topic: { names: ['-t', '--topic'], type: 'string', value: 'topic', description: 'topic to publish to' },
  message: { names: ['-m', '--message'], type: 'list', value: 'text', description: 'send this message' },
  file: { names: ['-f', '--file'], type: 'list', value: 'file', description: 'send the content of this file' },
  lines: { names: ['-l', '--stdin-line'], type: 'boolean', description: 'send each line of stdin as a message (a blank line as an empty one)' },
  stdin: { names: ['-s', '--stdin-file'], type: 'boolean', description: 'send all of stdin as one message' },
  nullMessage: { names: ['-n', '--null-message'], type: 'boolean', description: 'send an empty message' },
  qos: { names: ['-q', '--qos'], type: 'number', value: 'qos', description: 'QoS 0 or 1 (default 0); 1 waits for the PUBACK; 2 not yet' },
  retain: { names: ['-r', '--retain'], type: 'boolean', description: 'ask the broker to retain the message' },
  repeat: { names: ['--repeat'], type: 'number', value: 'n', description: 'with -m, -f, -s or -n: publish the message n times' },
  repeatDelay: { names: ['--repeat-delay'], type: 'decimal', value: 'seconds', description: 'with --repeat: wait this long between publishes (default 0)' },
  ...CONNECTION_FLAGS,
} as const;

const HELP = {
  usage: 'rxmqtt pub {-t topic | -L mqtt://host/topic} (-m text | -f file | -l | -s | -n) [-q qos] [-r] [--repeat n] [options]',
  summary:
    'Publishes one message (or one per stdin line with -l) like mosquitto_pub, waits until it is\n' +
    'delivered at its QoS, sends DISCONNECT and exits 0.',
};

function checkDelivered(result: PublishResult): void {
  if (!result.ok) throw result.error || new Error('the message was not delivered');
}

/**
 * `rxmqtt pub`: publishes `-m`, `-f`, `-s` or `-n` as one message (`--repeat` times,
 * `--repeat-delay` apart), or each stdin line with `-l` (a blank line as an empty
 * message, as mosquitto_pub does; read as the broker keeps up), then disconnects.
 * The topic is `-t`'s, else the path of `-L mqtt://host/topic`. Resolves 0 once every
 * message is delivered at its QoS, 130 when Ctrl-C cut it short; throws a `UsageError`
 * for a bad flag; rejects with the connection or delivery error (the CLI prints one line).
 *
 * @example
 * ```sh
 * rxmqtt pub -t home/light -m on -q 1 -r
 * ```
 */
export const pubCommand: CliCommand = (argv, io) => {
  const flags = parseCommandLine(argv, io, HELP, PUB_FLAGS);
  if (flags === undefined) return Promise.resolve(0);
  const topic = flags.topic !== undefined ? flags.topic : urlTopic(flags);
  if (topic === undefined) throw new UsageError('give the topic with -t (or in the path of -L mqtt://host/topic)');
  const problem = topicNameProblem(topic);
  if (problem !== null) throw new UsageError('option -t "' + topic + '": ' + problem);
  const sources = flags.message.length + flags.file.length + (flags.lines ? 1 : 0) + (flags.stdin ? 1 : 0) + (flags.nullMessage ? 1 : 0);
  if (sources !== 1) throw new UsageError('give exactly one of -m, -f, -l, -s, -n (once)');
  const qos = qosFlag(flags.qos, 0, 2);
  if (flags.repeat !== undefined && (flags.repeat < 1 || flags.lines)) throw new UsageError('option --repeat needs a count of at least 1, with -m, -f, -s or -n');
  if (flags.repeatDelay !== undefined && flags.repeat === undefined) throw new UsageError('option --repeat-delay needs --repeat');
  const repeat = flags.repeat !== undefined ? flags.repeat : 1;
  const delayMs = flags.repeatDelay !== undefined ? Math.round(flags.repeatDelay * 1000) : 0;
  const options = withCliTransport(clientOptionsFromFlags(flags, io.env), flags, io.stdout);
  const properties = commandProperties(flags); // MQTT 5: -D publish ..., -D disconnect ...
  const publishOptions: PublishOptions = { qos, retain: flags.retain };
  if (properties.publish !== undefined) publishOptions.properties = properties.publish;
  const disconnectOptions = disconnectOptionsOf(properties, options.properties);
  let stopped = false;
  const publishLines = (client: MqttClient): Observable<never> =>
    new Observable<never>((subscriber) => {
      forEachLine(
        io.stdin,
        (line) => lastValueFrom(client.publish(topic, line, publishOptions)).then(checkDelivered),
        () => stopped,
      ).then(
        () => subscriber.complete(),
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        stopped = true;
      };
    });
  // The payload is read before connecting, so a missing file fails before any network traffic.
  const payload: Promise<string | Uint8Array | undefined> =
    flags.message.length > 0
      ? Promise.resolve(flags.message[0])
      : flags.file.length > 0
        ? Promise.resolve(readPayloadFile(flags.file[0]))
        : flags.nullMessage
          ? Promise.resolve('')
          : flags.stdin
            ? readWholeStream(io.stdin)
            : Promise.resolve(undefined);
  return payload
    .then((fixed) =>
      runClientSession(io, options, (client) =>
        fixed === undefined
          ? publishLines(client)
          : range(0, repeat).pipe(
              concatMap((i) =>
                (i > 0 && delayMs > 0 ? timer(delayMs) : defer(() => [0])).pipe(
                  concatMap(() => client.publish(topic, fixed, publishOptions)),
                  tap(checkDelivered),
                ),
              ),
            ),
        disconnectOptions,
      ),
    )
    .then((end) => (end === 'interrupted' ? 130 : 0));
};
