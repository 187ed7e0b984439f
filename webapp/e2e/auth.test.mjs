// Sign-in, registration and sign-out in a real browser: the server's messages where the person
// needs them, the lockout with its wait, the password policy next to the field, and nothing left
// to see behind the back button after signing out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertClean, checkA11y, launch, newPerson, openPage, refused, registerByApi, screenshot, signIn } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** One sign-in attempt through the form; resolves to the status of the login answer. */
async function attempt(page, email, password) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  return (await answer).status();
}

test('the sign-in page: its accessible form, and a wrong password shows the server\'s message', async () => {
  const person = await registerByApi(newPerson('wrongpw'));
  const page = await openPage(browser);
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  // the sign-in screen shows at once; the address becomes /signin in an effect right after (app.tsx Shell)
  await page.waitForURL((url) => url.pathname === '/signin'); // a signed-out visitor lands on the sign-in page
  await checkA11y(page, 'signin');
  await screenshot(page, 'signin');

  assert.equal(await attempt(page, person.email, person.password + 'x'), 401);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal((await alert.textContent()).trim(), 'Invalid email or password.');
  assert.ok(await page.getByRole('button', { name: 'Sign in', exact: true }).isEnabled(), 'a wrong password does not block the form');
  await checkA11y(page, 'signin-wrong-password');

  // the right password still works from here
  assert.equal(await attempt(page, person.email, person.password), 200);
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  assertClean(page, [refused(401)]);
  await page.context().close();
});

test('repeated wrong passwords lock the form with the wait the server gave', async () => {
  // auth-service locks an address out of an account after 5 failures in 15 minutes
  // (rag.auth.throttle.account-address.max-failures; docs/security.md, "Login throttling")
  const person = await registerByApi(newPerson('lockout'));
  const page = await openPage(browser);
  await page.goto('/signin');
  const statuses = [];
  for (let i = 0; i < 8 && !statuses.includes(429); i++) {
    statuses.push(await attempt(page, person.email, `Wrong-password-${i}-xyz`));
    await page.getByRole('alert').waitFor();
  }
  assert.ok(statuses.includes(429), `a lockout after repeated failures (statuses: ${statuses})`);
  assert.ok(statuses.indexOf(429) >= 4, `not before the 5th failure (statuses: ${statuses})`);
  const alert = page.getByRole('alert');
  const text = (await alert.textContent()).trim();
  assert.match(text, /^Too many attempts/, text);
  assert.match(text, /try again in \d+ (seconds?|minutes?)\./i, 'the wait is spelled out');
  assert.equal(await page.getByRole('button', { name: 'Sign in', exact: true }).isDisabled(), true, 'the button waits out the lock');
  await page.getByText(/You can try again in \d+/).waitFor();
  await checkA11y(page, 'signin-locked');
  await screenshot(page, 'signin-locked');
  assertClean(page, [refused(401), refused(429)]);
  await page.context().close();
});

test('registration: the password policy is shown, a too-short password is marked at the field, then the account signs in and lands on Documents', async () => {
  const person = newPerson('register');
  const page = await openPage(browser);
  await page.goto('/signin');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/register');
  const password = page.getByLabel('Password', { exact: true });
  assert.match(await page.locator(`#${await password.getAttribute('aria-describedby')}`).textContent(), /12 to 72 bytes/, 'the policy is the field\'s description');

  await page.getByLabel('Name').fill(person.displayName);
  await page.getByLabel('Email').fill(person.email);
  await password.fill('short');
  const refusedAnswer = page.waitForResponse((r) => r.url().endsWith('/api/auth/register'));
  await page.getByRole('button', { name: 'Create account' }).click();
  assert.equal((await refusedAnswer).status(), 400);
  await page.locator('.field-error').first().waitFor();
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  const describedBy = (await password.getAttribute('aria-describedby')).split(' ');
  const errorText = await page.locator(`#${describedBy[0]}`).textContent();
  assert.match(errorText, /12.*72/, `the field's error says what is wrong: ${errorText}`);
  assert.ok(describedBy[0].endsWith('-error'), 'the error is read with the field');
  await checkA11y(page, 'register');
  await screenshot(page, 'register');

  await password.fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  await page.waitForURL((url) => url.pathname === '/documents');
  assert.ok((await page.locator('header').textContent()).includes(person.displayName), 'signed in as the new account');
  assertClean(page, [refused(400)]);
  await page.context().close();
});

test('after signing out, the back button shows no signed-in data and a reload does not sign back in', async () => {
  const person = await registerByApi(newPerson('backbtn'));
  const page = await openPage(browser);
  await signIn(page, person);
  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
  await page.getByText(person.email).first().waitFor();

  await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  assert.equal(await page.getByRole('status').count(), 0, 'signing out yourself is not "your session ended"');

  // history: /signin (replaced by /chat on sign-in), /account (replaced by /signin on sign-out)
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  const text = await page.locator('body').textContent();
  assert.ok(!text.includes(person.email) && !text.includes(person.displayName), `no signed-in data after going back (${page.url()})`);
  assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 0);
  assert.equal(await page.getByRole('heading', { level: 1, name: 'Account' }).count(), 0);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  assert.ok(!(await page.locator('body').textContent()).includes(person.email));
  assertClean(page);
  await page.context().close();
});

test('the sign-in page in the dark theme', async () => {
  const page = await openPage(browser, { colorScheme: 'dark' });
  await page.goto('/signin');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(background, 'rgb(247, 248, 250)', 'the dark palette applies');
  await checkA11y(page, 'signin-dark');
  await screenshot(page, 'signin-dark');
  assertClean(page);
  await page.context().close();
});

test('a link opened while signed out leads back there after signing in', async () => {
  const person = await registerByApi(newPerson('deeplink'));
  const page = await openPage(browser);
  await page.goto('/account');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.waitForURL((url) => url.pathname === '/signin'); // replaced in an effect after the screen shows
  assert.equal(await attempt(page, person.email, person.password), 200);
  await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account');
  assertClean(page);
  await page.context().close();
});
