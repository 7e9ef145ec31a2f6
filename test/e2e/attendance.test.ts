import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStand } from '../support/browser.ts';
import { look } from '../support/page-checks.ts';

let stand: Awaited<ReturnType<typeof startDemoStand>>;

beforeAll(async () => {
  stand = await startDemoStand();
});
afterAll(() => stand?.stop());

describe('attendance, marks and the intake log in the browser', () => {
  it('the school reads a learner calendar and marks, its attendance by month, and the intake log', async () => {
    const db = stand.server.owner;
    // A learner of the demo school with a planted October: the demo journal's days are replaced by known ones.
    const learner = (
      await db.query(
        `SELECT e.person_id AS id, p.last_name, e.organization_id AS org
           FROM enrollments e JOIN persons p ON p.id = e.person_id
           JOIN role_assignments r ON r.scope_node_id = e.organization_id
           JOIN users u ON u.id = r.user_id AND u.login = 'school'
          WHERE e.ended_on IS NULL ORDER BY p.last_name LIMIT 1`,
      )
    ).rows[0];
    await db.query(
      `DELETE FROM attendance_days WHERE person_id = $1 AND date BETWEEN '2026-10-01' AND '2026-10-31'`,
      [learner.id],
    );
    const days: [string, string, string | null][] = [
      ['2026-10-01', 'present', null],
      ['2026-10-02', 'absent', 'illness'],
      ['2026-10-05', 'absent', 'unexcused'],
    ];
    for (const [date, status, reason] of days)
      await db.query(
        `INSERT INTO attendance_days (organization_id, person_id, date, status, reason, source_system, source_id, batch_id)
         VALUES ($1, $2, $3, $4, $5, 'Тест', $6, $7)`,
        [learner.org, learner.id, date, status, reason, randomUUID(), randomUUID()],
      );
    await db.query(
      `INSERT INTO learner_results (organization_id, person_id, academic_year, kind, period_type, period_number,
                                    subject, scale, grade, graded_on, source_system, source_id, batch_id)
       VALUES ($1, $2, '2026/2027', 'period', 'quarter', 2, 'Физика', 'five_point', '5', '2026-12-01', 'Тест', $3, $4)`,
      [learner.org, learner.id, randomUUID(), randomUUID()],
    );
    const client = (await db.query(`SELECT id FROM users WHERE login = 'school'`)).rows[0].id;
    const health = (
      await db.query(`SELECT bool_or(health_access) AS h FROM role_assignments WHERE user_id = $1`, [client])
    ).rows[0].h as boolean;
    expect(health).toBe(true);
    const batch = await db.query(
      `INSERT INTO intake_batches (kind, user_id, organization_ids, source_systems, items, accepted, rejected,
                                   inserted, updated, errors)
       VALUES ('attendance', $1, ARRAY[$2::uuid], ARRAY['Сетевой Город'], 3, 2, 1, 2, 0,
               '[{"index": 2, "sourceId": "d-3", "code": "unknown_learner", "message": "Обучающийся не найден в организациях токена"}]')
       RETURNING id`,
      [client, learner.org],
    );
    await db.query(
      `INSERT INTO intake_sources (organization_id, source_system, kind, last_batch_id, last_at, last_accepted,
                                   last_rejected, total_accepted, total_rejected)
       VALUES ($1, 'Сетевой Город', 'attendance', $2, now(), 2, 1, 2, 1)`,
      [learner.org, batch.rows[0].id],
    );

    for (const width of [1440, 390]) {
      const context = await stand.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await stand.login(page, 'school');
      await page.goto(`${stand.base}/persons/${learner.id}`);
      await page.getByRole('tab', { name: 'Посещаемость и отметки' }).click();
      const month = page.getByTestId('attendance-month');
      await expect.poll(() => month.textContent()).toMatch(/2026/);
      // Back to October 2026 from the current month.
      while (!/октябрь 2026/i.test((await month.textContent()) ?? ''))
        await page.getByRole('button', { name: 'Предыдущий месяц' }).click();
      await expect.poll(() => page.getByTestId('day-2026-10-05').getAttribute('data-kind')).toBe('unexcused');
      // The demo school administrator holds the health permission, so the illness shows as such.
      expect(await page.getByTestId('day-2026-10-02').getAttribute('data-kind')).toBe(
        health ? 'illness' : 'valid',
      );
      expect(await page.getByTestId('day-2026-10-01').getAttribute('data-kind')).toBe('present');
      await expect
        .poll(() => page.getByTestId('attendance-totals').textContent())
        .toContain('без уважительной причины: 1');
      await expect.poll(() => page.getByTestId('results-table').textContent()).toContain('Физика');
      await look(page, `person-attendance-${width}`);

      await page.goto(`${stand.base}/organizations/${learner.org}`);
      await page.getByRole('tab', { name: 'Посещаемость' }).click();
      const months = page.getByTestId('attendance-months');
      await expect.poll(() => months.locator('tbody tr').count()).toBe(12);
      await look(page, `organization-attendance-${width}`);

      await page.goto(`${stand.base}/intake-log`);
      await expect.poll(() => page.getByTestId('intake-sources').textContent()).toContain('Сетевой Город');
      await expect
        .poll(() => page.getByTestId('intake-batches').textContent())
        .toContain('Обучающийся не найден в организациях токена');
      await page.getByRole('combobox', { name: 'Вид данных' }).click();
      await page.getByRole('option', { name: 'Отметки' }).click();
      await expect.poll(() => page.getByTestId('intake-batches').textContent()).toContain('Пакетов нет');
      await look(page, `intake-log-${width}`);
      await context.close();
    }
  });
});
