import { freePort } from './mosquitto';
import { MosquittoTools } from './mosquitto-tools';

const broker = ['-h', '127.0.0.1', '-p', String(process.env.MQTT_TEST_PORT)];

describe('MosquittoTools', () => {
  const tools = new MosquittoTools();
  afterEach(() => tools.stopAll());

  it('kills a tool that outlives its timeout', async () => {
    const started = Date.now();
    const result = await tools.run('mosquitto_sub', broker.concat(['-t', 'rxmqtt-it/tools/never']), { timeoutMs: 300 });
    expect(result.signal).toBe('SIGKILL');
    expect(result.code).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('streams stdout line by line while the tool runs', async () => {
    const sub = tools.start('mosquitto_sub', broker.concat(['-t', 'rxmqtt-it/tools/lines', '-d']));
    expect(await sub.waitForOutput(/received SUBACK/)).toBe('received SUBACK');
    sub.stop();
    expect((await sub.exited).signal).toBe('SIGKILL');
  });

  it('rejects waitForOutput when the tool exits without printing it', async () => {
    const port = await freePort();
    const pub = tools.start('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', 't', '-m', 'x']);
    await expect(pub.waitForOutput(/never printed/)).rejects.toThrow(/^mosquitto_pub exited without printing \/never printed\/: /);
    const result = await pub.exited;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Connection refused/);
  });

  it('passes input to stdin (mosquitto_pub -s) and stopAll waits for running tools', async () => {
    const sub = tools.start('mosquitto_sub', broker.concat(['-t', 'rxmqtt-it/tools/stdin', '-C', '1', '-d']));
    await sub.waitForOutput(/received SUBACK/);
    const pub = await tools.run('mosquitto_pub', broker.concat(['-t', 'rxmqtt-it/tools/stdin', '-s']), { input: Buffer.from('via stdin') });
    expect(pub.code).toBe(0);
    expect(await sub.waitForOutput(/via stdin/)).toBe('via stdin');
    const idle = tools.start('mosquitto_sub', broker.concat(['-t', 'rxmqtt-it/tools/idle']));
    await tools.stopAll();
    expect((await idle.exited).signal).toBe('SIGKILL');
  });
});
