import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from '../../../lib/cli/package-version';

describe('packageVersion', () => {
  it('is the root package.json version from the sources', () => {
    expect(packageVersion()).toBe((require('../../../package.json') as { version: string }).version);
  });

  it('skips package.json files of other packages on the way up, and says "unknown" when none is ours', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-version-'));
    try {
      mkdirSync(join(dir, 'node_modules', 'other', 'lib'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'rxmqtt', version: '9.8.7' }));
      writeFileSync(join(dir, 'node_modules', 'other', 'package.json'), JSON.stringify({ name: 'other', version: '1.0.0' }));
      expect(packageVersion(join(dir, 'node_modules', 'other', 'lib'))).toBe('9.8.7');
      rmSync(join(dir, 'package.json'));
      expect(packageVersion(join(dir, 'node_modules', 'other', 'lib'))).toBe('unknown');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
