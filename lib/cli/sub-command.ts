import { ignoreElements, merge, take, tap, Observable } from 'rxjs';
import type { MqttMessage } from '../client/types';
import { topicFilterProblem } from '../codec/topic';
import type { CliCommand } from './cli-io';
import { parseCommandLine, qosFlag } from './parse-command-line';
import { clientOptionsFromFlags, CONNECTION_FLAGS } from './connection-flags';
import { formatMessage, MessageFormat } from './format-message';
import { runClientSession } from './run-client-session';
import { UsageError } from './usage-error';

/** Flags of `rxmqtt sub` (mosquitto_sub's spellings). */
export const SUB_FLAGS = {
  topic: { names: ['-t', '--topic'], type: 'list', value: 'filter', description: 'topic filter to subscribe to (repeat for several; + and # allowed)' },
  qos: { names: ['-q', '--qos'], type: 'number', value: 'qos', description: 'QoS of the subscriptions, 0 or 1 (default 0)' },
  count: { names: ['-C', '--count'], type: 'number', value: 'n', description: 'exit after printing n messages' },
  verbose: { names: ['-v', '--verbose'], type: 'boolean', description: 'print "topic payload" instead of the payload alone' },
  json: { names: ['--json'], type: 'boolean', description: 'print one JSON object per message: topic, qos, retain, dup, payload' },
  ...CONNECTION_FLAGS,
} as const;

const HELP = {
  usage: 'rxmqtt sub -t filter [-t filter ...] [-q qos] [-C count] [-v | --json] [-h host] [-p port | --url url] [options]',
  summary:
    'Subscribes to the filters and prints every message, one per line, like mosquitto_sub.\n' +
    'Runs until -C messages were printed or Ctrl-C; then sends DISCONNECT and exits 0.',
};

/**
 * `rxmqtt sub`: subscribes to one or more filters and prints each message (payload,
 * `-v` topic and payload, `--json` one JSON object). Each broker PUBLISH is printed once
 * even when several filters match it. Resolves 0 after `-C` messages or Ctrl-C, 2 for a
 * bad flag; rejects with the connection or subscription error (the CLI prints one line).
 *
 * @example
 * ```sh
 * rxmqtt sub -h 127.0.0.1 -t 'sensors/#' -v -C 10
 * ```
 */
export const subCommand: CliCommand = (argv, io) => {
  const flags = parseCommandLine(argv, io, HELP, SUB_FLAGS);
  if (flags === undefined) return Promise.resolve(0);
  if (flags.topic.length === 0) throw new UsageError('give at least one topic filter with -t');
  for (let i = 0; i < flags.topic.length; i++) {
    const problem = topicFilterProblem(flags.topic[i]);
    if (problem !== null) throw new UsageError('option -t "' + flags.topic[i] + '": ' + problem);
  }
  const qos = qosFlag(flags.qos, 0);
  if (flags.count !== undefined && flags.count < 1) throw new UsageError('option -C must be at least 1, got ' + flags.count);
  const format: MessageFormat = flags.json ? 'json' : flags.verbose ? 'verbose' : 'payload';
  const options = clientOptionsFromFlags(flags);

  return runClientSession(io, options, (client) => {
    const subscriptions: Array<Observable<never>> = [];
    for (let i = 0; i < flags.topic.length; i++) {
      subscriptions.push(client.topic(flags.topic[i], { qos }).pipe(ignoreElements()));
    }
    // messages$ first, so a retained message that follows the SUBACK is not missed.
    let printed$: Observable<MqttMessage> = merge(client.messages$, ...subscriptions);
    if (flags.count !== undefined) printed$ = printed$.pipe(take(flags.count));
    return printed$.pipe(tap((message) => io.stdout.write(formatMessage(message, format))));
  }).then(() => 0);
};
