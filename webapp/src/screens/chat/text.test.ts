import { describe, expect, it } from 'vitest';
import { highlight, questionWords, sourceLink, splitCitations } from './text';

describe('splitCitations', () => {
  it('splits text and [n] markers in order', () => {
    expect(splitCitations('Tesla died in 1943 [1]. He was born in 1856 [2].')).toEqual([
      { kind: 'text', text: 'Tesla died in 1943 ' },
      { kind: 'cite', n: 1, raw: '[1]' },
      { kind: 'text', text: '. He was born in 1856 ' },
      { kind: 'cite', n: 2, raw: '[2]' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('gives one part per number of [1, 2] and [1][2]', () => {
    expect(splitCitations('x [1, 2] y [3][4]').filter((p) => p.kind === 'cite').map((p) => (p.kind === 'cite' ? p.n : 0))).toEqual([1, 2, 3, 4]);
  });

  it('keeps other brackets and unknown numbers as text', () => {
    expect(splitCitations('[a] [x1] [] [7]', new Set([1]))).toEqual([{ kind: 'text', text: '[a] [x1] [] [7]' }]);
  });

  it('handles an unfinished marker while streaming, and text without markers', () => {
    expect(splitCitations('Tesla [1')).toEqual([{ kind: 'text', text: 'Tesla [1' }]);
    expect(splitCitations('')).toEqual([]);
    expect(splitCitations('[2]')).toEqual([{ kind: 'cite', n: 2, raw: '[2]' }]);
  });

  it('never interprets HTML: it stays text', () => {
    expect(splitCitations('<b>x</b> [1]')[0]).toEqual({ kind: 'text', text: '<b>x</b> ' });
  });
});

describe('highlight', () => {
  it('marks the question words case-insensitively, skipping short and stop words', () => {
    const parts = highlight('Tesla died on 7 January 1943 in New York.', 'In what year did TESLA die?');
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['Tesla']);
    expect(parts.map((p) => p.text).join('')).toBe('Tesla died on 7 January 1943 in New York.');
  });

  it('marks whole words only, every occurrence, and numbers', () => {
    const parts = highlight('year 1943; years; Year', 'which year, 1943?');
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['year', '1943', 'Year']);
  });

  it('keeps markup as plain text and escapes regex characters of the question', () => {
    const parts = highlight('<script>alert(1)</script> c++ rocks', 'script (c++)? alert');
    expect(parts.map((p) => p.text).join('')).toBe('<script>alert(1)</script> c++ rocks');
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['script', 'alert', 'script']);
  });

  it('returns the snippet unmarked when the question has no useful words', () => {
    expect(highlight('Some text', 'is it?')).toEqual([{ text: 'Some text', mark: false }]);
    expect(highlight('', 'Tesla')).toEqual([]);
  });

  it('finds non-ASCII words', () => {
    expect(questionWords('Wer war Đuka Tesla?')).toEqual(['wer', 'war', 'đuka', 'tesla']);
    expect(highlight('Đuka Tesla (née Mandić)', 'đuka').filter((p) => p.mark).map((p) => p.text)).toEqual(['Đuka']);
  });
});

describe('sourceLink', () => {
  it('links imported pages and ClickUp tasks, not uploads', () => {
    expect(sourceLink({ type: 'url', url: 'https://example.org/lamps.html' })).toEqual({ href: 'https://example.org/lamps.html', label: 'example.org' });
    expect(sourceLink({ type: 'clickup', url: 'https://app.clickup.com/t/86b1x2' })).toEqual({ href: 'https://app.clickup.com/t/86b1x2', label: 'Open the task in ClickUp' });
    expect(sourceLink({ type: 'upload' })).toBeNull();
    expect(sourceLink(undefined)).toBeNull();
  });

  it('never makes a link of anything but http(s)', () => {
    expect(sourceLink({ type: 'url', url: 'javascript:alert(1)' })).toBeNull();
    expect(sourceLink({ type: 'url', url: 'data:text/html,hi' })).toBeNull();
    expect(sourceLink({ type: 'url', url: 'not a url' })).toBeNull();
  });
});
