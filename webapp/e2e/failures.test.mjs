// Failure paths of the Documents and Chat screens in the real browser: a type that is not a
// document, a file over the limit, a type only the server can tell, and the stream breaking.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TARGET, report, assertClean, checkA11y, launch, newPerson, openPage, refused, registerByApi, screenshot, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const NO_SESSION = refused(401);

test('uploads the app or the server refuses say why; a PDF that cannot be read fails with its reason', { timeout: 180_000 }, async () => {
  const page = await openPage(browser);
  await signIn(page, await registerByApi(newPerson('fail-docs')));
  await page.goto('/documents');
  await page.getByText('Upload your first documents').waitFor();
  const pick = page.getByLabel('Choose files');

  // obviously not a document: refused before uploading, naming the supported types
  await pick.setInputFiles({ name: 'installer.zip', mimeType: 'application/zip', buffer: Buffer.from('PK\u0003\u0004 not really a zip archive') });
  await page.getByText(/installer\.zip is not a supported type \(\.zip\)\. Supported: PDF/).waitFor();

  // over 50 MiB: refused before uploading, with the limit
  // (Playwright passes buffers up to 50 MB only: the 51 MiB file is written to target/)
  mkdirSync(TARGET, { recursive: true });
  const huge = join(TARGET, 'huge-report.pdf');
  writeFileSync(huge, Buffer.alloc(51 * 1024 * 1024, 0x41));
  await pick.setInputFiles(huge);
  await page.getByText(/huge-report\.pdf is 51\.0 MiB: files can be at most 50 MiB/).waitFor();

  // a type only the server can tell (PNG bytes, unknown extension): its 415 detail is shown
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e00000000049454e44ae426082', 'hex');
  await pick.setInputFiles({ name: 'scan.xyz', mimeType: 'application/octet-stream', buffer: png });
  const refusedRow = page.locator('.d-upload.rejected', { hasText: 'scan.xyz' });
  await refusedRow.waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.d-upload.rejected')].some((r) => /scan\.xyz: .+/.test(r.textContent) && !/Uploading/.test(r.textContent)));
  const detail = await refusedRow.locator('.state').textContent();
  assert.match(detail, /^scan\.xyz: .*(support|type)/i, `the server's detail: ${detail}`);

  // dropped files take the same way (a DataTransfer built in the page, dropped on the zone)
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['MZ not really a program'], 'dropped.exe', { type: 'application/x-msdownload' }));
    const zone = document.querySelector('.d-drop');
    for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
  });
  await page.getByText(/dropped\.exe is not a supported type \(\.exe\)/).waitFor();

  assert.equal(await page.locator('table.d-table').count(), 0, 'nothing was stored');

  // a file that looks like a PDF but cannot be read: accepted, then failed (or retrying) with its reason
  await pick.setInputFiles({ name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer broken') });
  const broken = page.locator('.d-upload', { hasText: 'broken.pdf' });
  await page.waitForFunction(() => [...document.querySelectorAll('.d-upload')].some((r) => /broken\.pdf/.test(r.textContent) && /Failed: .+|Attempt failed: .+/.test(r.textContent)), null, { timeout: 90_000 });
  report(`a PDF that cannot be read: ${await broken.locator('.state').textContent()}`);
  await page.locator('table.d-table').getByRole('cell', { name: 'broken.pdf', exact: true }).waitFor();
  await checkA11y(page, 'documents-refused');
  await screenshot(page, 'documents-refused');
  assertClean(page, [NO_SESSION, refused(415)]);
  await page.context().close();
});

const sse = (...events) => events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');

test('a stream that breaks says the connection was lost, and Retry works; error events and 429 are explained', { timeout: 180_000 }, async () => {
  const page = await openPage(browser);
  await signIn(page, await registerByApi(newPerson('fail-chat')));
  await page.goto('/chat');
  await page.getByText('You have no documents yet').waitFor();
  await checkA11y(page, 'chat-empty');
  await screenshot(page, 'chat-empty');

  // the body ends after two tokens, without `done`
  await page.route('**/api/chat/stream', (route) => route.fulfill({
    status: 200, headers: { 'Content-Type': 'text/event-stream' },
    body: sse(['token', { text: 'Tesla died ' }], ['token', { text: 'in 19' }]),
  }));
  await page.getByLabel('Question').fill('In what year did Tesla die?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await page.getByText('The connection was lost while the answer was streaming.').waitFor();
  await page.locator('.c-answer', { hasText: 'Tesla died in 19' }).waitFor();
  await checkA11y(page, 'chat-lost');
  await screenshot(page, 'chat-lost');

  // the connection itself fails
  await page.unroute('**/api/chat/stream');
  await page.route('**/api/chat/stream', (route) => route.abort('connectionreset'));
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByText('The connection was lost while the answer was streaming.').waitFor();

  // back to the real server: Retry streams a real answer into the same place
  await page.unroute('**/api/chat/stream');
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByText(/Extractive answer|Answered by the language model/).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByText('The connection was lost while the answer was streaming.').count(), 0);
  assert.equal(await page.locator('.c-turn').count(), 1, 'the retried answer replaced the lost one');
  await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);

  // an error event shows its problem detail
  await page.route('**/api/chat/stream', (route) => route.fulfill({
    status: 200, headers: { 'Content-Type': 'text/event-stream' },
    body: sse(['error', { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The search index cannot be reached right now.' }]),
  }));
  await page.getByLabel('Question').fill('And where was he born?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await page.getByText('The search index cannot be reached right now.').waitFor();

  // 429: the wait
  await page.unroute('**/api/chat/stream');
  await page.route('**/api/chat/stream', (route) => route.fulfill({
    status: 429, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '30' },
    body: JSON.stringify({ type: 'urn:rag-suite:problem:rate-limited', title: 'Too Many Requests', status: 429, detail: 'Too many questions.' }),
  }));
  await page.getByLabel('Question').fill('What did he invent?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await page.getByText('Too many questions. Try again in 30 seconds.').waitFor();

  // Stop ends a stream that is still running
  await page.unroute('**/api/chat/stream');
  await page.route('**/api/chat/stream', async (route) => {
    await new Promise((r) => setTimeout(r, 3000));
    await route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body: sse(['token', { text: 'late' }]) }).catch(() => undefined);
  });
  await page.getByLabel('Question').fill('Is this slow?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await page.getByText('Searching your documents…').waitFor();
  await checkA11y(page, 'chat-streaming');
  await screenshot(page, 'chat-streaming');
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByText('Stopped: the answer is incomplete.').waitFor();
  await page.unroute('**/api/chat/stream');

  assertClean(page, [NO_SESSION, refused(429), /ERR_CONNECTION_RESET|ERR_FAILED/]);
  await page.context().close();
});
