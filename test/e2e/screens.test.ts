import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, screenshot, startDemoStand } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';

/**
 * Every screen, as each role opens it, at a desktop and a phone width: an automated accessibility check
 * (axe-core, WCAG 2.1 A and AA) and a screenshot for review (`npm run screenshots` runs only this file).
 */
let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
  const one = async (sql: string) => (await s.owner.query(sql)).rows[0]?.id as string;
  const school = `(SELECT r.scope_node_id FROM role_assignments r JOIN users u ON u.id = r.user_id
                    WHERE u.login = 'school' AND r.revoked_at IS NULL LIMIT 1)`;
  ids.learner = await one(
    `SELECT p.id FROM persons p JOIN enrollments e ON e.person_id = p.id
      WHERE e.organization_id = ${school} AND e.ended_on IS NULL AND p.status = 'active'
        AND EXISTS (SELECT 1 FROM representations r WHERE r.learner_id = p.id AND r.revoked_at IS NULL)
      ORDER BY p.id LIMIT 1`,
  );
  ids.school = await one(`SELECT ${school} AS id`);
  ids.user = await one(`SELECT id FROM users WHERE login = 'school'`);
});
afterAll(() => stand?.stop());

type Screen = {
  name: string;
  /** A demo login, or `esia:` and a demo citizen's name to sign in through the demo Госуслуги. */
  login: string | null;
  path: () => string;
  ready: (p: Page) => Promise<unknown>;
};
const heading = (p: Page) => p.getByRole('heading', { level: 1 }).first().waitFor();

const SCREENS: Screen[] = [
  { name: 'login', login: null, path: () => '/login', ready: (p) => p.getByLabel('Логин').waitFor() },
  {
    name: 'contingent',
    login: 'school',
    path: () => '/contingent',
    ready: (p) => p.getByTestId('contingent-table').locator('tbody a').first().waitFor(),
  },
  { name: 'persons-search', login: 'school', path: () => '/persons', ready: heading },
  { name: 'person-new', login: 'school', path: () => '/persons/new', ready: heading },
  { name: 'person-card', login: 'school', path: () => `/persons/${ids.learner}`, ready: heading },
  { name: 'person-edit', login: 'school', path: () => `/persons/${ids.learner}/edit`, ready: heading },
  { name: 'organizations', login: 'municipality', path: () => '/organizations', ready: heading },
  {
    name: 'organization-card',
    login: 'municipality',
    path: () => `/organizations/${ids.school}`,
    ready: heading,
  },
  {
    name: 'organization-edit',
    login: 'municipality',
    path: () => `/organizations/${ids.school}/edit`,
    ready: heading,
  },
  { name: 'organization-new', login: 'region', path: () => '/organizations/new', ready: heading },
  { name: 'access-requests', login: 'school', path: () => '/access-requests', ready: heading },
  { name: 'duplicates', login: 'region', path: () => '/duplicates', ready: heading },
  { name: 'jobs', login: 'region', path: () => '/jobs', ready: heading },
  { name: 'users', login: 'school', path: () => '/users', ready: heading },
  { name: 'user-card', login: 'school', path: () => `/users/${ids.user}`, ready: heading },
  { name: 'api-tokens', login: 'region', path: () => '/api-tokens', ready: heading },
  { name: 'audit', login: 'region', path: () => '/audit', ready: heading },
  {
    name: 'overview',
    login: 'analyst',
    path: () => '/overview',
    ready: (p) => p.getByTestId('overview-municipalities').waitFor(),
  },
  { name: 'export', login: 'region', path: () => '/export', ready: heading },
  {
    name: 'destruction-acts',
    login: 'region',
    path: () => '/destruction-acts',
    ready: (p) => p.getByTestId('destruction-acts').waitFor(),
  },
  {
    name: 'cabinet',
    login: 'esia:Смирнова Анна Сергеевна',
    path: () => '/cabinet',
    ready: (p) => p.getByTestId('cabinet-person').first().waitFor(),
  },
  { name: 'data-corrections', login: 'school', path: () => '/data-corrections', ready: heading },
];

const report: Record<
  string,
  Record<string, { serious: number; critical: number; rules: string[]; samples: string[] }>
> = {};

const titles: Record<number, Map<string, string>> = { 1440: new Map(), 390: new Map() };

/** Opens one screen at one width; returns what is wrong with it (empty when nothing is). */
async function check(screen: Screen, width: number): Promise<string[]> {
  const failures: string[] = [];
  // axe opens pages of its own, which needs a context made with browser.newContext().
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  try {
    const page = await context.newPage();
    if (screen.login?.startsWith('esia:')) await stand.loginEsia(page, screen.login.slice(5));
    else if (screen.login) await stand.login(page, screen.login);
    await page.goto(`${base}${screen.path()}`);
    await screen.ready(page);
    await page.waitForLoadState('networkidle');
    await screenshot(page, `screen-${screen.name}-${width}`);
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    report[screen.name] ??= {};
    report[screen.name]![width] = {
      serious: bad.filter((v) => v.impact === 'serious').length,
      critical: bad.filter((v) => v.impact === 'critical').length,
      rules: bad.map((v) => `${v.id} (${v.nodes.length})`),
      samples: bad.flatMap((v) =>
        v.nodes
          .slice(0, 3)
          .map((n) => `${v.id}: ${n.target.join(' ')} ${JSON.stringify(n.any[0]?.data ?? '')}`),
      ),
    };
    for (const v of bad) {
      failures.push(`${v.impact} ${v.id} — ${v.help} — ${v.nodes[0]?.target.join(' ')}`);
    }
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (widths[0]! > widths[1]!) failures.push(`the page scrolls sideways (${widths[0]} > ${widths[1]})`);
    const h1 = await page.getByRole('heading', { level: 1 }).count();
    if (h1 !== 1) failures.push(`${h1} h1 headings`);
    titles[width]!.set(screen.name, await page.title());
  } finally {
    await context.close();
  }
  return failures;
}

describe.each([1440, 390])('every screen at %i px', (width) => {
  it.each(SCREENS.map((screen) => [screen.name, screen] as const))(
    '%s: no serious or critical accessibility violation, no sideways scroll, one h1',
    async (_name, screen) => {
      expect(await check(screen, width)).toEqual([]);
    },
  );

  it('every screen has a browser title of its own', async () => {
    await writeFile(resolve(SCREENSHOTS, 'accessibility.json'), JSON.stringify(report, null, 2));
    const seen = titles[width]!;
    expect(seen.size).toBe(SCREENS.length);
    const byTitle = new Map<string, string[]>();
    for (const [name, title] of seen) byTitle.set(title, [...(byTitle.get(title) ?? []), name]);
    expect([...byTitle.values()].filter((names) => names.length > 1)).toEqual([]);
  });
});
