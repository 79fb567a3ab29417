import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextGatewayEpoch } from '../../adapters/gateway-epoch-file';

describe('nextGatewayEpoch', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rxmqtt-epoch-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at the clock and grows by one per run even when the clock goes back', () => {
    const path = join(dir, 'gw.state');
    expect(nextGatewayEpoch(path, 1000)).toBe(1000);
    expect(nextGatewayEpoch(path, 500)).toBe(1001);
    expect(nextGatewayEpoch(path, 5000)).toBe(5000);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ epoch: 5000 });
  });

  it('refuses a state file it cannot read as such', () => {
    const path = join(dir, 'gw.state');
    writeFileSync(path, 'garbage');
    expect(() => nextGatewayEpoch(path, 1)).toThrow('gateway state ' + path + ': expected {"epoch": <integer>}');
  });
});
