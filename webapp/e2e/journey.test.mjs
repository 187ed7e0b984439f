// A new person's whole journey in the real browser: register → upload a Markdown file and a PDF
// at once → both indexed with the bar moving → ask → the answer streams and says 1943 → open a
// citation → Helpful → another person sees none of it → sign out → back shows nothing → sign in
// again and the conversation is there. Also the phone-sized and dark screens.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, TARGET, assertClean, checkA11y, launch, newPerson, openPage, refused, registerByApi, report, screenshot, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// a page loaded without a session asks for a refresh with no cookie: a 401 by design
const NO_SESSION = refused(401);

/** A small PDF on another topic, printed by Chromium itself. */
async function makePdf(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent(`<!doctype html><html><head><title>Honeybees</title></head><body>
    <h1>The Western Honeybee</h1>
    <p>The western honeybee (Apis mellifera) is the most common of the honeybee species worldwide. It was domesticated
    for honey production and crop pollination, and beekeepers keep colonies in wooden hives.</p>
    <h2>Colony life</h2>
    <p>A colony has a single queen, a few hundred drones in summer, and tens of thousands of female worker bees.
    Workers build wax combs, gather nectar and pollen, and communicate the location of flowers with the waggle dance.</p>
    <h2>Pollination</h2>
    <p>Honeybees pollinate almonds, apples, blueberries and many other crops. Colony collapse disorder, first described
    in 2006, made beekeepers lose a large share of their hives in some winters.</p>
  </body></html>`);
  await page.pdf({ path, format: 'A4' });
  await context.close();
}

/** Collects every value each <progress> takes (sampled in the page every 10 ms). */
async function watchProgress(page) {
  await page.evaluate(() => {
    window.__progress = {};
    setInterval(() => {
      for (const p of document.querySelectorAll('progress')) {
        const name = p.getAttribute('aria-label');
        const seen = (window.__progress[name] ??= []);
        if (seen[seen.length - 1] !== p.value) seen.push(p.value);
      }
    }, 10);
  });
}

/** Records the answer's text as it grows, and when Ask was clicked (in the page's clock). */
async function watchAnswer(page) {
  await page.evaluate(() => {
    window.__answer = { clicked: 0, snapshots: [] };
    document.addEventListener('click', (e) => {
      const b = e.target instanceof Element ? e.target.closest('button') : null;
      if (b && b.textContent.trim() === 'Ask') { window.__answer.clicked = performance.now(); window.__answer.snapshots = []; }
    }, true);
    new MutationObserver(() => {
      const answers = document.querySelectorAll('.c-answer');
      const last = answers[answers.length - 1];
      if (!last || !window.__answer.clicked) return;
      const text = last.textContent.replace('Searching your documents…', '');
      const s = window.__answer.snapshots;
      if (text && (s.length === 0 || s[s.length - 1].text !== text)) s.push({ t: performance.now() - window.__answer.clicked, text });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

test('a new person: register, upload, watch indexing, ask, read the citation, rate, privacy, sign out and back', { timeout: 600_000 }, async () => {
  const person = newPerson('journey');
  const page = await openPage(browser);

  // first load of / : what the browser transfers (decoded bodies, and encoded sizes from Resource Timing)
  const bodies = [];
  const onResponse = async (r) => { try { bodies.push((await r.body()).length); } catch { /* redirects have none */ } };
  page.on('response', onResponse);
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  const transfer = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    return {
      transferSize: (nav?.transferSize ?? 0) + resources.reduce((s, r) => s + (r.transferSize || 0), 0),
      encoded: (nav?.encodedBodySize ?? 0) + resources.reduce((s, r) => s + (r.encodedBodySize || 0), 0),
      decoded: (nav?.decodedBodySize ?? 0) + resources.reduce((s, r) => s + (r.decodedBodySize || 0), 0),
      count: resources.length + 1,
    };
  });
  report(`first load of /: ${transfer.count} responses, ${transfer.transferSize} bytes transferred (${transfer.encoded} encoded bodies, ${transfer.decoded} decoded; sum of response bodies seen by the page: ${bodies.reduce((a, b) => a + b, 0)} bytes)`);

  // register through the UI: it signs in and lands on /documents
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill(person.displayName);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/documents');
  await page.getByText('Upload your first documents').waitFor();
  await checkA11y(page, 'documents-empty');
  await screenshot(page, 'documents-empty');

  // two documents at once: the Markdown fixture and a PDF printed by Chromium
  mkdirSync(TARGET, { recursive: true });
  const pdf = join(TARGET, 'e2e-honeybees.pdf');
  await makePdf(pdf);
  await watchProgress(page);
  await page.getByLabel('Choose files').setInputFiles([join(FIXTURES, 'Nikola_Tesla.md'), pdf]);
  const rows = page.locator('.d-upload');
  await assert.doesNotReject(rows.nth(1).waitFor());
  await page.locator('.d-upload.indexed').nth(1).waitFor({ timeout: 300_000 });
  assert.equal(await page.locator('.d-upload.indexed').count(), 2, 'both documents indexed');
  const progress = await page.evaluate(() => window.__progress);
  for (const name of ['Progress of Nikola_Tesla.md', 'Progress of e2e-honeybees.pdf']) {
    const values = progress[name] ?? [];
    assert.ok(new Set(values).size >= 2, `${name} moved: ${JSON.stringify(values)}`);
    assert.equal(values[values.length - 1], 100);
  }
  report(`upload progress values observed: ${JSON.stringify(progress)}`);
  // the list shows both, indexed, with their chunks
  const table = page.locator('table.d-table');
  await table.getByRole('cell', { name: 'Nikola_Tesla.md', exact: true }).waitFor();
  await table.getByRole('cell', { name: 'e2e-honeybees.pdf', exact: true }).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.d-table .d-status')].filter((s) => s.textContent === 'indexed').length === 2);
  // the same bytes again: already there
  await page.getByLabel('Choose files').setInputFiles(join(FIXTURES, 'Nikola_Tesla.md'));
  await page.getByText(/Already uploaded: Nikola_Tesla\.md \(version 1\)/).waitFor();
  await checkA11y(page, 'documents');
  await screenshot(page, 'documents');

  // ask: the answer streams in
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await page.waitForURL('**/chat');
  await watchAnswer(page);
  await page.getByLabel('Question').fill('In what year did Tesla die?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await page.getByText(/Extractive answer|Answered by the language model/).waitFor({ timeout: 120_000 });
  await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
  const conversationUrl = page.url();
  const answer = await page.evaluate(() => window.__answer);
  const answerText = await page.locator('.c-answer').last().textContent();
  assert.match(answerText, /1943/);
  const intermediate = answer.snapshots.filter((s) => s.text !== answerText.trim() && s.text !== answerText);
  assert.ok(intermediate.length >= 2, `the answer streamed in (${answer.snapshots.length} texts: ${JSON.stringify(answer.snapshots.slice(0, 4))})`);
  const firstToken = Math.round(answer.snapshots[0].t);
  const doneAt = Math.round(answer.snapshots[answer.snapshots.length - 1].t);
  report(`chat: first streamed token ${firstToken} ms after Ask, complete answer ${doneAt} ms (${answer.snapshots.length} intermediate texts)`);
  await screenshot(page, 'chat-answer');
  await checkA11y(page, 'chat-answer');

  // a citation opens the passage beside the answer, with the question's words marked
  await page.getByRole('button', { name: /^Citation \d+$/ }).first().click();
  const passage = page.locator('.c-passage');
  await passage.waitFor();
  assert.match(await passage.locator('h3').textContent(), /\.md|\.pdf/);
  assert.ok((await passage.locator('mark').count()) > 0, 'question words are marked');
  await checkA11y(page, 'chat-citation');
  await screenshot(page, 'chat-citation');

  // Helpful
  const helpful = page.getByRole('button', { name: 'Helpful', exact: true });
  await helpful.click();
  await page.getByText('your rating was saved').waitFor();
  assert.equal(await helpful.getAttribute('aria-pressed'), 'true');
  await page.getByLabel('Comment (optional)').fill('Exactly what I needed.');
  await page.getByRole('button', { name: 'Send comment' }).click();
  await page.getByText('your rating and comment were saved').waitFor();

  // the conversation is in the sidebar
  const sidebar = page.getByRole('complementary', { name: 'Conversations' });
  await sidebar.getByRole('link', { name: /Tesla/ }).waitFor();
  await checkA11y(page, 'conversations');
  await screenshot(page, 'conversations');

  // another person sees none of it
  const other = await openPage(browser);
  await signIn(other, await registerByApi(newPerson('other')));
  await other.goto('/documents');
  await other.getByText('Upload your first documents').waitFor();
  await other.goto('/chat');
  await other.getByText('No conversations yet').waitFor();
  await other.getByText('You have no documents yet').waitFor();
  await other.goto(new URL(conversationUrl).pathname);
  await other.getByRole('alert').waitFor();
  assert.equal(await other.getByText('Nikola_Tesla').count(), 0);
  assert.equal(await other.getByText('1943').count(), 0);
  assertClean(other, [NO_SESSION, refused(404)]);
  await other.context().close();

  // the phone-sized screen: the sidebar collapses behind a toggle, nothing scrolls sideways
  const phone = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await signIn(phone, person);
  await phone.goto(new URL(conversationUrl).pathname);
  await phone.locator('.c-answer').first().waitFor();
  assert.equal(await phone.getByRole('complementary', { name: 'Conversations' }).isVisible(), false);
  const toggle = phone.getByRole('button', { name: 'Conversations' });
  await toggle.click();
  await phone.getByRole('complementary', { name: 'Conversations' }).getByRole('link', { name: /Tesla/ }).waitFor();
  await phone.getByRole('button', { name: 'Hide conversations' }).click();
  await phone.getByRole('button', { name: /^Citation \d+$/ }).first().click();
  await phone.locator('.c-passage').waitFor();
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing scrolls horizontally');
  await checkA11y(phone, 'chat-phone');
  await screenshot(phone, 'chat-phone');
  await phone.goto('/documents');
  await phone.locator('table.d-table').waitFor();
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the documents list fits a phone');
  await screenshot(phone, 'documents-phone');
  assertClean(phone, [NO_SESSION]);
  await phone.context().close();

  // the dark theme
  const dark = await openPage(browser, { colorScheme: 'dark' });
  await signIn(dark, person);
  await dark.goto('/documents');
  await dark.locator('table.d-table').waitFor();
  await checkA11y(dark, 'documents-dark');
  await screenshot(dark, 'documents-dark');
  await dark.goto(new URL(conversationUrl).pathname);
  await dark.getByRole('button', { name: /^Citation \d+$/ }).first().click();
  await dark.locator('.c-passage').waitFor();
  await checkA11y(dark, 'chat-dark');
  await screenshot(dark, 'chat-dark');
  assertClean(dark, [NO_SESSION]);
  await dark.context().close();

  // sign out: the back button shows no data
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/signin');
  await page.goBack();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.equal(await page.getByText('1943').count(), 0, 'no answer after sign-out');
  assert.equal(await page.getByText('Nikola_Tesla').count(), 0, 'no document after sign-out');
  assert.equal(await page.locator('.c-conversations').count(), 0, 'no conversations after sign-out');

  // sign in again: the conversation is there, with its answer and citations
  await signIn(page, person);
  await page.goto('/chat');
  await page.getByRole('complementary', { name: 'Conversations' }).getByRole('link', { name: /Tesla/ }).click();
  await page.waitForURL(conversationUrl);
  await page.locator('.c-answer', { hasText: '1943' }).waitFor();
  await page.getByRole('button', { name: /^Citation \d+$/ }).first().click();
  await page.locator('.c-passage').waitFor();

  // a follow-up continues the same conversation
  await page.getByLabel('Question').fill('Where did he die?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await page.locator('.c-turn').nth(1).getByText(/Extractive answer|Answered by the language model/).waitFor({ timeout: 60_000 });
  assert.equal(page.url(), conversationUrl, 'the follow-up stays in the conversation');
  assert.equal(await page.getByRole('complementary', { name: 'Conversations' }).getByRole('listitem').count(), 1);

  // delete the conversation, after a confirmation
  await page.getByRole('button', { name: /^Delete conversation / }).click();
  const confirmConversation = page.getByRole('dialog');
  await confirmConversation.getByRole('button', { name: 'Delete' }).click();
  await page.waitForURL(/\/chat$/);
  await page.getByText('No conversations yet').waitFor();

  // delete a document, after a confirmation: what was removed, and that nothing remains
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Documents' }).click();
  await page.getByRole('button', { name: 'Delete e2e-honeybees.pdf' }).click();
  const confirmDocument = page.getByRole('dialog', { name: /Delete e2e-honeybees\.pdf/ });
  await confirmDocument.waitFor();
  await checkA11y(page, 'documents-delete');
  await screenshot(page, 'documents-delete');
  await confirmDocument.getByRole('button', { name: 'Delete' }).click();
  const removed = page.getByText(/Deleted e2e-honeybees\.pdf: \d+ vectors? removed from the index; nothing remains/);
  await removed.waitFor();
  report(`delete: ${await removed.textContent()}`);
  await page.getByRole('cell', { name: 'e2e-honeybees.pdf', exact: true }).waitFor({ state: 'detached' });

  assertClean(page, [NO_SESSION]);
  await page.context().close();
});
