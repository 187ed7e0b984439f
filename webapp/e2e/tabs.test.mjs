// Two tabs of one browser share the one refresh cookie. auth-service treats a refresh token presented
// twice as stolen and ends the session, so two tabs restoring their session at the same moment (two
// reloads) must not present it at once: client.ts queues refreshes across tabs (Web Locks).
import test from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, launch, newPerson, openPage, registerByApi, signIn } from './harness.mjs';

test('two tabs reloading at the same moment both stay signed in', async () => {
  const browser = await launch();
  try {
    const person = await registerByApi(newPerson('tabs'));
    const first = await openPage(browser);
    await signIn(first, person);
    const second = await first.context().newPage(); // a second tab: same cookies, same storage
    const secondProblems = [];
    second.on('console', (m) => m.type() === 'error' && secondProblems.push(`console: ${m.text()}`));
    second.on('pageerror', (e) => secondProblems.push(`page error: ${e.message}`));
    await second.goto('/documents');
    const signOut = (page) => page.getByRole('button', { name: 'Sign out', exact: true });
    await signOut(second).waitFor();

    for (let round = 0; round < 3; round++) {
      await Promise.all([first.reload(), second.reload()]);
      await Promise.all([signOut(first).waitFor({ timeout: 15_000 }), signOut(second).waitFor({ timeout: 15_000 })]);
    }
    // the session is still alive on the server: a third tab opened now is signed in too
    const third = await first.context().newPage();
    await third.goto('/account');
    await signOut(third).waitFor({ timeout: 15_000 });
    assert.equal(await third.getByRole('heading', { level: 1 }).first().textContent(), 'Account');

    assertClean(first);
    assert.deepEqual(secondProblems, [], 'the second tab\'s console must be free of errors');
  } finally {
    await browser.close();
  }
});
