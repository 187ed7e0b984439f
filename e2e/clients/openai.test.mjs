// rag-suite's OpenAI-compatible API (/v1) as existing clients use it: the official `openai` package,
// pointed at the suite with a rag-suite API key. Run by e2e's OpenAiClientIT against the running suite
// (RAG_WEB_URL); the Tesla article is e2e's own fixture.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI, { AuthenticationError, NotFoundError } from 'openai';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = process.env.RAG_WEB_URL ?? 'http://127.0.0.1:8080';
const TESLA = join(here, '..', 'src', 'test', 'resources', 'fixtures', 'Nikola_Tesla.md');
const QUESTION = 'In what year did Tesla die?';

function report(line) {
  mkdirSync(join(here, '..', 'target'), { recursive: true });
  appendFileSync(join(here, '..', 'target', 'client-report.txt'), line + '\n');
  console.log(`CLIENT ${line}`);
}

async function call(path, { method = 'GET', token, body, form } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body) headers['Content-Type'] = 'application/json';
  const response = await fetch(BASE + path, { method, headers, body: form ?? (body ? JSON.stringify(body) : undefined) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A user with the Tesla article indexed and an API key with the `chat` scope. */
async function userWithKey() {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `openai-${id}@example.com`;
  const password = `Correct-horse-${id}-battery`;
  assert.equal((await call('/api/auth/register', { method: 'POST', body: { email, password, displayName: 'OpenAI client' } })).status, 201);
  const login = await call('/api/auth/login', { method: 'POST', body: { email, password } });
  assert.equal(login.status, 200);
  const token = login.body.accessToken;
  const form = new FormData();
  form.append('file', new Blob([readFileSync(TESLA)], { type: 'text/markdown' }), 'Nikola_Tesla.md');
  const upload = await call('/api/documents', { method: 'POST', token, form });
  assert.ok([200, 202].includes(upload.status), JSON.stringify(upload.body));
  const deadline = Date.now() + 180_000;
  for (;;) {
    const doc = await call(`/api/documents/${upload.body.id}`, { token });
    if (doc.body.status === 'indexed') break;
    assert.notEqual(doc.body.status, 'failed', JSON.stringify(doc.body));
    assert.ok(Date.now() < deadline, 'the article is indexed within 3 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  const key = await call('/api/auth/api-keys', { method: 'POST', token, body: { name: 'openai client', scopes: ['chat'] } });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  return { token, key: key.body };
}

const person = await userWithKey();
const client = new OpenAI({ apiKey: person.key.key, baseURL: `${BASE}/v1`, maxRetries: 0, timeout: 60_000 });

test('the models list names rag-suite', async () => {
  const models = [];
  for await (const model of client.models.list()) models.push(model.id);
  assert.ok(models.includes('rag-suite'), JSON.stringify(models));
  assert.equal((await client.models.retrieve('rag-suite')).id, 'rag-suite');
});

test('a completion answers from the caller\'s documents, with a citation and usage', async () => {
  const completion = await client.chat.completions.create({ model: 'rag-suite', messages: [{ role: 'user', content: QUESTION }] });
  const answer = completion.choices[0].message.content;
  assert.match(answer, /1943/);
  assert.match(answer, /\[\d+\]/);
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.ok(completion.usage.total_tokens > 0);
  assert.ok(Array.isArray(completion.citations) && completion.citations.length > 0);
  assert.equal(completion.citations[0].documentName, 'Nikola_Tesla.md');
  const cited = Number(answer.match(/\[(\d+)\]/)[1]);
  assert.ok(completion.citations.some((c) => c.n === cited), `[${cited}] names a returned citation`);
});

test('the same question streamed: chunks add up to the answer, the last one carries the citations', async () => {
  const started = performance.now();
  let firstContent = null;
  let text = '';
  let last = null;
  const stream = await client.chat.completions.create({ model: 'rag-suite', stream: true, messages: [{ role: 'user', content: QUESTION }] });
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content ?? '';
    if (delta && firstContent === null) firstContent = performance.now() - started;
    text += delta;
    last = chunk;
  }
  assert.match(text, /1943/);
  assert.ok(firstContent !== null, 'content arrived in chunks');
  assert.ok(Array.isArray(last.citations) && last.citations.length > 0, 'the final chunk has the citations');
  report(`openai client: first streamed chunk ${Math.round(firstContent)} ms, whole answer ${Math.round(performance.now() - started)} ms`);
});

test('a follow-up reads the history the client sends', async () => {
  const completion = await client.chat.completions.create({
    model: 'rag-suite',
    messages: [
      { role: 'user', content: 'Who was Nikola Tesla?' },
      { role: 'assistant', content: 'Nikola Tesla was a Serbian American inventor and electrical engineer.' },
      { role: 'user', content: 'When did he die?' },
    ],
  });
  assert.match(completion.choices[0].message.content, /1943/);
});

test('an unknown model is a 404 the client understands', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: QUESTION }] }),
    (e) => e instanceof NotFoundError && e.status === 404 && typeof e.message === 'string');
});

test('a wrong key and a revoked key are refused with 401', async () => {
  const wrong = new OpenAI({ apiKey: 'rk_not-a-key', baseURL: `${BASE}/v1`, maxRetries: 0 });
  await assert.rejects(wrong.models.list(), (e) => e instanceof AuthenticationError && e.status === 401);

  const key = await call('/api/auth/api-keys', { method: 'POST', token: person.token, body: { name: 'to revoke', scopes: ['chat'] } });
  const revocable = new OpenAI({ apiKey: key.body.key, baseURL: `${BASE}/v1`, maxRetries: 0 });
  assert.ok((await revocable.chat.completions.create({ model: 'rag-suite', messages: [{ role: 'user', content: QUESTION }] })).choices.length > 0);
  assert.equal((await call(`/api/auth/api-keys/${key.body.id}`, { method: 'DELETE', token: person.token })).status, 204);
  await assert.rejects(revocable.chat.completions.create({ model: 'rag-suite', messages: [{ role: 'user', content: QUESTION }] }),
    (e) => e instanceof AuthenticationError && e.status === 401);
});
