import { LinkedList } from '../../../../lib/client/shared/linked-list';

interface Entry {
  id: number;
  older: Entry | null;
  newer: Entry | null;
}

const entry = (id: number): Entry => ({ id, older: null, newer: null });

function ids(list: LinkedList<Entry>): number[] {
  const out: number[] = [];
  for (let e = list.oldest; e !== null; e = e.newer) out.push(e.id);
  return out;
}

function idsBackwards(list: LinkedList<Entry>): number[] {
  const out: number[] = [];
  for (let e = list.newest; e !== null; e = e.older) out.push(e.id);
  return out;
}

describe('LinkedList', () => {
  it('keeps appended entries oldest first, linked both ways', () => {
    const list = new LinkedList<Entry>();
    [1, 2, 3].forEach((id) => list.append(entry(id)));
    expect(ids(list)).toEqual([1, 2, 3]);
    expect(idsBackwards(list)).toEqual([3, 2, 1]);
  });

  it.each([
    ['the oldest', 0, [2, 3]],
    ['a middle one', 1, [1, 3]],
    ['the newest', 2, [1, 2]],
  ])('unlinks %s and clears its links', (_name, index, left) => {
    const list = new LinkedList<Entry>();
    const entries = [entry(1), entry(2), entry(3)];
    entries.forEach((e) => list.append(e));
    list.unlink(entries[index]);
    expect(ids(list)).toEqual(left);
    expect(idsBackwards(list)).toEqual([...left].reverse());
    expect(entries[index]).toMatchObject({ older: null, newer: null });
  });

  it('is empty after its only entry leaves, and an unlinked entry can be appended again as the newest', () => {
    const list = new LinkedList<Entry>();
    const a = entry(1);
    const b = entry(2);
    list.append(a);
    list.unlink(a);
    expect(list.oldest).toBeNull();
    expect(list.newest).toBeNull();
    list.append(b);
    list.append(a);
    expect(ids(list)).toEqual([2, 1]);
  });
});
