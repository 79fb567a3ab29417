import { topicProblem, utf8Length } from '../../../lib/gateway/topic-problem';

describe('topicProblem', () => {
  it.each([
    ['a/b', false, undefined],
    ['a/+/c', false, 'a topic name must not contain + or #'],
    ['a/+/c', true, undefined],
    ['#', true, undefined],
    ['+', true, undefined],
    ['a/#', true, undefined],
    ['/', true, undefined],
    ['a#', true, '# must be the whole last level of a filter'],
    ['#/a', true, '# must be the whole last level of a filter'],
    ['a/++', true, '+ must be a whole level of a filter'],
    ['', true, 'a topic must not be empty'],
    ['a\u0000', false, 'a topic must not contain U+0000'],
    ['x'.repeat(65535), false, undefined],
    ['x'.repeat(65536), false, 'a topic must not exceed 65535 UTF-8 bytes'],
  ])('%j as a %s filter: %p', (topic, isFilter, problem) => {
    expect(topicProblem(topic as string, isFilter as boolean)).toBe(problem);
  });
});

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['°', 2],
    ['€', 3],
    ['😀', 4],
    ['\ud800', 3],
    ['a\udc00b', 5],
  ])('%j is %d bytes', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  });
});
