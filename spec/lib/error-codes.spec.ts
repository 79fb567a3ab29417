import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../lib/error-codes';

/** The codes in the first column of the README's "Error codes" table. */
function readmeCodes(): string[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('\n## Error codes'));
  const section = table.slice(0, table.indexOf('\n## ', 1));
  const codes: string[] = [];
  for (const line of section.split('\n')) {
    const first = /^\| ([^|]+)\|/.exec(line);
    if (first) codes.push(...(first[1].match(/`[A-Z][A-Z0-9_]+`/g) || []).map((code) => code.slice(1, -1)));
  }
  return codes;
}

describe('error codes', () => {
  it('the MqttErrorCode union and the README table list the same codes, once each', () => {
    const documented = readmeCodes();
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(documented.slice().sort()).toEqual(ERROR_CODES.slice().sort());
  });
});
