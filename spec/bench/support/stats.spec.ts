import { median, percentile } from '../../../bench/support/stats';

describe('percentile', () => {
  it.each([
    [[5, 1, 3], 50, 3],
    [[5, 1, 3], 0, 1],
    [[5, 1, 3], 100, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99, 10],
    [[4], 99, 4],
  ])('of %j at %d is %d (nearest rank)', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('is NaN for no values and leaves its input unsorted', () => {
    const values = [3, 1, 2];
    expect(percentile([], 50)).toBeNaN();
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('median', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });
});
