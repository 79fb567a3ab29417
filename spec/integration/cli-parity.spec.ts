import { buildCliBundle, runProcess, startProcess, ProcessResult } from './support/cli-process';
import { freePort } from './support/mosquitto';
import { startPasswordBroker } from './support/password-broker';
import type { MosquittoInstance } from './support/mosquitto';

/**
 * Flag parity with mosquitto_pub/mosquitto_sub 2.0: each case runs the same arguments
 * through `mosquitto_pub`/`mosquitto_sub` and through `rxmqtt pub`/`rxmqtt sub` against
 * the test mosquitto, and compares what a script sees: stdout and the exit status.
 * (stderr wording differs by design: rxmqtt says `rxmqtt sub: ...`.) Known, documented
 * differences: rxmqtt's generated client ids differ, so `-d` cases give `-i`.
 */
describe('rxmqtt pub/sub flag parity with mosquitto_pub/mosquitto_sub', () => {
  const port = String(process.env.MQTT_TEST_PORT);
  const base = 'parity/' + process.pid;
  let cli: { file: string; cleanup(): void };
  let secured: MosquittoInstance;

  const run = (tool: 'mosquitto' | 'rxmqtt', command: 'pub' | 'sub', args: string[], stdin?: string): Promise<ProcessResult> =>
    tool === 'mosquitto'
      ? runProcess('mosquitto_' + command, args, { stdin, limitMs: 8000 })
      : runProcess(process.execPath, [cli.file, command, ...args], { stdin, limitMs: 8000 });

  /** Runs both tools (one after the other: they share topics and a broker) and returns both results. */
  async function both(command: 'pub' | 'sub', args: string[], stdin?: string): Promise<[ProcessResult, ProcessResult]> {
    const theirs = await run('mosquitto', command, args, stdin);
    const ours = await run('rxmqtt', command, args, stdin);
    return [theirs, ours];
  }

  /** What a subscriber (mosquitto_sub -v) sees from one `pub` run of each tool. */
  async function published(topic: string, count: number, pubArgs: string[], stdin?: string): Promise<[string, string, ProcessResult, ProcessResult]> {
    const outputs: string[] = [];
    const results: ProcessResult[] = [];
    for (const tool of ['mosquitto', 'rxmqtt'] as const) {
      const sub = startProcess('stdbuf', ['-oL', 'mosquitto_sub', '-h', '127.0.0.1', '-p', port, '-t', topic, '-C', String(count), '-v', '-d', '-q', '1'], { limitMs: 8000 });
      await sub.waitForOutput(/received SUBACK/);
      results.push(await run(tool, 'pub', ['-h', '127.0.0.1', '-p', port, '-t', topic, ...pubArgs], stdin));
      const seen = await sub.exited;
      outputs.push(seen.stdout.split('\n').filter((line) => !/^(Client |Subscribed)/.test(line)).join('\n'));
    }
    return [outputs[0], outputs[1], results[0], results[1]];
  }

  const at = ['-h', '127.0.0.1', '-p', port];

  beforeAll(async () => {
    cli = buildCliBundle();
    secured = await startPasswordBroker({ alice: 'secret' });
    // two retained messages for the sub cases
    for (const [topic, payload] of [
      ['r/a', 'ra'],
      ['r/b', '{"x":1}'],
    ]) {
      expect((await runProcess('mosquitto_pub', [...at, '-t', base + '/' + topic, '-m', payload, '-r', '-q', '1'])).code).toBe(0);
    }
  });
  afterAll(async () => {
    for (const topic of ['r/a', 'r/b']) await runProcess('mosquitto_pub', [...at, '-t', base + '/' + topic, '-n', '-r']);
    cli.cleanup();
    await secured.stop();
  });

  const subCases: Array<[string, string[], number]> = [
    ['-C 1 -v', ['-t', 'r/a', '-C', '1', '-v'], 0],
    ['-C 1 -N -v', ['-t', 'r/a', '-C', '1', '-N', '-v'], 0],
    ['-F with %t %p %q %r %l %x %X %% \\t', ['-t', 'r/b', '-C', '1', '-F', '%t|%p|%q|%r|%l|%x|%X|%%|\\t|'], 0],
    ['-F %J (JSON payload, timestamp masked)', ['-t', 'r/b', '-C', '1', '-F', '%J'], 0],
    ['-R -W 1: no stale messages, timed out', ['-t', 'r/#', '-R', '-W', '1'], 27],
    ['--retained-only -W 1', ['-t', 'r/a', '--retained-only', '-W', '1'], 27],
    ['-T filters a topic out', ['-t', 'r/#', '-T', 'r/a', '-C', '1', '-v'], 0],
    ['-E: exit after the SUBACK', ['-t', 'r/none', '-E'], 0],
    ['-q 2 subscription', ['-t', 'r/a', '-C', '1', '-q', '2', '-v'], 0],
    ['-V mqttv31', ['-t', 'r/a', '-C', '1', '-V', 'mqttv31', '-i', 'parity31'], 0],
    ['unknown option', ['-t', 'r/a', '--frobnicate'], 1],
    ['-q 3', ['-t', 'r/a', '-q', '3'], 1],
    ['-V 4 (no such version)', ['-t', 'r/a', '-V', '4'], 1],
  ];
  it.each(subCases)('sub %s: same stdout and exit status', async (_, args, status) => {
    const withBase = args.map((arg, i) => (args[i - 1] === '-t' || args[i - 1] === '-T' ? base + '/' + arg : arg));
    const [theirs, ours] = await both('sub', [...at, ...withBase]);
    const mask = (text: string) => text.replace(/"tst":"[^"]*"/g, '"tst":"…"');
    expect({ code: ours.code, stdout: mask(ours.stdout) }).toEqual({ code: theirs.code, stdout: mask(theirs.stdout) });
    expect(ours.code).toBe(status);
  });

  it('sub -d with -i: the same packet lines (rxmqtt acknowledges after printing, so its PUBACK line comes after the payload)', async () => {
    const [theirs, ours] = await both('sub', [...at, '-t', base + '/r/a', '-C', '1', '-d', '-i', 'parity-d', '-q', '1']);
    const sorted = (text: string) => text.split('\n').sort();
    expect(ours.code).toBe(theirs.code);
    expect(sorted(ours.stdout)).toEqual(sorted(theirs.stdout));
    expect(ours.stdout).toContain('Client parity-d sending PUBACK (m1, rc0)');
  });

  it('sub prints an empty message as mosquitto_sub 2.0 does: nothing, or "topic (null)" with -v', async () => {
    const topic = base + '/empty';
    for (const verbose of [[], ['-v']]) {
      const outputs: string[] = [];
      for (const tool of ['mosquitto', 'rxmqtt'] as const) {
        const args = [...at, '-t', topic, '-C', '2', '-d', '-q', '1', ...verbose];
        const sub = tool === 'mosquitto'
          ? startProcess('stdbuf', ['-oL', 'mosquitto_sub', ...args], { limitMs: 8000 })
          : startProcess(process.execPath, [cli.file, 'sub', ...args], { limitMs: 8000 });
        await sub.waitForOutput(/received SUBACK/);
        await runProcess('mosquitto_pub', [...at, '-t', topic, '-n', '-q', '1']);
        await runProcess('mosquitto_pub', [...at, '-t', topic, '-m', 'z', '-q', '1']);
        outputs.push((await sub.exited).stdout.split('\n').filter((line) => !/^(Client |Subscribed)/.test(line)).join('\n'));
      }
      expect(outputs[1]).toBe(outputs[0]);
      expect(outputs[1]).toBe(verbose.length > 0 ? topic + ' (null)\n' + topic + ' z\n' : 'z\n');
    }
  });

  it('sub -L mqtt://host:port/topic takes the topic from the URL', async () => {
    const [theirs, ours] = await both('sub', ['-L', 'mqtt://127.0.0.1:' + port + '/' + base + '/r/a', '-C', '1', '-v']);
    expect(ours).toMatchObject({ code: theirs.code, stdout: theirs.stdout });
    expect(ours.stdout).toBe(base + '/r/a ra\n');
  });

  it('pub -l sends a blank line as an empty message', async () => {
    const [theirs, ours, theirResult, ourResult] = await published(base + '/lines', 3, ['-l', '-q', '1'], 'one\n\nthree\n');
    expect(ours).toBe(theirs);
    // mosquitto_sub 2.0.11 -v prints an empty payload as "(null)"
    expect(ours).toBe(base + '/lines one\n' + base + '/lines (null)\n' + base + '/lines three\n');
    expect(ourResult.code).toBe(theirResult.code);
  });

  it('pub -q 2: the message arrives once, both tools exit 0', async () => {
    const [theirs, ours, theirResult, ourResult] = await published(base + '/exactly-once', 1, ['-m', 'once', '-q', '2']);
    expect(ours).toBe(theirs);
    expect(ours).toBe(base + '/exactly-once once\n');
    expect([ourResult.code, theirResult.code]).toEqual([0, 0]);
  });

  it('pub --repeat 3 --repeat-delay 0.05', async () => {
    const [theirs, ours, theirResult, ourResult] = await published(base + '/repeat', 3, ['-m', 'again', '--repeat', '3', '--repeat-delay', '0.05', '-q', '1']);
    expect(ours).toBe(theirs);
    expect(ourResult.code).toBe(theirResult.code);
  });

  it('pub -d -q 1 with -i: the same packet lines', async () => {
    const [theirs, ours] = await both('pub', [...at, '-t', base + '/d', '-m', 'x', '-q', '1', '-d', '-i', 'parity-pub']);
    expect(ours).toMatchObject({ code: 0, stdout: theirs.stdout });
  });

  it.each<[string, string[], number]>([
    ['-m twice', ['-t', 'x', '-m', 'a', '-m', 'b'], 1],
    ['-q 3', ['-t', 'x', '-m', 'a', '-q', '3'], 1],
    ['-V mqttv31', ['-t', base + '/v31', '-m', 'a', '-V', 'mqttv31'], 0],
    ['-I prefix', ['-t', base + '/prefix', '-m', 'a', '-I', 'parity-'], 0],
    ['-A 127.0.0.1 (bind address)', ['-t', base + '/bind', '-m', 'a', '-A', '127.0.0.1'], 0],
    ['--quiet with an unknown option', ['-t', 'x', '-m', 'a', '--quiet', '--frobnicate'], 1],
  ])('pub %s: same exit status and stdout', async (_, args, status) => {
    const [theirs, ours] = await both('pub', [...at, ...args]);
    expect({ code: ours.code, stdout: ours.stdout }).toEqual({ code: theirs.code, stdout: theirs.stdout });
    expect(ours.code).toBe(status);
  });

  it('pub without a topic: status 1 for both (mosquitto_pub prints its whole help on stdout, rxmqtt one line on stderr)', async () => {
    const [theirs, ours] = await both('pub', [...at, '-m', 'a']);
    expect([theirs.code, ours.code]).toEqual([1, 1]);
  });

  it('a refused CONNACK exits 5 for both, wrong password or none; the right one from --password-file or MQTT_PASSWORD works', async () => {
    const args = ['-h', '127.0.0.1', '-p', String(secured.port), '-t', 'x', '-m', 'y'];
    for (const extra of [[], ['-u', 'alice', '-P', 'wrong']]) {
      const [theirs, ours] = await both('pub', [...args, ...extra]);
      expect([theirs.code, ours.code]).toEqual([5, 5]);
    }
    const env = await runProcess('env', ['MQTT_PASSWORD=secret', process.execPath, cli.file, 'pub', ...args, '-u', 'alice', '-d']);
    expect(env).toMatchObject({ code: 0 });
    expect(env.stdout + env.stderr).not.toContain('secret');
  });

  it('an unreachable broker exits 1 for both', async () => {
    const closed = String(await freePort());
    const [theirs, ours] = await both('pub', ['-h', '127.0.0.1', '-p', closed, '-t', 'x', '-m', 'y']);
    expect([theirs.code, ours.code]).toEqual([1, 1]);
  });

  describe('MQTT 5: -V 5, -D, -x', () => {
    const props = ['-D', 'publish', 'content-type', 'text/plain', '-D', 'publish', 'user-property', 'k', 'v', '-D', 'publish', 'user-property', 'k2', 'v2',
      '-D', 'publish', 'response-topic', 'reply/here', '-D', 'publish', 'correlation-data', 'abc', '-D', 'publish', 'payload-format-indicator', '1'];
    const fields = '%t|%C|%P|%R|%D|%F|%p';

    it('pub -V 5 -D publish ...: mosquitto_sub -V 5 sees the same properties from both tools', async () => {
      const topic = base + '/v5/props';
      const outputs: string[] = [];
      const codes: Array<number | null> = [];
      for (const tool of ['mosquitto', 'rxmqtt'] as const) {
        const sub = startProcess('stdbuf', ['-oL', 'mosquitto_sub', ...at, '-V', '5', '-t', topic, '-C', '1', '-F', fields, '-d'], { limitMs: 8000 });
        await sub.waitForOutput(/received SUBACK/);
        codes.push((await run(tool, 'pub', [...at, '-V', '5', '-t', topic, '-m', 'hi', '-q', '1', ...props])).code);
        outputs.push((await sub.exited).stdout.split('\n').filter((line) => !/^(Client |Subscribed)/.test(line)).join('\n'));
      }
      expect(outputs[1]).toBe(outputs[0]);
      expect(outputs[1]).toBe(topic + '|text/plain|k:v k2:v2|reply/here|abc|1|hi\n');
      expect(codes).toEqual([0, 0]);
    });

    it('sub -V 5 -F %C %P %R %D %F: the same line for a message with properties', async () => {
      const topic = base + '/v5/retained';
      expect((await runProcess('mosquitto_pub', [...at, '-V', '5', '-t', topic, '-m', 'kept', '-r', '-q', '1', ...props])).code).toBe(0);
      try {
        const [theirs, ours] = await both('sub', [...at, '-V', '5', '-t', topic, '-C', '1', '-F', fields]);
        expect({ code: ours.code, stdout: ours.stdout }).toEqual({ code: theirs.code, stdout: theirs.stdout });
        expect(ours.stdout).toBe(topic + '|text/plain|k:v k2:v2|reply/here|abc|1|kept\n');
      } finally {
        await runProcess('mosquitto_pub', [...at, '-t', topic, '-n', '-r']);
      }
    });

    it('sub -V 5 -c -x 60 keeps the session: a message published meanwhile comes at the next start; without -c / -x it is lost', async () => {
      for (const tool of ['mosquitto', 'rxmqtt'] as const) {
        const topic = base + '/v5/session/' + tool;
        const id = 'parity-x-' + tool + '-' + process.pid;
        const kept = ['-V', '5', '-c', '-i', id, '-x', '60', '-q', '1', '-t', topic];
        expect((await run(tool, 'sub', [...at, ...kept, '-E'])).code).toBe(0);
        expect((await runProcess('mosquitto_pub', [...at, '-t', topic, '-m', 'while away', '-q', '1'])).code).toBe(0);
        const back = await run(tool, 'sub', [...at, ...kept, '-C', '1', '-v', '-W', '5']);
        expect({ tool, code: back.code, stdout: back.stdout }).toEqual({ tool, code: 0, stdout: topic + ' while away\n' });
        // -x 0: the session ends with the connection
        const gone = ['-V', '5', '-i', id + '-0', '-x', '0', '-q', '1', '-t', topic + '/0'];
        expect((await run(tool, 'sub', [...at, ...gone, '-E'])).code).toBe(0);
        await runProcess('mosquitto_pub', [...at, '-t', topic + '/0', '-m', 'lost', '-q', '1']);
        expect((await run(tool, 'sub', [...at, ...gone, '-C', '1', '-W', '1'])).code).toBe(27);
        await run(tool, 'sub', [...at, '-V', '5', '-i', id, '-t', topic, '-E']); // ends the kept session (clean start, expiry 0)
      }
    });

    it('sub -V 5 -c -x 60 -D disconnect session-expiry-interval 0: the session ends at DISCONNECT, a message published meanwhile is lost', async () => {
      for (const tool of ['mosquitto', 'rxmqtt'] as const) {
        const topic = base + '/v5/dsession/' + tool;
        const kept = ['-V', '5', '-c', '-i', 'parity-dsx-' + tool + '-' + process.pid, '-x', '60', '-q', '1', '-t', topic];
        expect((await run(tool, 'sub', [...at, ...kept, '-E', '-D', 'disconnect', 'session-expiry-interval', '0', '-D', 'disconnect', 'reason-string', 'done'])).code).toBe(0);
        expect((await runProcess('mosquitto_pub', [...at, '-t', topic, '-m', 'while away', '-q', '1'])).code).toBe(0);
        const back = await run(tool, 'sub', [...at, ...kept, '-C', '1', '-v', '-W', '1', '-D', 'disconnect', 'session-expiry-interval', '0']);
        expect({ tool, code: back.code, stdout: back.stdout }).toEqual({ tool, code: 27, stdout: '' });
      }
    });

    it('sub -V 5 -F %A %S: no topic alias from mosquitto; %S is the subscription identifier the SUBSCRIBE gave', async () => {
      const [theirs, ours] = await both('sub', [...at, '-V', '5', '-t', base + '/r/a', '-C', '1', '-F', '%A|%S|%t|%p']);
      expect([theirs.code, ours.code]).toEqual([0, 0]);
      // mosquitto_sub sends no identifier without -D subscribe subscription-identifier; rxmqtt numbers each filter's subscription
      expect(theirs.stdout).toBe('||' + base + '/r/a|ra\n');
      expect(ours.stdout).toBe('|1|' + base + '/r/a|ra\n');
      const identified = await run('mosquitto', 'sub', [...at, '-V', '5', '-t', base + '/r/a', '-C', '1', '-F', '%A|%S|%t|%p', '-D', 'subscribe', 'subscription-identifier', '7']);
      expect(identified.stdout).toBe('|7|' + base + '/r/a|ra\n');
    });

    it.each<[string, string[], number]>([
      ['-V 5', ['-t', base + '/v5/plain', '-m', 'a', '-V', '5', '-q', '1'], 0],
      ['-V mqttv5 -x 30', ['-t', base + '/v5/x', '-m', 'a', '-V', 'mqttv5', '-x', '30'], 0],
      ['-D connect / will / disconnect user-property', ['-t', base + '/v5/cwd', '-m', 'a', '-D', 'connect', 'user-property', 'a', 'b', '--will-topic', base + '/w', '-D', 'will', 'user-property', 'w', 'x', '-D', 'disconnect', 'user-property', 'c', 'd'], 0],
      ['-D disconnect session-expiry-interval 0, reason-string, server-reference (with -x 60)', ['-t', base + '/v5/dx', '-m', 'a', '-V', '5', '-i', 'parity-dx', '-x', '60',
        '-D', 'disconnect', 'session-expiry-interval', '0', '-D', 'disconnect', 'reason-string', 'bye', '-D', 'disconnect', 'server-reference', 'elsewhere'], 0],
      ['-D disconnect topic-alias (not a DISCONNECT property)', ['-t', 'x', '-m', 'a', '-V', '5', '-D', 'disconnect', 'topic-alias', '3'], 1],
      ['-D connect receive-maximum, request-problem-information', ['-t', base + '/v5/rm', '-m', 'a', '-q', '1', '-D', 'connect', 'receive-maximum', '10', '-D', 'connect', 'request-problem-information', '1'], 0],
      ['-D with too few arguments', ['-t', 'x', '-m', 'a', '-D', 'publish', 'user-property', 'a'], 1],
      ['-D with an unknown property', ['-t', 'x', '-m', 'a', '-D', 'publish', 'bogus', 'a'], 1],
      ['-D content-type on connect', ['-t', 'x', '-m', 'a', '-D', 'connect', 'content-type', 'a'], 1],
      ['-V 5 -x -1 without a client id', ['-t', 'x', '-m', 'a', '-V', '5', '-x', '-1'], 1],
      ['-V 5 -d -q 1 with -i: the same packet lines (PUBACK RC:16, no subscribers)', ['-t', base + '/v5/d', '-m', 'a', '-V', '5', '-d', '-q', '1', '-i', 'parity-v5d'], 0],
      ['-V 5 -d -q 2 with -i: the same packet lines', ['-t', base + '/v5/d2', '-m', 'a', '-V', '5', '-d', '-q', '2', '-i', 'parity-v5d2'], 0],
    ])('pub %s: same exit status and stdout', async (_, args, status) => {
      const [theirs, ours] = await both('pub', [...at, ...args]);
      expect({ code: ours.code, stdout: ours.stdout }).toEqual({ code: theirs.code, stdout: theirs.stdout });
      expect(ours.code).toBe(status);
    });

    it('sub -V 5 -d with -i: the same packet lines (rxmqtt acknowledges after printing)', async () => {
      const [theirs, ours] = await both('sub', [...at, '-V', '5', '-t', base + '/r/a', '-C', '1', '-d', '-i', 'parity-v5-sub', '-q', '1']);
      expect(ours.code).toBe(theirs.code);
      expect(ours.stdout.split('\n').sort()).toEqual(theirs.stdout.split('\n').sort());
      expect(ours.stdout).toContain('Client parity-v5-sub sending SUBSCRIBE (Mid: 1, Topic: ' + base + '/r/a, QoS: 1, Options: 0x00)');
    });

    it('sub -D subscribe user-property -C 1: same output', async () => {
      const [theirs, ours] = await both('sub', [...at, '-t', base + '/r/a', '-C', '1', '-v', '-D', 'subscribe', 'user-property', 'a', 'b']);
      expect({ code: ours.code, stdout: ours.stdout }).toEqual({ code: theirs.code, stdout: theirs.stdout });
      expect(ours.stdout).toBe(base + '/r/a ra\n');
    });
  });
});
