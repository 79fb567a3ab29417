import { concat, filter, map, merge, Observable, Subject, Subscription, take, takeUntil, takeWhile, tap, timer } from 'rxjs';
import type { MqttMessage, TopicOptions } from '../client/types';
import { commandProperties, disconnectOptionsOf } from './property-flags';
import type { Packet } from '../codec/packet';
import { topicFilterProblem, topicMatchesFilter } from '../codec/topic';
import type { CliCommand } from './cli-io';
import { withCliTransport } from './cli-transport';
import { parseCommandLine, qosFlag } from './parse-command-line';
import { clientOptionsFromFlags, CONNECTION_FLAGS, urlTopic } from './connection-flags';
import { formatMessage, MessageFormat } from './format-message';
import { formatTemplate } from './format-template';
import { runClientSession } from './run-client-session';
import { UsageError } from './usage-error';

/** mosquitto_sub's exit status when `-W` ran out (MOSQ_ERR_TIMEOUT). */
export const EXIT_TIMED_OUT = 27;

/** Flags of `rxmqtt sub` (mosquitto_sub's spellings). */
export const SUB_FLAGS = {
  topic: { names: ['-t', '--topic'], type: 'list', value: 'filter', description: 'topic filter to subscribe to (repeat for several; + and # allowed)' },
  qos: { names: ['-q', '--qos'], type: 'number', value: 'qos', description: 'QoS of the subscriptions, 0, 1 or 2 (default 0)' },
  count: { names: ['-C', '--count'], type: 'number', value: 'n', description: 'exit after printing n messages' },
  verbose: { names: ['-v', '--verbose'], type: 'boolean', description: 'print "topic payload" instead of the payload alone' },
  format: { names: ['-F'], type: 'string', value: 'format', description: 'print through this format: %t %p %q %r %l %x %X %j %J %I %U %%, @H @M @S ...' },
  json: { names: ['--json'], type: 'boolean', description: 'print one JSON object per message: topic, qos, retain, dup, payload' },
  noNewline: { names: ['-N'], type: 'boolean', description: 'no newline after each message' },
  noRetained: { names: ['-R'], type: 'boolean', description: 'do not print stale (retained) messages' },
  retainedOnly: { names: ['--retained-only'], type: 'boolean', description: 'print only retained messages; exit at the first that is not' },
  filterOut: { names: ['-T', '--filter-out'], type: 'list', value: 'filter', description: 'do not print messages on topics matching this filter (repeatable)' },
  unsubscribe: { names: ['-U', '--unsubscribe'], type: 'list', value: 'filter', description: 'unsubscribe from this filter after connecting (repeatable; for -c sessions)' },
  exitOnSuback: { names: ['-E'], type: 'boolean', description: 'exit once every subscription is acknowledged' },
  timeout: { names: ['-W'], type: 'number', value: 'seconds', description: 'exit with status 27 after this many seconds' },
  ...CONNECTION_FLAGS,
} as const;

const HELP = {
  usage: 'rxmqtt sub {-t filter [-t filter ...] | -L mqtt://host/filter} [-q qos] [-C count] [-v | -F format | --json] [-W secs] [options]',
  summary:
    'Subscribes to the filters and prints every message, one per line, like mosquitto_sub.\n' +
    'Runs until -C messages were printed, -W seconds passed (status 27) or Ctrl-C; then sends\n' +
    'DISCONNECT and exits.',
};

/**
 * `rxmqtt sub`: subscribes to one or more filters (`-t`, or the path of `-L`) and prints
 * each message (payload, `-v` topic and payload, `-F` a format, `--json` one JSON object;
 * `-N` without the newline). Each broker PUBLISH is printed once even when several
 * filters match it; `-R` skips retained messages, `--retained-only` prints only them and
 * ends at the first live one, `-T` skips topics matching a filter. `-U` unsubscribes
 * from filters a kept session (`-c`) still holds. Resolves 0 after `-C` messages, `-E`'s
 * SUBACKs or Ctrl-C, 27 when `-W` seconds pass first; throws a `UsageError` for a bad
 * flag; rejects with the connection or subscription error (the CLI prints one line).
 *
 * @example
 * ```sh
 * rxmqtt sub -h 127.0.0.1 -t 'sensors/#' -v -C 10 -W 30
 * ```
 */
export const subCommand: CliCommand = (argv, io) => {
  const flags = parseCommandLine(argv, io, HELP, SUB_FLAGS);
  if (flags === undefined) return Promise.resolve(0);
  const fromUrl = urlTopic(flags);
  const filters = fromUrl !== undefined ? flags.topic.concat([fromUrl]) : flags.topic;
  if (filters.length === 0) throw new UsageError('give at least one topic filter with -t');
  const all = filters.concat(flags.filterOut, flags.unsubscribe);
  for (let i = 0; i < all.length; i++) {
    const problem = topicFilterProblem(all[i]);
    if (problem !== null) throw new UsageError('option -t "' + all[i] + '": ' + problem);
  }
  const qos = qosFlag(flags.qos, 0, 2);
  if (flags.count !== undefined && flags.count < 1) throw new UsageError('option -C must be at least 1, got ' + flags.count);
  if (flags.timeout !== undefined && (flags.timeout < 1 || flags.timeout > 3600)) throw new UsageError('option -W must be in 1..3600, got ' + flags.timeout);
  if (flags.noRetained && flags.retainedOnly) throw new UsageError('give either -R or --retained-only, not both');
  const format: MessageFormat = flags.json ? 'json' : flags.verbose ? 'verbose' : 'payload';
  const template = flags.format;

  // -E: done once every SUBSCRIBE sent got its SUBACK.
  const subacked$ = new Subject<void>();
  let subscribes = 0;
  let subacks = 0;
  // -d: mosquitto_sub's own line after each SUBACK, "Subscribed (mid: 1): 0, 2".
  const watch =
    flags.exitOnSuback || flags.debug
      ? (direction: 'sending' | 'received', packet: Packet) => {
          if (direction === 'sending' && packet.type === 'subscribe') subscribes++;
          if (direction !== 'received' || packet.type !== 'suback') return;
          if (flags.debug) io.stdout.write('Subscribed (mid: ' + packet.packetId + '): ' + packet.granted.join(', ') + '\n');
          if (flags.exitOnSuback && ++subacks >= subscribes) subacked$.next();
        }
      : undefined;
  const properties = commandProperties(flags); // MQTT 5: -D subscribe/unsubscribe/disconnect ...
  const subscribeProperties = properties.subscribe || {};
  if (subscribeProperties.subscriptionIdentifier !== undefined) throw new UsageError('-D subscribe subscription-identifier: not supported by rxmqtt sub');
  const topicOptions: TopicOptions = { qos };
  if (subscribeProperties.userProperties !== undefined) topicOptions.userProperties = subscribeProperties.userProperties;
  const options = withCliTransport(clientOptionsFromFlags(flags, io.env), flags, io.stdout, {
    watch,
    unsubscribe: flags.unsubscribe,
    unsubscribeProperties: properties.unsubscribe,
  });
  const disconnectOptions = disconnectOptionsOf(properties, options.properties);

  let timedOut = false;
  const deadline$ =
    flags.timeout !== undefined
      ? timer(flags.timeout * 1000).pipe(
          tap(() => (timedOut = true)),
          map(() => 'timeout'),
        )
      : undefined;
  const sessionIo = deadline$ ? Object.assign({}, io, { interrupt$: merge(io.interrupt$, deadline$) }) : io;

  const print = (message: MqttMessage): void => {
    if (template === undefined) {
      const record = formatMessage(message, format);
      io.stdout.write(flags.noNewline ? withoutNewline(record) : record);
      return;
    }
    const record = formatTemplate(template, message, { warn: (line) => (flags.quiet ? undefined : io.stderr.write('rxmqtt sub: ' + line + '\n')) });
    io.stdout.write(flags.noNewline ? record : Buffer.concat([record, NEWLINE]));
  };

  const printed = (message: MqttMessage): boolean => {
    if (flags.noRetained && message.retain) return false;
    for (let i = 0; i < flags.filterOut.length; i++) if (topicMatchesFilter(flags.filterOut[i], message.topic)) return false;
    return true;
  };

  // The subscriptions outlive the printing: they end after the DISCONNECT, so no UNSUBSCRIBE
  // is sent and a kept session (-c) keeps them, as with mosquitto_sub.
  const held = new Subscription();
  const refused$ = new Subject<never>();
  return runClientSession(sessionIo, options, (client) => {
    // messages$ first, so a retained message that follows the SUBACK is not missed.
    let printed$: Observable<MqttMessage> = merge(client.messages$, refused$);
    for (let i = 0; i < filters.length; i++) held.add(client.topic(filters[i], topicOptions).subscribe({ error: (error: unknown) => refused$.error(error) }));
    if (flags.retainedOnly) printed$ = printed$.pipe(takeWhile((message) => message.retain));
    printed$ = printed$.pipe(filter(printed));
    if (flags.count !== undefined) printed$ = printed$.pipe(take(flags.count));
    if (flags.exitOnSuback) printed$ = printed$.pipe(takeUntil(subacked$));
    // Ends a macrotask later, so the PUBACK/PUBREC of the last message (sent after it is
    // dispatched) goes out before the DISCONNECT, as mosquitto_sub's does.
    return concat(printed$.pipe(tap(print)), timer(0));
  }, disconnectOptions).then(
    (end) => {
      held.unsubscribe();
      return end;
    },
    (error: unknown) => {
      held.unsubscribe();
      throw error;
    },
  ).then(() => {
    if (!timedOut) return 0;
    if (!flags.quiet) io.stderr.write('rxmqtt sub: timed out after ' + flags.timeout + ' s\n');
    return EXIT_TIMED_OUT;
  });
};

const NEWLINE = Buffer.from('\n');

/** A record without its final newline (`-N`). */
function withoutNewline(record: Uint8Array | string): Uint8Array | string {
  if (typeof record === 'string') return record.endsWith('\n') ? record.slice(0, -1) : record;
  return record.length > 0 && record[record.length - 1] === 10 ? record.subarray(0, record.length - 1) : record;
}
