import type pg from 'pg';
import { createRandom } from '../../generator/random.ts';

const BANDS = [
  { name: 'Ясельная группа', from: 1, to: 3 },
  { name: 'Младшая группа', from: 3, to: 4 },
  { name: 'Средняя группа', from: 4, to: 5 },
  { name: 'Старшая группа', from: 5, to: 6 },
  { name: 'Подготовительная группа', from: 6, to: 8 },
];

/**
 * Next year's groups of the queue's kindergartens, so that a main allocation for the next 1 September
 * has groups to fill: their places less the children who stay are what the run shares, and the queue is
 * longer than that. Idempotent: a group that exists is left as it is.
 */
export async function seedQueueGroups(
  client: pg.Client,
  kindergartens: string[],
  today: string,
  seed: number,
) {
  const start = Number(today.slice(0, 4)) + (today.slice(5) >= '09-01' ? 1 : 0);
  await client.query(
    `INSERT INTO academic_years (starts_on, ends_on) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [`${start}-09-01`, `${start + 1}-08-31`],
  );
  const year = (
    await client.query<{ id: string }>(`SELECT id FROM academic_years WHERE starts_on = $1`, [
      `${start}-09-01`,
    ])
  ).rows[0]!.id;
  const rng = createRandom(`${seed}:queue-groups`);
  for (const kg of kindergartens) {
    for (const band of BANDS) {
      await client.query(
        `INSERT INTO units (organization_id, academic_year_id, kind, name, age_from, age_to, group_focus, stay_mode,
                            teaching_language, capacity)
         VALUES ($1, $2, 'group', $3, $4, $5, 'general', 'full', 'русский', $6)
         ON CONFLICT (organization_id, academic_year_id, name) DO NOTHING`,
        [kg, year, band.name, band.from, band.to, rng.int(15, 25)],
      );
    }
  }
}
