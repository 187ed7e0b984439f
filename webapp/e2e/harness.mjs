// Shared by the browser tests (node --test e2e/): the system Chromium driven by playwright-core,
// axe-core on every screen, console errors collected, screenshots written to target/screenshots.
// The suite under test is at RAG_WEB_URL (e2e's BrowserIT starts one on its own ports and passes it,
// with the first admin's credentials in RAG_ADMIN_EMAIL / RAG_ADMIN_PASSWORD).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const TARGET = join(here, '..', 'target');
export const SCREENSHOTS = join(TARGET, 'screenshots');
export const FIXTURES = process.env.RAG_WEB_FIXTURES ?? join(here, 'fixtures');
export const BASE_URL = process.env.RAG_WEB_URL ?? 'http://127.0.0.1:8080';
export const ADMIN = { email: process.env.RAG_ADMIN_EMAIL, password: process.env.RAG_ADMIN_PASSWORD };
const CHROMIUM = process.env.RAG_CHROMIUM ?? '/usr/bin/chromium';
const ACTION_TIMEOUT_MS = Number(process.env.RAG_WEB_ACTION_TIMEOUT_MS ?? 60_000);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Chromium as this machine allows it: no sandbox as root, no background calls to Google's hosts. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * A new browser context (its own cookies: one person on one device) and page. Console errors and
 * failed page errors are collected in `page.problems`; `assertClean(page)` fails the test on any.
 * `allowed` lists console messages a test provokes on purpose (a refused request shows as a
 * console error in Chromium: "Failed to load resource: the server responded with a status of 401").
 */
export async function openPage(browser, { viewport = { width: 1280, height: 860 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport, colorScheme });
  // Playwright's default is 30 s per wait; in CI five JVMs and Chromium share 2 cores (load averages above 4), so
  // the browser tests allow each wait twice that. A wait that cannot succeed still fails, only later.
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  return page;
}

/** No console errors or uncaught exceptions, except the refused requests a test made on purpose. */
export function assertClean(page, allowed = []) {
  const unexpected = page.problems.filter(
    (p) => !allowed.some((a) => (a instanceof RegExp ? a.test(p) : p.includes(a))));
  assert.deepEqual(unexpected, [], 'the browser console must be free of errors');
}

/** HTTP statuses a test provokes on purpose show as console errors; this is the pattern for them. */
export const refused = (status) => new RegExp(`status of ${status}`);

const axeResults = [];

/** axe-core on the page as it is now: fails on any violation; the result is kept for the report. */
export async function checkA11y(page, screen) {
  // evaluate runs outside the page's CSP (DevTools protocol), so the app's strict policy stays on
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const violations = result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  axeResults.push({ screen, violations: violations.length, passes: result.passes?.length ?? null });
  mkdirSync(TARGET, { recursive: true });
  appendFileSync(join(TARGET, 'axe-report.jsonl'), JSON.stringify({ screen, url: page.url(), violations }) + '\n');
  assert.deepEqual(violations, [], `axe-core found accessibility violations on ${screen}`);
}

/** A full-page screenshot in target/screenshots/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

let counter = 0;
/** A fresh user's credentials (not yet registered). */
export function newPerson(tag = 'user') {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { email: `${tag}-${id}@example.com`, password: `Correct-horse-${id}-battery`, displayName: `${tag[0].toUpperCase()}${tag.slice(1)} ${id.slice(-4)}` };
}

/** Registers through the API (for tests whose subject is not registration itself). */
export async function registerByApi(person) {
  const response = await fetch(`${BASE_URL}/api/auth/register`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: person.email, password: person.password, displayName: person.displayName }),
  });
  assert.equal(response.status, 201, `register ${person.email}: ${await response.text()}`);
  return person;
}

/** Signs in through the sign-in page and waits for the app. */
export async function signIn(page, person) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Figures the browser tests measured, appended to target/browser-report.txt (read into the note). */
export function report(line) {
  mkdirSync(TARGET, { recursive: true });
  appendFileSync(join(TARGET, 'browser-report.txt'), line + '\n');
  console.log(`BROWSER ${line}`);
}

export function writeJson(name, value) {
  mkdirSync(TARGET, { recursive: true });
  writeFileSync(join(TARGET, name), JSON.stringify(value, null, 2));
}
