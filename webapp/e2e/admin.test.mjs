// The Admin screens in a real browser, with the first admin (RAG_ADMIN_EMAIL / RAG_ADMIN_PASSWORD):
// users (create, disable, enable), the audit trail, the usage note; and a normal user sees none of it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, BASE_URL, assertClean, checkA11y, launch, newPerson, openPage, refused, registerByApi, screenshot, signIn } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function loginStatus(person) {
  const response = await fetch(`${BASE_URL}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: person.email, password: person.password }),
  });
  return response.status;
}

/** How many enabled admins there are (asked through the API as the admin). */
async function enabledAdmins() {
  const login = await fetch(`${BASE_URL}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  const { accessToken } = await login.json();
  let count = 0;
  for (let page = 0; ; page++) {
    const answer = await (await fetch(`${BASE_URL}/api/admin/users?page=${page}&size=100`, { headers: { Authorization: `Bearer ${accessToken}` } })).json();
    count += answer.items.filter((u) => u.role === 'admin' && !u.disabled).length;
    if ((page + 1) * answer.size >= answer.total) break;
  }
  await fetch(`${BASE_URL}/api/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${accessToken}` } });
  return count;
}

test('an admin lists users, creates one, disables and enables it, and reads the audit trail', { skip: !ADMIN.email && 'RAG_ADMIN_EMAIL is not set' }, async () => {
  const page = await openPage(browser);
  await signIn(page, ADMIN);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  const users = page.getByRole('table', { name: 'Users' });
  await users.waitFor();
  assert.ok((await users.getByRole('row').count()) >= 2, 'the users list has at least the admin');

  // create a user
  const person = newPerson('created');
  const create = page.getByRole('region', { name: 'Create a user' });
  await create.getByLabel('Email').fill(person.email);
  await create.getByLabel('Name').fill(person.displayName);
  await create.getByLabel('Password', { exact: true }).fill(person.password);
  await create.getByLabel('Role').selectOption('user');
  await create.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('status').filter({ hasText: `Created ${person.email}` }).waitFor();
  const row = users.getByRole('row').filter({ hasText: person.email });
  await row.waitFor();
  assert.match(await row.textContent(), /User.*Enabled/);
  assert.equal(await loginStatus(person), 200, 'the created user can sign in');
  await checkA11y(page, 'admin-users');
  await screenshot(page, 'admin-users');

  // disable, with a confirmation
  await row.getByRole('button', { name: `Disable ${person.email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Disable ${person.email}?` });
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /signed out everywhere/);
  await checkA11y(page, 'admin-confirm');
  await dialog.getByRole('button', { name: 'Disable user' }).click();
  await page.getByRole('status').filter({ hasText: `${person.email} is disabled` }).waitFor();
  await row.getByText('Disabled').waitFor();
  assert.equal(await loginStatus(person), 401, 'a disabled user cannot sign in');

  // enable again
  await row.getByRole('button', { name: `Enable ${person.email}` }).click();
  await page.getByRole('dialog', { name: `Enable ${person.email}?` }).getByRole('button', { name: 'Enable user' }).click();
  await page.getByRole('status').filter({ hasText: `${person.email} is enabled again` }).waitFor();
  await row.getByText('Enabled').waitFor();
  assert.equal(await loginStatus(person), 200, 'an enabled user signs in again');

  // role: make them an admin and back, each confirmed
  await row.getByRole('button', { name: `Make admin ${person.email}` }).click();
  await page.getByRole('dialog', { name: `Make ${person.email} an administrator?` }).getByRole('button', { name: 'Change role' }).click();
  await page.getByRole('status').filter({ hasText: `${person.email} is now an administrator` }).waitFor();
  await row.getByRole('button', { name: `Make user ${person.email}` }).click();
  await page.getByRole('dialog', { name: `Make ${person.email} a normal user?` }).getByRole('button', { name: 'Change role' }).click();
  await page.getByRole('status').filter({ hasText: `${person.email} is now a user` }).waitFor();

  // reset password: the policy's answer is shown in the dialog, at the field; then a good one works
  await row.getByRole('button', { name: `Reset password of ${person.email}` }).click();
  const reset = page.getByRole('dialog', { name: `Reset the password of ${person.email}?` });
  await reset.getByLabel('New password').fill('too-short');
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await reset.locator('.field-error').waitFor();
  assert.match(await reset.locator('.field-error').textContent(), /12.*72/);
  assert.equal(await reset.getByLabel('New password').getAttribute('aria-invalid'), 'true');
  const newPassword = `${person.password}-reset`;
  await reset.getByLabel('New password').fill(newPassword);
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await page.getByRole('status').filter({ hasText: `The password of ${person.email} was reset` }).waitFor();
  assert.equal(await loginStatus({ ...person, password: newPassword }), 200, 'the reset password works');

  // the last enabled admin cannot be demoted: the refusal is explained (only tried when it is sure to be refused)
  if ((await enabledAdmins()) === 1) {
    const me = users.getByRole('row').filter({ hasText: ADMIN.email.toLowerCase() });
    // users are listed oldest first: the first admin is on the first page
    await page.goto('/admin');
    await me.waitFor();
    await me.getByRole('button', { name: /^Make user/ }).click();
    const demote = page.getByRole('dialog', { name: /a normal user\?$/ });
    await demote.getByRole('button', { name: 'Change role' }).click();
    const refusal = demote.getByRole('alert');
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /last enabled admin/);
    assert.match(await refusal.textContent(), /always keeps at least one enabled administrator/);
    await checkA11y(page, 'admin-last-admin');
    await demote.getByRole('button', { name: 'Cancel' }).click();
    await demote.waitFor({ state: 'detached' });
  }

  // the audit trail, newest first, in words
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit trail' }).click();
  const audit = page.getByRole('table', { name: /Audit events/ });
  await audit.waitFor();
  const rows = audit.getByRole('row');
  const texts = await rows.allTextContents();
  const created = texts.findIndex((t) => t.includes('User created by an admin') && t.includes(person.email));
  const disabled = texts.findIndex((t) => t.includes('User disabled') && t.includes(person.email));
  const enabled = texts.findIndex((t) => t.includes('User enabled') && t.includes(person.email));
  assert.ok(created > 0 && disabled > 0 && enabled > 0, `the admin's actions are in the trail:\n${texts.slice(0, 12).join('\n')}`);
  assert.ok(enabled < disabled && disabled < created, 'newest first');
  assert.ok(texts[enabled].includes(ADMIN.email.toLowerCase()), 'the acting admin is named');
  await checkA11y(page, 'admin-audit');
  await screenshot(page, 'admin-audit');

  // usage: said plainly that there are no figures yet
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Usage' }).click();
  await page.getByText(/not available here yet/).waitFor();
  assert.doesNotMatch(await page.getByRole('region', { name: 'Usage' }).textContent(), /\d{2,}/, 'no invented numbers');
  await checkA11y(page, 'admin-usage');
  assertClean(page, [refused(400), refused(409)]);
  await page.context().close();

  // the users list on a phone: tables become stacked cards, nothing wider than the screen
  const phone = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await signIn(phone, ADMIN);
  await phone.goto('/admin');
  await phone.getByRole('table', { name: 'Users' }).getByRole('row').nth(1).waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await checkA11y(phone, 'admin-users-phone');
  await screenshot(phone, 'admin-users-phone');
  assertClean(phone);
  await phone.context().close();
});

test('a normal user sees no Admin link, and /admin is not found', async () => {
  const person = await registerByApi(newPerson('plain'));
  const page = await openPage(browser);
  await signIn(page, person);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Account' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Admin' }).count(), 0, 'no Admin link');
  for (const path of ['/admin', '/admin/audit']) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    assert.equal(await page.getByRole('table').count(), 0, `nothing of ${path} is shown`);
  }
  await checkA11y(page, 'not-found');
  assertClean(page);
  await page.context().close();
});
