/**
 * Enhanced authentication against mosquitto 2 without an authentication plugin: a CONNECT
 * naming a method the broker does not know is refused (CONNACK 0x8C, Bad authentication
 * method), which the client reports as a coded refusal and does not retry. The exchange
 * itself (challenges, re-authentication) runs against the virtual broker, in
 * spec/lib/client/v5/enhanced-auth.spec.ts.
 */
import { firstValueFrom, of } from 'rxjs';
import { ClientPool } from '../support/client-harness';

describe('enhanced authentication against mosquitto (no auth plugin)', () => {
  const pool = new ClientPool();
  afterEach(() => pool.closeAll());

  it('reports the CONNACK 0x8C refusal of an unknown method as CONNECTION_REFUSED with its reason code; the hook is never called', async () => {
    let challenges = 0;
    const client = pool.create({
      protocolVersion: 5,
      properties: { authenticationMethod: 'SCRAM-SHA-256', authenticationData: new Uint8Array([1, 2, 3]) },
      authenticate: () => {
        challenges++;
        return of(new Uint8Array(0));
      },
    });
    const refusal = await firstValueFrom(client.connect()).then(
      () => null,
      (error: { code?: string; reasonCode?: number; message?: string }) => error,
    );
    expect(refusal).toMatchObject({ code: 'CONNECTION_REFUSED', reasonCode: 0x8c });
    expect(refusal!.message).toBe('connection refused: Bad authentication method (reason code 0x8c)');
    expect(challenges).toBe(0);
  });
});
