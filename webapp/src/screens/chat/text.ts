/** Pure text logic of the Chat screen: citation markers in an answer, question words in a snippet. */

export type AnswerPart = { kind: 'text'; text: string } | { kind: 'cite'; n: number; raw: string };

/**
 * Splits an answer into text and `[n]` citation parts, in order. `[1, 2]` and `[1][2]` give one part
 * per number; anything else in brackets stays text. With `known`, only numbers it contains become
 * citations (a marker naming no passage stays text).
 */
export function splitCitations(answer: string, known?: ReadonlySet<number>): AnswerPart[] {
  const parts: AnswerPart[] = [];
  const pattern = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
  let last = 0;
  const pushText = (text: string) => {
    if (!text) return;
    const prev = parts[parts.length - 1];
    if (prev && prev.kind === 'text') prev.text += text;
    else parts.push({ kind: 'text', text });
  };
  for (let m = pattern.exec(answer); m; m = pattern.exec(answer)) {
    const numbers = m[1].split(',').map((s) => Number(s.trim()));
    if (known && !numbers.every((n) => known.has(n))) continue;
    pushText(answer.slice(last, m.index));
    numbers.forEach((n) => parts.push({ kind: 'cite', n, raw: `[${n}]` }));
    last = m.index + m[0].length;
  }
  pushText(answer.slice(last));
  return parts;
}

export type SnippetPart = { text: string; mark: boolean };

const STOP_WORDS = new Set(
  ('a an and are as at be but by can could did do does for from had has have he her him his how i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this those to was we were what when ' +
    'where which who whom whose why will with would you your about after before during over under again did does doing')
    .split(' '),
);

/** The words of a question worth marking: letters/digits, at least 3 characters, not a stop word, lower case, unique. */
export function questionWords(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => (w.length >= 3 || /^\p{N}+$/u.test(w)) && !STOP_WORDS.has(w)))];
}

/**
 * The snippet as text parts, the question's words marked (case-insensitive, whole words, so
 * "Tesla" marks "Tesla's" but "die" not "died"): to be rendered as text nodes and <mark> elements,
 * never as HTML.
 */
export function highlight(snippet: string, question: string): SnippetPart[] {
  const words = questionWords(question);
  if (words.length === 0 || !snippet) return snippet ? [{ text: snippet, mark: false }] : [];
  const escaped = words.sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const parts: SnippetPart[] = [];
  let last = 0;
  for (let m = pattern.exec(snippet); m; m = pattern.exec(snippet)) {
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), mark: false });
    parts.push({ text: m[0], mark: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), mark: false });
  return parts;
}

/**
 * The link back to a cited document's original (a web page, a ClickUp task), or null for uploads and for
 * anything that is not an http(s) address (never a javascript: or data: link).
 */
export function sourceLink(source: { type: string; url?: string } | undefined | null): { href: string; label: string } | null {
  if (!source || source.type === 'upload' || !source.url) {
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(source.url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return null;
  }
  return { href: parsed.href, label: source.type === 'clickup' ? 'Open the task in ClickUp' : parsed.host };
}
