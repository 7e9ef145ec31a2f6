import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, screenshot, startDemoStand } from '../support/browser.ts';
import { signIn } from '../support/factories.ts';
import { learnerInput } from '../support/person-factories.ts';
import type { TestServer } from '../support/server.ts';

let s: TestServer;
let browser: Browser;
let base: string;
let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
  ({ server: s, browser, base } = stand);
});
afterAll(() => stand?.stop());

const nodeOf = async (login: string) =>
  (
    await s.owner.query(
      `SELECT r.scope_node_id AS id FROM role_assignments r JOIN users u ON u.id = r.user_id
        WHERE u.login = $1 AND r.revoked_at IS NULL`,
      [login],
    )
  ).rows[0].id as string;

describe('access requests in the browser', () => {
  it('a kindergarten asks for a schoolchild it may not see; the school approves on its requests page', async () => {
    const kindergarten = await signIn(s, 'kindergarten', DEMO_PASSWORD);
    const kindergartenId = await nodeOf('kindergarten');
    const schoolId = await nodeOf('school');
    const pupil = (
      await s.owner.query(
        `SELECT p.id, p.snils FROM persons p JOIN enrollments e ON e.person_id = p.id
          WHERE e.organization_id = $1 AND e.ended_on IS NULL AND p.snils IS NOT NULL AND p.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM enrollments o WHERE o.person_id = p.id AND o.ended_on IS NULL
                             AND o.organization_id <> $1)
          ORDER BY p.id LIMIT 1`,
        [schoolId],
      )
    ).rows[0] as { id: string; snils: string };

    // The kindergarten types the child's СНИЛС: the answer says a match exists elsewhere, with no id.
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: kindergarten.headers,
      payload: learnerInput(kindergartenId, { snils: pupil.snils }),
    });
    expect(created.statusCode).toBe(409);
    expect(created.body).not.toContain(pupil.id);
    const { matchToken, inScope } = created.json();
    expect(inScope).toBe(false);
    const requested = await s.app.inject({
      method: 'POST',
      url: '/api/v1/access-requests',
      headers: kindergarten.headers,
      payload: {
        kind: 'enroll',
        matchToken,
        organizationId: kindergartenId,
        startedOn: new Date().toISOString().slice(0, 10),
        comment: 'Семья просит место в группе продленного дня',
      },
    });
    expect(requested.statusCode, requested.body).toBe(201);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stand.login(page, 'school');
    await page.goto(`${base}/access-requests`);
    const row = page.getByRole('row').filter({ hasText: 'Семья просит место' });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, 'access-requests-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'access-requests-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    await row.getByRole('button', { name: 'Одобрить' }).click();
    // A decided request leaves «Ожидают решения» and shows under «Все» with its status.
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0);
    await page.getByText('Все', { exact: true }).click();
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('Одобрен');
    await page.close();

    // Approval enrolled the child: the kindergarten now reads the card.
    const card = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${pupil.id}`,
      headers: kindergarten.headers,
    });
    expect(card.statusCode).toBe(200);
    expect(card.json().enrollments.map((e: { organizationId: string }) => e.organizationId)).toContain(
      kindergartenId,
    );
  });
});
