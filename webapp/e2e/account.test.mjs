// The Account screen in a real browser: sessions on two devices (one signs the other out),
// API keys shown once and revoked, and the password change with the server's errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, assertClean, checkA11y, launch, newPerson, openPage, refused, registerByApi, screenshot, signIn } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function openAccount(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
}

test('two devices: revoking the other session on the Account screen sends that device to the sign-in page with a message', async () => {
  const person = await registerByApi(newPerson('devices'));
  const laptop = await openPage(browser);
  const phone = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await signIn(phone, person);
  await signIn(laptop, person);
  await openAccount(laptop);

  const sessions = laptop.getByRole('list', { name: 'Open sessions' });
  await sessions.getByRole('listitem').nth(1).waitFor();
  assert.equal(await sessions.getByRole('listitem').count(), 2, 'both devices are listed');
  const current = sessions.getByRole('listitem').filter({ hasText: 'this device' });
  assert.equal(await current.count(), 1, 'exactly one is this device');
  assert.match(await current.textContent(), /Headless Chrome on Linux/, 'the device is named readably');
  assert.match(await current.textContent(), /last used/);
  await checkA11y(laptop, 'account');
  await screenshot(laptop, 'account');

  // the phone-sized Account screen: nothing wider than the viewport
  await openAccount(phone);
  await phone.getByRole('list', { name: 'Open sessions' }).getByRole('listitem').nth(1).waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await checkA11y(phone, 'account-phone');
  await screenshot(phone, 'account-phone');

  const other = sessions.getByRole('listitem').filter({ hasNotText: 'this device' });
  await other.getByRole('button', { name: /^Sign out/ }).click();
  const dialog = laptop.getByRole('dialog', { name: 'Sign out this session?' });
  await dialog.waitFor();
  await checkA11y(laptop, 'account-confirm');
  await dialog.getByRole('button', { name: 'Sign out session' }).click();
  await laptop.getByRole('status').filter({ hasText: /^Signed out Headless Chrome on Linux/ }).waitFor();
  await laptop.waitForFunction(() => document.querySelectorAll('ul.rows li').length === 1);
  assert.equal(await sessions.getByRole('button', { name: /^Sign out/ }).count(), 0, 'no other session is left');

  // the phone acts (reloads its sessions by opening Documents and Account again) and is refused
  await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Documents' }).click();
  // the refusal may already have led to the sign-in page (no navigation left): then this click is moot, and it must
  // not wait for an Account heading that cannot come (that burned Playwright's 30 s default timeout)
  await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click({ timeout: 2000 }).catch(() => null);
  await phone.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await phone.getByRole('status').filter({ hasText: /Your session has ended/ }).waitFor();
  assert.ok(!(await phone.locator('body').textContent()).includes(person.email), 'no data of the ended session is left on the phone');
  await phone.reload();
  await phone.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

  // again, with "Sign out everywhere else", and this time the phone notices on a reload
  await signIn(phone, person);
  await laptop.reload();
  await laptop.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
  await sessions.getByRole('listitem').nth(1).waitFor();
  await laptop.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await laptop.getByRole('dialog', { name: 'Sign out everywhere else?' }).getByRole('button', { name: 'Sign out other sessions' }).click();
  await laptop.getByRole('status').filter({ hasText: /Signed out everywhere else/ }).waitFor();
  await phone.reload();
  await phone.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await phone.getByRole('status').filter({ hasText: /Your session has ended/ }).waitFor();

  // the laptop still works
  await laptop.reload();
  await laptop.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
  await sessions.getByRole('listitem').first().waitFor();
  assert.equal(await sessions.getByRole('listitem').count(), 1, 'only the laptop is signed in');
  assertClean(laptop);
  assertClean(phone, [refused(401)]);
  await laptop.context().close();
  await phone.context().close();
});

test('an API key is shown once, then only its prefix; it works until it is revoked', async () => {
  const person = await registerByApi(newPerson('apikey'));
  const page = await openPage(browser, { colorScheme: 'dark' });
  await signIn(page, person);
  await openAccount(page);
  await page.getByText(/No API keys yet/).waitFor();

  await page.getByLabel('Key name').fill('nightly import');
  await page.getByRole('checkbox', { name: /^documents:read/ }).check();
  await page.getByLabel('Expires after (days)').fill('30');
  await page.getByRole('button', { name: 'Create key' }).click();
  const box = page.getByRole('region', { name: /Your new key/ });
  await box.waitFor();
  const key = (await box.getByTestId('new-api-key').textContent()).trim();
  assert.match(key, /^rk_/, 'the whole key is shown');
  assert.match(await box.textContent(), /will not be shown again/);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await box.getByRole('button', { name: 'Copy' }).click();
  await box.getByText('Copied to the clipboard.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key, 'Copy puts the whole key on the clipboard');
  await checkA11y(page, 'account-new-key-dark');
  await screenshot(page, 'account-dark');

  // the key works for its scope
  const listed = await fetch(`${BASE_URL}/api/documents`, { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(listed.status, 200, 'the new key reads documents');

  await box.getByRole('button', { name: 'I have copied it' }).click();
  await box.waitFor({ state: 'detached' });
  const table = page.getByRole('table', { name: 'Your API keys' });
  const row = table.getByRole('row').filter({ hasText: 'nightly import' });
  await row.waitFor();
  const rowText = await row.textContent();
  assert.match(rowText, /chat, documents:read|documents:read, chat/);
  assert.ok(!(await page.locator('body').textContent()).includes(key), 'after the box is closed, the key is nowhere on the page');
  const prefix = (await row.locator('code').textContent()).replace('…', '');
  assert.ok(key.startsWith(prefix) && prefix.length < key.length, 'the list shows the prefix only');
  await page.reload();
  await table.getByRole('row').filter({ hasText: 'nightly import' }).waitFor();
  // keyboard: the first Tab reaches the skip link, which moves focus to the main content
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  assert.ok(!(await page.locator('body').textContent()).includes(key), 'nor after a reload');

  await table.getByRole('button', { name: 'Revoke nightly import' }).click();
  const dialog = page.getByRole('dialog', { name: /Revoke the key/ });
  await dialog.getByRole('button', { name: 'Revoke key' }).click();
  await page.getByRole('status').filter({ hasText: /Revoked the key/ }).waitFor();
  await page.getByText(/No API keys yet/).waitFor();
  const after = await fetch(`${BASE_URL}/api/documents`, { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(after.status, 401, 'a revoked key stops working at once');
  assertClean(page);
  await page.context().close();
});

test('changing the password: a wrong current password is marked at its field, then the new one works', async () => {
  const person = await registerByApi(newPerson('passwd'));
  const page = await openPage(browser);
  await signIn(page, person);
  await openAccount(page);
  const newPassword = `${person.password}-renewed`;

  await page.getByLabel('Current password').fill('Not-my-password-at-all');
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  const current = page.getByLabel('Current password');
  await page.waitForFunction(() => document.getElementById('current-password')?.getAttribute('aria-invalid') === 'true');
  assert.match(await page.locator('#current-password-error').textContent(), /current password is not correct/i);
  assert.match(await current.getAttribute('aria-describedby'), /current-password-error/);

  await current.fill(person.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  assert.equal(await page.getByRole('checkbox', { name: /Keep my API keys/ }).isChecked(), false, 'keys are revoked unless kept (the API\'s default)');
  await page.getByRole('status').filter({ hasText: /Your password was changed.*API keys were revoked/ }).waitFor();
  await checkA11y(page, 'account-password-changed');

  // sign out and in again with the new password
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await signIn(page, { ...person, password: newPassword });
  assertClean(page, [refused(400)]);
  await page.context().close();
});
