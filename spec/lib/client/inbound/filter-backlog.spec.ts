import { FilterBacklog } from '../../../../lib/client/inbound/filter-backlog';

describe('FilterBacklog', () => {
  it('keeps each key once, oldest first', () => {
    const backlog = new FilterBacklog();
    expect(backlog.empty).toBe(true);
    expect(backlog.first()).toBeUndefined();
    backlog.add('/a');
    backlog.add('/b');
    backlog.add('/a');
    expect(backlog.empty).toBe(false);
    expect(backlog.first()).toBe('/a');
    backlog.shift();
    expect(backlog.first()).toBe('/b');
    backlog.shift();
    expect(backlog.empty).toBe(true);
  });

  it('takes a key again once it left, at the end', () => {
    const backlog = new FilterBacklog();
    backlog.add('/a');
    backlog.add('/b');
    backlog.shift();
    backlog.add('/a');
    expect(backlog.clear()).toEqual(['/b', '/a']);
  });

  it('clear() returns what still waits and empties it', () => {
    const backlog = new FilterBacklog();
    ['/a', '/b', '/c'].forEach((key) => backlog.add(key));
    backlog.shift();
    expect(backlog.clear()).toEqual(['/b', '/c']);
    expect(backlog.empty).toBe(true);
    backlog.add('/b');
    expect(backlog.first()).toBe('/b');
  });
});
