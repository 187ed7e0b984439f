// The ClickUp panel of the Documents screen, the way a person uses it: connect with a personal token (the
// suite's ClickUp stand-in, prepared by e2e BrowserIT: RAG_CLICKUP_TOKEN reaches RAG_CLICKUP_WORKSPACE with one
// task in its board), watch the first sync import the task, find it in the list with its ClickUp link,
// sync again, disconnect (its document goes too).
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, checkA11y, launch, newPerson, openPage, registerByApi, report, screenshot, signIn } from './harness.mjs';

const TOKEN = process.env.RAG_CLICKUP_TOKEN;
const WORKSPACE = process.env.RAG_CLICKUP_WORKSPACE;

test('a ClickUp workspace is connected, its task imported and linked, then disconnected', { skip: !TOKEN && 'no RAG_CLICKUP_TOKEN (set by e2e BrowserIT)' }, async () => {
  const browser = await launch();
  try {
    const person = await registerByApi(newPerson('clickup'));
    const page = await openPage(browser);
    await signIn(page, person);
    await page.goto('/documents');
    await page.getByRole('heading', { name: 'ClickUp', exact: true }).waitFor();

    // a token ClickUp refuses: the reason, and nothing kept
    await page.getByLabel('ClickUp personal token').fill('pk_1_REFUSEDREFUSEDREFUSED');
    await page.getByLabel('Workspace id').fill(WORKSPACE);
    await page.getByRole('button', { name: 'Connect ClickUp', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'ClickUp refused this token' }).waitFor({ timeout: 15_000 });

    const started = Date.now();
    await page.getByLabel('ClickUp personal token').fill(TOKEN);
    await page.getByRole('button', { name: 'Connect ClickUp', exact: true }).click();
    const card = page.getByRole('article', { name: `ClickUp workspace ${WORKSPACE}` });
    await card.getByText('1 document imported.').waitFor({ timeout: 30_000 });
    await card.getByText(/Last synced .*: 1 task read, 1 new\./).waitFor({ timeout: 30_000 });
    report(`connections: connected and first sync shown ${Date.now() - started} ms after Connect`);
    assert.ok(!(await page.content()).includes(TOKEN), 'the token is never shown again');

    const link = page.getByRole('link', { name: 'Kestrel release checklist.md in ClickUp' });
    await link.waitFor({ timeout: 15_000 });
    assert.equal(await link.getAttribute('href'), 'https://app.clickup.com/t/86web1');
    // the list follows the imported document until it is indexed
    await page.getByRole('row', { name: /Kestrel release checklist\.md/ }).getByText('indexed', { exact: true })
      .waitFor({ timeout: 30_000 });
    await checkA11y(page, 'documents-clickup');
    await screenshot(page, 'documents-clickup');

    await card.getByRole('button', { name: 'Sync now' }).click();
    await card.getByText(/Last synced .*: 1 task read\./).waitFor({ timeout: 30_000 });

    await card.getByRole('button', { name: `Disconnect ClickUp workspace ${WORKSPACE}` }).click();
    const dialog = page.getByRole('dialog', { name: `Disconnect ClickUp workspace ${WORKSPACE}?` });
    await dialog.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await page.getByRole('button', { name: 'Connect ClickUp', exact: true }).waitFor({ timeout: 15_000 });
    await page.reload();
    await page.getByRole('heading', { name: 'ClickUp', exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Kestrel release checklist.md in ClickUp' }).count(), 0,
      'the imported document went with the connection');
    assertClean(page, [/status of 422/]);
  } finally {
    await browser.close();
  }
});
