import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { RANKED_STATUSES, referenceDate } from '../queue/applications/read-public-position.ts';
import { dashboardTerritory, present } from './dashboard-territory.ts';
import type { DashboardQuery, QueuePanel } from './dashboards.schemas.ts';
import { keyOf, municipalityRows } from './municipality-rows.ts';

/**
 * The preschool queue by age band: applications waiting for a place (the statuses an allocation ranks),
 * by the child's age in full years on 1 September of the next main allocation, and the places offered to
 * them — referrals issued and not yet answered. Per band and per municipality of the queue.
 */
export async function readQueue(ctx: Ctx, q: DashboardQuery): Promise<QueuePanel> {
  const t = await dashboardTerritory(ctx, q.territoryId);
  const ref = referenceDate(t.today);
  const r = await sql<{ municipality_id: string; age: number; waiting: number; offered: number }>`
    WITH a AS (
      SELECT a.municipality_id, date_part('year', age(${ref}::date, p.birth_date))::int AS age,
             a.status = ANY(${[...RANKED_STATUSES]}::text[]) AS waiting,
             EXISTS (SELECT 1 FROM referrals f WHERE f.application_id = a.id AND f.status = 'issued') AS offered
        FROM preschool_applications a JOIN persons p ON p.id = a.child_id
       WHERE a.municipality_id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${t.id}::uuid)
         AND (a.status = ANY(${[...RANKED_STATUSES]}::text[]) OR a.status = 'referred'))
    SELECT municipality_id::text, age, (count(*) FILTER (WHERE waiting))::int AS waiting,
           (count(*) FILTER (WHERE offered))::int AS offered
      FROM a GROUP BY 1, 2 ORDER BY 2`.execute(ctx.db);
  const bands = new Map<number, { age: number; waiting: number; offered: number }>();
  const perMunicipality = new Map<string, { waiting: number; offered: number }>();
  for (const x of r.rows) {
    const b = bands.get(x.age) ?? { age: x.age, waiting: 0, offered: 0 };
    b.waiting += x.waiting;
    b.offered += x.offered;
    bands.set(x.age, b);
    const m = perMunicipality.get(x.municipality_id) ?? { waiting: 0, offered: 0 };
    m.waiting += x.waiting;
    m.offered += x.offered;
    perMunicipality.set(x.municipality_id, m);
  }
  const list = [...bands.values()].sort((a, b) => a.age - b.age);
  return {
    asOf: t.today,
    referenceDate: ref,
    territory: present(t),
    totals: {
      waiting: list.reduce((s, b) => s + b.waiting, 0),
      offered: list.reduce((s, b) => s + b.offered, 0),
    },
    bands: list,
    rows: (await municipalityRows(ctx, t)).map((m) => ({
      ...m,
      ...(perMunicipality.get(keyOf(m.territoryId)) ?? { waiting: 0, offered: 0 }),
    })),
  };
}
