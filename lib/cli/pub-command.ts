import { lastValueFrom, Observable, tap } from 'rxjs';
import type { MqttClient, PublishResult } from '../client/types';
import { topicNameProblem } from '../codec/topic';
import type { CliCommand } from './cli-io';
import { parseCommandLine, qosFlag } from './parse-command-line';
import { clientOptionsFromFlags, CONNECTION_FLAGS } from './connection-flags';
import { forEachLine, readPayloadFile, readWholeStream } from './read-input';
import { runClientSession } from './run-client-session';
import { UsageError } from './usage-error';

/** Flags of `rxmqtt pub` (mosquitto_pub's spellings). */
export const PUB_FLAGS = {
  topic: { names: ['-t', '--topic'], type: 'string', value: 'topic', description: 'topic to publish to' },
  message: { names: ['-m', '--message'], type: 'string', value: 'text', description: 'send this message' },
  file: { names: ['-f', '--file'], type: 'string', value: 'file', description: 'send the content of this file' },
  lines: { names: ['-l', '--stdin-line'], type: 'boolean', description: 'send each line of stdin as a message (blank lines are skipped)' },
  stdin: { names: ['-s', '--stdin-file'], type: 'boolean', description: 'send all of stdin as one message' },
  nullMessage: { names: ['-n', '--null-message'], type: 'boolean', description: 'send an empty message' },
  qos: { names: ['-q', '--qos'], type: 'number', value: 'qos', description: 'QoS 0 or 1 (default 0); 1 waits for the PUBACK' },
  retain: { names: ['-r', '--retain'], type: 'boolean', description: 'ask the broker to retain the message' },
  ...CONNECTION_FLAGS,
} as const;

const HELP = {
  usage: 'rxmqtt pub -t topic (-m text | -f file | -l | -s | -n) [-q qos] [-r] [-h host] [-p port | --url url] [options]',
  summary:
    'Publishes one message (or one per stdin line with -l) like mosquitto_pub, waits until it is\n' +
    'delivered at its QoS, sends DISCONNECT and exits 0.',
};

function checkDelivered(result: PublishResult): void {
  if (!result.ok) throw result.error || new Error('the message was not delivered');
}

/**
 * `rxmqtt pub`: publishes `-m`, `-f`, `-s` or `-n` as one message, or each stdin line
 * with `-l` (read as the broker keeps up), then disconnects. Resolves 0 once every
 * message is delivered at its QoS, 130 when Ctrl-C cut it short, 2 for a bad flag; rejects
 * with the connection or delivery error (the CLI prints one line).
 *
 * @example
 * ```sh
 * rxmqtt pub -t home/light -m on -q 1 -r
 * ```
 */
export const pubCommand: CliCommand = (argv, io) => {
  const flags = parseCommandLine(argv, io, HELP, PUB_FLAGS);
  if (flags === undefined) return Promise.resolve(0);
  if (flags.topic === undefined) throw new UsageError('give the topic with -t');
  const problem = topicNameProblem(flags.topic);
  if (problem !== null) throw new UsageError('option -t "' + flags.topic + '": ' + problem);
  const sources = (flags.message !== undefined ? 1 : 0) + (flags.file !== undefined ? 1 : 0) + (flags.lines ? 1 : 0) + (flags.stdin ? 1 : 0) + (flags.nullMessage ? 1 : 0);
  if (sources !== 1) throw new UsageError('give exactly one of -m, -f, -l, -s, -n');
  const qos = qosFlag(flags.qos, 0);
  const options = clientOptionsFromFlags(flags);
  const topic = flags.topic;
  const publishOptions = { qos: qos as 0 | 1, retain: flags.retain };
  let stopped = false;
  const publishLines = (client: MqttClient): Observable<never> =>
    new Observable<never>((subscriber) => {
      forEachLine(
        io.stdin,
        (line) => (line === '' ? Promise.resolve() : lastValueFrom(client.publish(topic, line, publishOptions)).then(checkDelivered)),
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
    flags.message !== undefined
      ? Promise.resolve(flags.message)
      : flags.file !== undefined
        ? Promise.resolve(readPayloadFile(flags.file))
        : flags.nullMessage
          ? Promise.resolve('')
          : flags.stdin
            ? readWholeStream(io.stdin)
            : Promise.resolve(undefined);
  return payload
    .then((fixed) =>
      runClientSession(io, options, (client) =>
        fixed === undefined ? publishLines(client) : client.publish(topic, fixed, publishOptions).pipe(tap(checkDelivered)),
      ),
    )
    .then((end) => (end === 'interrupted' ? 130 : 0));
};
