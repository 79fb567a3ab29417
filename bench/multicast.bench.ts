/**
 * Cost of one `next` to two observers: RxJS's `Subject` against the client's `Multicast`
 * (lib/client/shared/multicast.ts), which runs once per inbound message and per write.
 * Run: `npx ts-node -T bench/multicast.bench.ts`. Prints ns per `next`, the median of 5 rounds.
 */
import { Subject } from 'rxjs';
import { Multicast } from '../lib/client/shared/multicast';

const CALLS = 2_000_000;

/** Median ns per `next` over 5 rounds of {@link CALLS} calls, after a warm-up round. */
function nsPerNext(make: () => { next(value: number): void; subscribe(observer: (value: number) => void): unknown }): number {
  const rounds: number[] = [];
  let sink = 0;
  for (let round = 0; round < 6; round++) {
    const subject = make();
    subject.subscribe((value) => (sink += value));
    subject.subscribe((value) => (sink -= value >> 1));
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) subject.next(i);
    if (round > 0) rounds.push(Number(process.hrtime.bigint() - start) / CALLS);
  }
  if (sink === 0.5) console.log(sink); // keeps the observers' work alive
  return rounds.sort((a, b) => a - b)[2];
}

const subject = nsPerNext(() => new Subject<number>());
const multicast = nsPerNext(() => new Multicast<number>());
console.log('Subject   ' + subject.toFixed(0) + ' ns/next');
console.log('Multicast ' + multicast.toFixed(0) + ' ns/next (' + (multicast / subject).toFixed(2) + 'x)');
