import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startTestServer } from './server.ts';

export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results');

/** Debian's Chromium, headless; nothing is downloaded. Background networking is off on a closed network. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

export const screenshot = (page: Page, name: string, opts: { fullPage?: boolean } = {}) =>
  page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: opts.fullPage ?? true });

export const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });

export const DEMO_PASSWORD = 'Demo-Password-2026!';

/** A listening server with the demo region, demo accounts and the demo Госуслуги, plus a browser. */
export async function startDemoStand() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startTestServer({
    PORT: String(port),
    PUBLIC_URL: base,
    DEMO_ACCOUNTS: 'true',
    DEMO_IDP: 'true',
    DEMO_PASSWORD,
    DEMO_LEARNERS: '2000',
  });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    base,
    /** Signs in on the login page with a demo account and waits to leave it. */
    login: async (page: Page, login: string, password = DEMO_PASSWORD) => {
      await page.goto(`${base}/login`);
      await page.getByLabel('Логин').fill(login);
      await page.getByLabel('Пароль').fill(password);
      await page.getByRole('button', { name: 'Войти', exact: true }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    },
    /** Signs in as a demo citizen through the demo Госуслуги and waits for the cabinet. */
    loginEsia: async (page: Page, fullName: string) => {
      await page.goto(`${base}/login`);
      await page.getByText('Войти через Госуслуги').click();
      await page.waitForURL(/\/dev-esia\/interaction\//);
      await page.getByRole('button', { name: fullName }).click();
      await page.waitForURL(/\/cabinet/);
    },
    stop: async () => {
      await browser.close();
      await server.stop();
    },
  };
}
