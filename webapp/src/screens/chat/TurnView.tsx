import { useEffect, useRef, useState } from 'preact/hooks';
import { ProblemAlert } from '../../components/ProblemAlert';
import { LOST, sendFeedback, type Citation, type Turn } from './store';
import { highlight, sourceLink, splitCitations } from './text';

const MODES: Record<string, string> = {
  llm: 'Answered by the language model',
  extractive: 'Extractive answer (no language model): the best-matching sentences of your documents',
};

/** One question and its answer: citations as buttons opening the passage beside it, copy, feedback. */
export function TurnView({ turn, index, onRetry }: { turn: Turn; index: number; onRetry: () => void }) {
  const [selected, setSelected] = useState<number | null>(null);
  const known = new Set(turn.citations.map((c) => c.n));
  const parts = splitCitations(turn.answer, known);
  const citation = selected == null ? null : turn.citations.find((c) => c.n === selected) ?? null;
  const id = `turn-${index}`;
  // closing the passage puts the focus back on the citation that opened it
  const closePassage = (n: number) => {
    setSelected(null);
    queueMicrotask(() => document.querySelector<HTMLElement>(`#${id} .c-cite[aria-label="Citation ${n}"]`)?.focus());
  };

  return (
    <article class={`c-turn${citation ? ' with-passage' : ''}`} id={id} aria-labelledby={`${id}-q`}>
      <h2 class="c-question" id={`${id}-q`}>
        <span class="ui-hidden">You asked: </span>
        {turn.question}
      </h2>
      <div class="c-answer-box">
        {(turn.answer || turn.state === 'streaming') && (
        <div class="c-answer" aria-busy={turn.state === 'streaming'}>
          {parts.map((p, i) =>
            p.kind === 'text' ? (
              p.text
            ) : (
              <button
                key={i}
                type="button"
                class="c-cite"
                aria-label={`Citation ${p.n}`}
                aria-pressed={selected === p.n}
                aria-controls={citation ? `${id}-passage` : undefined}
                onClick={() => setSelected(selected === p.n ? null : p.n)}
              >
                [{p.n}]
              </button>
            ),
          )}
          {turn.state === 'streaming' && !turn.answer && <span class="ui-muted">Searching your documents…</span>}
          {turn.state === 'streaming' && <span class="c-caret" aria-hidden="true" />}
        </div>
        )}
        {turn.state === 'done' && turn.mode && <p class="c-mode">{MODES[turn.mode] ?? `Answered (${turn.mode})`}</p>}
        {turn.state === 'stopped' && (
          <p class="ui-muted c-lost">
            Stopped: the answer is incomplete.{' '}
            <button type="button" class="ui-btn small" onClick={onRetry}>
              Try again
            </button>
          </p>
        )}
        {turn.state === 'lost' && (
          <div class="alert c-lost" role="alert">
            <span>{LOST}</span>{' '}
            <button type="button" class="ui-btn small" onClick={onRetry}>
              Retry
            </button>
          </div>
        )}
        {turn.state === 'error' && (
          <>
            <ProblemAlert problem={turn.problem} />
            <button type="button" class="ui-btn small" onClick={onRetry}>
              Try again
            </button>
          </>
        )}
        {turn.state === 'done' && turn.answer && <Actions turn={turn} />}
      </div>
      {citation && <Passage id={`${id}-passage`} citation={citation} question={turn.question} onClose={() => closePassage(citation.n)} />}
    </article>
  );
}

function Passage({ id, citation, question, onClose }: { id: string; citation: Citation; question: string; onClose: () => void }) {
  const panel = useRef<HTMLElement>(null);
  const link = sourceLink(citation.source);
  useEffect(() => {
    panel.current?.focus();
  }, [citation.n]);
  return (
    <aside class="c-passage" id={id} ref={panel} tabIndex={-1} aria-labelledby={`${id}-title`}>
      <div class="c-passage-head">
        <h3 id={`${id}-title`}>
          [{citation.n}] {citation.documentName}
        </h3>
        <button type="button" class="ui-btn small" aria-label="Close the passage" onClick={onClose}>
          ×
        </button>
      </div>
      <dl class="c-passage-meta">
        {citation.page != null && (
          <>
            <dt>Page</dt>
            <dd>{citation.page}</dd>
          </>
        )}
        {citation.heading && (
          <>
            <dt>Section</dt>
            <dd>{citation.heading}</dd>
          </>
        )}
        {link && (
          <>
            <dt>Source</dt>
            <dd>
              <a href={link.href} target="_blank" rel="noopener noreferrer">{link.label}</a>
            </dd>
          </>
        )}
      </dl>
      <blockquote class="c-snippet">
        {highlight(citation.snippet, question).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : p.text))}
      </blockquote>
    </aside>
  );
}

function Actions({ turn }: { turn: Turn }) {
  const [copied, setCopied] = useState<string | null>(null);
  const [rating, setRating] = useState<'up' | 'down' | null>(null);
  const [comment, setComment] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const commentId = `comment-${turn.key}`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(turn.answer);
      setCopied('Copied the answer.');
    } catch {
      setCopied('Copying is not allowed here: select the answer text instead.');
    }
    setTimeout(() => setCopied(null), 4000);
  };

  const rate = async (value: 'up' | 'down', text?: string) => {
    if (!turn.messageId) return;
    setProblem(null);
    try {
      await sendFeedback(turn.messageId, value, text);
      setRating(value);
      setSaved(text ? 'Thank you: your rating and comment were saved.' : 'Thank you: your rating was saved.');
    } catch (e) {
      setProblem(e);
    }
  };

  return (
    <div class="c-actions">
      <div class="c-action-row">
        <button type="button" class="ui-btn small" onClick={() => void copy()}>
          Copy
        </button>
        {turn.messageId && (
          <>
            <button type="button" class="ui-btn small" aria-pressed={rating === 'up'} onClick={() => void rate('up')}>
              Helpful
            </button>
            <button type="button" class="ui-btn small" aria-pressed={rating === 'down'} onClick={() => void rate('down')}>
              Not helpful
            </button>
          </>
        )}
        <span role="status" class="ui-muted">
          {copied ?? saved ?? ''}
        </span>
      </div>
      {rating && (
        <form
          class="c-comment"
          onSubmit={(e) => {
            e.preventDefault();
            void rate(rating, comment.trim() || undefined);
          }}
        >
          <label for={commentId}>Comment (optional)</label>
          <input id={commentId} type="text" maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          <button type="submit" class="ui-btn small" disabled={!comment.trim()}>
            Send comment
          </button>
        </form>
      )}
      <ProblemAlert problem={problem} />
    </div>
  );
}
