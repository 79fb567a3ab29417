import { firstValueFrom } from 'rxjs';
import { ConnectionRefusedError, MqttError } from '../../../lib';
import { ClientPool, finalState, settled } from '../support/client-harness';
import type { MosquittoInstance } from '../support/mosquitto';
import { startPasswordBroker } from '../support/password-broker';

describe('user name and password against mosquitto with a password file', () => {
  const pool = new ClientPool();
  let broker: MosquittoInstance;
  let url: string;
  beforeAll(async () => {
    broker = await startPasswordBroker({ alice: 'secret' });
    url = 'mqtt://127.0.0.1:' + broker.port;
  });
  afterEach(() => pool.closeAll());
  afterAll(() => broker.stop());

  async function refusal(options: { username?: string; password?: string; url?: string }): Promise<ConnectionRefusedError> {
    const client = pool.create(Object.assign({ url }, options));
    const error = await firstValueFrom(client.connect()).then(
      () => {
        throw new Error('connect() succeeded, but the broker should have refused it');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    const state = await firstValueFrom(client.state$);
    expect(state).toEqual({ status: 'disconnected', error });
    return error as ConnectionRefusedError;
  }

  // mosquitto 2.0 answers a wrong password with CONNACK 5, not 4
  it('refuses a wrong password: ConnectionRefusedError, return code 5, not authorised', async () => {
    const error = await refusal({ username: 'alice', password: 'wrong' });
    expect(error).toBeInstanceOf(MqttError);
    expect(error.code).toBe('CONNECTION_REFUSED');
    expect(error.returnCode).toBe(5);
    expect(error.reason).toBe('not authorised');
    expect(error.message).toBe('connection refused: not authorised (return code 5)');
  });

  it('refuses an unknown user and an anonymous client the same way', async () => {
    expect((await refusal({ username: 'mallory', password: 'secret' })).returnCode).toBe(5);
    expect((await refusal({})).returnCode).toBe(5);
  });

  it('connects with the right credentials and works', async () => {
    const client = await pool.connect({ url, username: 'alice', password: 'secret' });
    expect((await firstValueFrom(client.state$)).status).toBe('connected');
    expect(await settled(client)).toBeGreaterThanOrEqual(0);
  });

  it('takes the credentials from the URL', async () => {
    const client = await pool.connect({ url: 'mqtt://alice:secret@127.0.0.1:' + broker.port });
    expect((await firstValueFrom(client.state$)).status).toBe('connected');
  });

  it('leaves a refused client reusable: connect() may be called again', async () => {
    const client = pool.create({ url, username: 'alice', password: 'wrong' });
    await expect(firstValueFrom(client.connect())).rejects.toBeInstanceOf(ConnectionRefusedError);
    await expect(firstValueFrom(client.connect())).rejects.toBeInstanceOf(ConnectionRefusedError);
    await firstValueFrom(client.disconnect(), { defaultValue: undefined });
    expect(await finalState(client)).toEqual({ status: 'disconnected' });
  });
});
