/**
 * Browser-test harness: the real server in-process on a fresh database, headless Chromium
 * (Debian's /usr/bin/chromium through playwright-core), sign-in, console-error collection, screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../server/app';
import { readEnv } from '../../server/env';
import { withDemo } from '../helpers/demo';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIXED_NOW = new Date('2012-03-01T04:00:00Z');
export const SHOTS_DIR = path.resolve('test-artifacts/screenshots');
export const VIEWPORTS = { small: { width: 1366, height: 768 }, large: { width: 1920, height: 1080 } } as const;

export const USERS = {
  admin: { username: 'admin', password: 'admin123' },
  security: { username: 'security', password: 'security123' },
  auditor: { username: 'auditor', password: 'audit123' },
  leader: { username: 'leader', password: 'leader123' },
  inspector: { username: 'inspector', password: 'inspector123' },
  t01: { username: 't01', password: 'unit123' },
  t02: { username: 't02', password: 'unit123' },
  d01: { username: 'd01', password: 'unit123' },
} as const;

export type RunningApp = { url: string; db: TestDatabase; app: FastifyInstance; close(): Promise<void> };

/**
 * One app and one browser for a test file, started together before its tests and closed after them:
 * `const run = appAndBrowser();` then `run.app`, `run.browser` inside the tests.
 */
export function appAndBrowser(opts: { demo?: boolean } = {}): { app: RunningApp; browser: Browser } {
  const run = {} as { app: RunningApp; browser: Browser };
  beforeAll(async () => {
    [run.app, run.browser] = await Promise.all([startApp(opts), launchBrowser()]);
  });
  afterAll(async () => {
    await run.browser?.close();
    await run.app?.close();
  });
  return run;
}

/** A fresh database (with the demo data unless `demo: false`) served on a free local port. */
export async function startApp(opts: { demo?: boolean } = {}): Promise<RunningApp> {
  const db = await createTestDatabase();
  if (opts.demo !== false) await withDemo(db);
  const app = await buildApp({ database: db, env: readEnv({ DATA_DIR: 'memory://' }), now: () => FIXED_NOW });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    db,
    app,
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (or set CHROMIUM_PATH).`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page in its own browser context (its own cookies) that records console errors and uncaught exceptions. */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = VIEWPORTS.small,
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  // The server runs on a fixed clock in 2012, so its session cookie's Expires is long past for the browser,
  // which would drop it: keep the cookie for the session instead (the server still checks expiry itself).
  await context.route('**/auth/login', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    if (headers['set-cookie']) headers['set-cookie'] = headers['set-cookie'].replace(/;\s*Expires=[^;]+/i, '');
    await route.fulfill({ response, headers });
  });
  const page = await context.newPage();
  trackRequests(page);
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error at ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error at ${page.url()}: ${err.message}`));
  return { page, context, errors };
}

/**
 * Signs in through the login page and waits until the app has left it; with `totpSecret`, gives the
 * authenticator's code (at FIXED_NOW, the test server's clock) on the second step.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  user: { username: string; password: string; totpSecret?: string },
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  if (user.totpSecret) {
    const code = await generate({ secret: user.totpSecret, epoch: Math.floor(FIXED_NOW.getTime() / 1000) });
    await page.getByLabel('动态码').fill(code);
    await page.getByRole('button', { name: '验证' }).click();
  }
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Goes to a path and waits until its data has arrived (no request in flight, no loading indicator). */
export async function visit(page: Page, baseUrl: string, pathname: string): Promise<void> {
  await page.goto(`${baseUrl}${pathname}`);
  await settle(page);
}

const inFlight = new WeakMap<Page, { requests: Set<unknown>; lastChange: number }>();

// Playwright's 'networkidle' is about document loads; a single-page app fetches after them, so count requests here.
// A request is done at its response (a fulfilled route reports no 'requestfinished').
function trackRequests(page: Page): void {
  const state = { requests: new Set<unknown>(), lastChange: Date.now() };
  inFlight.set(page, state);
  page.on('request', (r) => {
    state.requests.add(r);
    state.lastChange = Date.now();
  });
  const done = (r: unknown) => {
    if (state.requests.delete(r)) state.lastChange = Date.now();
  };
  page.on('response', (res) => done(res.request()));
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/** Waits until no request has been in flight for 300 ms and no loading indicator or chart placeholder is left. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const state = inFlight.get(page);
  const end = Date.now() + 15_000;
  while (state && (state.requests.size > 0 || Date.now() - state.lastChange < 300)) {
    if (Date.now() > end) throw new Error(`requests still in flight after 15 s at ${page.url()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await page
    .locator('.state-loading, .chart-placeholder')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForFunction(
    () => document.querySelectorAll('.state-loading, .chart-placeholder').length === 0,
    undefined,
    { timeout: 15_000 },
  );
}

/** Visits each path, waits for its data, fails on an error state, and screenshots it. */
export async function tour(
  page: Page,
  baseUrl: string,
  role: string,
  paths: string[],
  size: keyof typeof VIEWPORTS = 'small',
): Promise<void> {
  for (const p of paths) {
    await visit(page, baseUrl, p);
    const failed = await page.locator('.state-error').allTextContents();
    if (failed.length) throw new Error(`${p} shows an error: ${failed.join(' | ')}`);
    await screenshot(
      page,
      `${role}-${p.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-') || 'home'}-${VIEWPORTS[size].width}`,
    );
  }
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// playwright-core has no expect(); these wait the way Playwright's web-first assertions do.
async function poll<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  describe: (v: T) => string,
  timeout = 8_000,
): Promise<void> {
  const end = Date.now() + timeout;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(describe(last));
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
}

/** Waits until the locator matches exactly `n` elements. */
export function expectCount(locator: Locator, n: number): Promise<void> {
  return poll(
    () => locator.count(),
    (c) => c === n,
    (c) => `expected ${n} elements for ${String(locator)}, found ${c}`,
  );
}

/** Waits until the first match is visible. */
export async function expectVisible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 8_000 });
}

/** Waits until the first match's text equals `text` (trimmed) or matches the pattern. */
export function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  return poll(
    async () => ((await locator.first().textContent({ timeout: 8_000 })) ?? '').trim(),
    (v) => (typeof text === 'string' ? v === text : text.test(v)),
    (v) => `expected ${String(locator)} to have text ${String(text)}, found "${v}"`,
  );
}

/** Waits until the first match's text contains `text`. */
export function expectContains(locator: Locator, text: string): Promise<void> {
  return poll(
    async () => (await locator.first().textContent({ timeout: 8_000 })) ?? '',
    (v) => v.includes(text),
    (v) => `expected ${String(locator)} to contain "${text}", found "${v.slice(0, 200)}"`,
  );
}

/** Checks now (no waiting) that the page's text does not contain `text`. */
export async function expectPageLacks(page: Page, text: string): Promise<void> {
  const body = (await page.locator('body').textContent()) ?? '';
  if (body.includes(text)) throw new Error(`the page shows "${text}" but must not`);
}

export function expectAttribute(locator: Locator, name: string, pattern: RegExp): Promise<void> {
  return poll(
    async () => (await locator.first().getAttribute(name, { timeout: 8_000 })) ?? '',
    (v) => pattern.test(v),
    (v) => `expected ${String(locator)} [${name}] to match ${String(pattern)}, found "${v}"`,
  );
}
