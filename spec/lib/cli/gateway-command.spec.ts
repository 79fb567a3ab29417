import { PassThrough } from 'node:stream';
import { Subject } from 'rxjs';
import type { CliIo } from '../../../lib/cli/cli-io';
import { runCli } from '../../../lib/cli/main';
import { startEmbeddedBroker } from '../../../lib/cli/embedded-broker';
import { createClient } from '../../../lib';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const interrupt$ = new Subject<string>();
  const value: CliIo = {
    stdin: new PassThrough(),
    stdout: { write: (chunk) => out.push(String(chunk)) },
    stderr: { write: (chunk) => err.push(String(chunk)) },
    env: {},
    interrupt$,
    createClient,
  };
  return { io: value, out, err, interrupt$ };
}

describe('rxmqtt gateway (delegates to lib/gateway)', () => {
  it('passes bad arguments through: the gateway names the problem, exit 2', async () => {
    const { io: cliIo, err, out } = io();
    await expect(runCli(['gateway', '--bogus'], cliIo)).resolves.toBe(2);
    expect(err[0]).toBe('rxmqtt gateway: unknown option "--bogus"\n');
    expect(out).toEqual([]);
  });

  it('runs the gateway against a broker on the CLI output and stops on Ctrl-C with 0', async () => {
    const broker = await startEmbeddedBroker();
    try {
      const { io: cliIo, out, interrupt$ } = io();
      const running = runCli(['gateway', '--broker', broker.url, '--udp', '127.0.0.1:0', '--client-id', 'gw-spec'], cliIo);
      for (let i = 0; i < 100 && out.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(out[0]).toMatch(new RegExp('^rxmqtt gateway: udp 127\\.0\\.0\\.1:\\d+ <-> ' + broker.url.replace(/\./g, '\\.') + ' '));
      interrupt$.next('SIGINT');
      await expect(running).resolves.toBe(0);
    } finally {
      await broker.stop();
    }
  });
});
