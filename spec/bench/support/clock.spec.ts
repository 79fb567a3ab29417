import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { wallClock } from '../../../bench/support/clock';

/** bench/support/clock.ts as a script for another process: it answers each line of stdin with its wallClock(). */
function clockProcessScript(): string {
  const module = transformSync(readFileSync(join(__dirname, '../../../bench/support/clock.ts'), 'utf8'), { loader: 'ts', format: 'cjs' }).code;
  return 'const module = { exports: {} }; const exports = module.exports;\n' + module +
    "\nprocess.stdin.on('data', () => process.stdout.write(module.exports.wallClock() + '\\n'));";
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('wallClock', () => {
  it('reads the same clock in another process, started seconds later', async () => {
    // an origin taken from the time of day at process start would be off by how far the
    // time of day was slewed between the two starts: give it two seconds to show
    await sleep(2000);
    const child = spawn(process.execPath, ['-e', clockProcessScript()], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const answered = (): Promise<number> =>
        new Promise((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
      await new Promise((resolve) => child.once('spawn', resolve));
      for (let i = 0; i < 5; i++) {
        const before = wallClock();
        const reply = answered();
        child.stdin.write('now?\n');
        const theirs = await reply;
        const after = wallClock();
        expect(theirs).toBeGreaterThanOrEqual(before);
        expect(theirs).toBeLessThanOrEqual(after);
      }
    } finally {
      child.kill();
    }
  }, 15000);

  it('counts milliseconds, with sub-millisecond precision', async () => {
    const t0 = wallClock();
    await sleep(50);
    const elapsed = wallClock() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(1000);
    expect(wallClock() % 1).not.toBe(0); // fractions of a millisecond (a whole value is once in a million)
  });
});
