import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnerYear, type YearShape } from '../../src/generator/attendance/attendance-year.ts';
import { CLASS_TYPE_SQL } from '../../src/generator/histories/class-type.ts';
import { GROUP_ATTRIBUTES_SQL } from '../../src/generator/histories/group-attributes.ts';
import {
  generateRegion,
  HISTORY_CHECKS,
  type HistoriesLoadResult,
  loadHistories,
  loadPersons,
  loadRegion,
} from '../../src/generator/index.ts';
import { buildUser } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let client: pg.Client;
let loaded: HistoriesLoadResult;
const q = async <T extends pg.QueryResultRow = Record<string, number>>(sql: string) =>
  (await client.query<T>(sql)).rows;

beforeAll(async () => {
  s = await startTestServer();
  client = new pg.Client({ connectionString: s.dbUrl });
  await client.connect();
  const region = generateRegion({ learners: 2000, seed: 'hist' });
  await loadRegion(client, region);
  await loadPersons(client, region, { learners: 2000, seed: 'hist' });
  loaded = await loadHistories(client, region, { seed: 'hist' });
}, 300_000);
afterAll(async () => {
  await client?.end();
  await s?.stop();
});

describe('generated education histories on a region of 2,000 learners', () => {
  it('give every learner programme-bound enrollments whose dates are the projection of their periods', async () => {
    expect(loaded.learners).toBeGreaterThan(2000);
    for (const [name, sql] of Object.entries(HISTORY_CHECKS)) {
      const [row] = await q(sql);
      expect({ name, n: row?.n }).toEqual({ name, n: 0 });
    }
    const [legacy] = await q(
      `SELECT count(*)::int AS n FROM enrollments WHERE programme_id IS NULL OR level IS NULL`,
    );
    expect(legacy?.n).toBe(0);
  });

  it('keep the projection when the trigger recomputes it: touching every period changes no date', async () => {
    await client.query('BEGIN');
    try {
      const before = await q<{ h: string }>(
        `SELECT md5(string_agg(id::text || started_on || coalesce(ended_on::text, ''), ',' ORDER BY id)) AS h FROM enrollments`,
      );
      await client.query('UPDATE enrollment_status_periods SET valid_from = valid_from');
      const after = await q<{ h: string }>(
        `SELECT md5(string_agg(id::text || started_on || coalesce(ended_on::text, ''), ',' ORDER BY id)) AS h FROM enrollments`,
      );
      expect(after[0]?.h).toBe(before[0]?.h);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('give classes a type and a shift, the same that the SQL rule gives a region loaded without them', async () => {
    const types = await q<{ class_type: string; n: number }>(
      `SELECT class_type, count(*)::int AS n FROM units WHERE kind = 'class' GROUP BY 1 ORDER BY 1`,
    );
    expect(types.map((t) => t.class_type)).toEqual(expect.arrayContaining(['general', 'profile']));
    expect(types.every((t) => t.class_type !== null)).toBe(true);
    const [others] = await q(
      `SELECT count(*)::int AS n FROM units WHERE kind <> 'class' AND class_type IS NOT NULL`,
    );
    expect(others?.n).toBe(0);
    await client.query('BEGIN');
    try {
      const before = await q<{ h: string }>(
        `SELECT md5(string_agg(id::text || class_type || coalesce(profile_name, '') || shift, ',' ORDER BY id)) AS h FROM units WHERE kind = 'class'`,
      );
      await client.query(
        `UPDATE units SET class_type = NULL, profile_name = NULL, shift = NULL WHERE kind = 'class'`,
      );
      const typed = await client.query(CLASS_TYPE_SQL);
      expect(typed.rowCount).toBeGreaterThan(0);
      const after = await q<{ h: string }>(
        `SELECT md5(string_agg(id::text || class_type || coalesce(profile_name, '') || shift, ',' ORDER BY id)) AS h FROM units WHERE kind = 'class'`,
      );
      expect(after[0]?.h).toBe(before[0]?.h);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('cover the five past academic years and the current one with units of every kind', async () => {
    const years = await q<{ starts_on: string }>(`SELECT starts_on::text FROM academic_years ORDER BY 1`);
    expect(years.map((y) => y.starts_on)).toEqual([
      '2022-09-01',
      '2023-09-01',
      '2024-09-01',
      '2025-09-01',
      '2026-09-01',
    ]);
    const kinds = await q<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM units GROUP BY kind`,
    );
    expect(kinds.map((k) => k.kind).sort()).toEqual(['association', 'class', 'group', 'study_group']);
    const grades = await q<{ g: number }>(
      `SELECT DISTINCT grade AS g FROM units WHERE kind = 'class' ORDER BY 1`,
    );
    expect(grades.map((g) => g.g)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const [spo] = await q(`SELECT count(*)::int AS n FROM education_programmes
                            WHERE level = 'spo' AND okso_code ~ '^\\d{2}\\.\\d{2}\\.\\d{2}$' AND qualification IS NOT NULL`);
    expect(spo?.n).toBeGreaterThan(0);
  });

  it('record promotions, repeats, conditional promotions, transfers, graduations and exits by signed orders', async () => {
    const kinds = await q<{ k: string }>(
      `SELECT DISTINCT coalesce(promotion_type, exit_reason, kind) AS k FROM movements ORDER BY 1`,
    );
    const seen = new Set(kinds.map((k) => k.k));
    for (const k of [
      'enrollment',
      'normal',
      'conditional',
      'internal_transfer',
      'GRADUATED',
      'TRANSFER_SAME_REGION',
      'DOO_TO_SCHOOL',
    ])
      expect(seen).toContain(k);
    const [unsigned] = await q(
      `SELECT count(*)::int AS n FROM orders WHERE state <> 'signed' OR signed_at IS NULL`,
    );
    expect(unsigned?.n).toBe(0);
    const [badNumber] = await q(`SELECT count(*)::int AS n FROM orders WHERE number !~ '^\\d+-у$'`);
    expect(badNumber?.n).toBe(0);
    const [certificates] = await q(`SELECT count(*)::int AS n FROM movements WHERE kind = 'graduation'
      AND document_kind IN ('certificate_basic', 'certificate_secondary')
      AND document_series IS NOT NULL AND document_number IS NOT NULL AND document_reg_number IS NOT NULL
      AND document_issued_on IS NOT NULL`);
    expect(certificates?.n).toBeGreaterThan(0);
    // Transfers received: the arriving enrollment names the sending side's line; some never arrive.
    const [arrivals] =
      await q(`SELECT count(*)::int AS n FROM movements a JOIN movements t ON t.id = a.arrival_of
      WHERE t.kind = 'transfer_out' AND t.destination_organization_id = (SELECT organization_id FROM orders WHERE id = a.order_id)`);
    expect(arrivals?.n).toBeGreaterThan(0);
    const [lost] = await q(`SELECT count(*)::int AS n FROM movements t WHERE t.kind = 'transfer_out'
      AND NOT EXISTS (SELECT 1 FROM movements a WHERE a.arrival_of = t.id)`);
    expect(lost?.n).toBeGreaterThan(0);
  });

  it('open every period and placement by a movement of the same learner and enrollment', async () => {
    const [periods] = await q(`SELECT count(*)::int AS n FROM enrollment_status_periods p
      LEFT JOIN movements m ON m.id = p.movement_id WHERE m.enrollment_id IS DISTINCT FROM p.enrollment_id`);
    expect(periods?.n).toBe(0);
    const [placements] = await q(`SELECT count(*)::int AS n FROM placements p
      LEFT JOIN movements m ON m.id = p.movement_id WHERE m.enrollment_id IS DISTINCT FROM p.enrollment_id`);
    expect(placements?.n).toBe(0);
    const [units] = await q(`SELECT count(*)::int AS n FROM placements p JOIN units u ON u.id = p.unit_id
      JOIN enrollments e ON e.id = p.enrollment_id JOIN academic_years y ON y.id = u.academic_year_id
      WHERE u.organization_id <> e.organization_id OR p.valid_from < y.starts_on OR p.valid_from > y.ends_on`);
    expect(units?.n).toBe(0);
  });

  it('give kindergarten groups a направленность, an impairment and a stay mode, the same the SQL rule gives', async () => {
    const groups = await q<{ group_focus: string; n: number }>(
      `SELECT group_focus, count(*)::int AS n FROM units WHERE kind = 'group' GROUP BY 1 ORDER BY 1`,
    );
    expect(groups.map((g) => g.group_focus)).toEqual(expect.arrayContaining(['compensating', 'general']));
    const [unset] = await q(`SELECT count(*)::int AS n FROM units WHERE kind = 'group'
      AND (group_focus IS NULL OR stay_mode IS NULL OR (group_focus = 'compensating') <> (impairment_type IS NOT NULL))`);
    expect(unset?.n).toBe(0);
    const modes = await q<{ stay_mode: string }>(
      `SELECT DISTINCT stay_mode FROM units WHERE kind = 'group' ORDER BY 1`,
    );
    expect(modes.map((m) => m.stay_mode)).toEqual(expect.arrayContaining(['full', 'short']));
    const hash = `SELECT md5(string_agg(id::text || group_focus || coalesce(impairment_type, '') || stay_mode, ',' ORDER BY id)) AS h
                    FROM units WHERE kind = 'group'`;
    await client.query('BEGIN');
    try {
      const before = await q<{ h: string }>(hash);
      await client.query(
        `UPDATE units SET group_focus = 'general', impairment_type = NULL, stay_mode = NULL WHERE kind = 'group'`,
      );
      const given = await client.query(GROUP_ATTRIBUTES_SQL);
      expect(given.rowCount).toBeGreaterThan(0);
      expect((await q<{ h: string }>(hash))[0]?.h).toBe(before[0]?.h);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('85-К for the region with a term of kindergarten attendance: every section counts, no ratio breaks', async () => {
    const asOf = '2025-12-31';
    const shape: YearShape = {
      start: '2025-09-01',
      until: asOf,
      thresholds: { consecutiveDays: 5, monthShare: 0.3, preschoolDays: 10 },
      stopShare: 0,
      truantMonthShare: 0,
    };
    const kids = await q<{ person_id: string; organization_id: string }>(
      `SELECT DISTINCT ON (e.person_id) e.person_id::text, e.organization_id::text
         FROM enrollments e JOIN organizations o ON o.id = e.organization_id AND o.kind = 'preschool'
        WHERE e.started_on <= '${shape.start}' AND (e.ended_on IS NULL OR e.ended_on > '${shape.start}')
        ORDER BY e.person_id, e.started_on DESC`,
    );
    expect(kids.length).toBeGreaterThan(50);
    await client.query(
      `SELECT attendance_ensure_partitions(ARRAY['2025-09-01', '2025-10-01', '2025-11-01', '2025-12-01']::date[])`,
    );
    const days = kids.flatMap((k) =>
      learnerYear(
        'hist',
        { personId: k.person_id, organizationId: k.organization_id, kind: 'preschool' },
        shape,
        undefined,
      ),
    );
    await client.query(
      `INSERT INTO attendance_days (organization_id, person_id, date, status, reason, source_system, source_id, batch_id)
       SELECT o, p, d, st, r, 'Генератор', p::text || ':' || d, gen_random_uuid()
         FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::text[]) AS x(o, p, d, st, r)`,
      [
        days.map((d) => d.organizationId),
        days.map((d) => d.personId),
        days.map((d) => d.date),
        days.map((d) => d.status),
        days.map((d) => d.reason),
      ],
    );
    const [root] = await q<{ id: string }>(`SELECT t.id::text FROM territories t WHERE t.parent_id IS NULL
      ORDER BY (SELECT count(*) FROM scope_closure c WHERE c.ancestor_id = t.id) DESC LIMIT 1`);
    const regional = await buildUser(s, 'regional_operator', root!.id);
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/stat-forms/85-k/editions/2024/report?territoryId=${root!.id}&asOf=${asOf}`,
      headers: regional.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as {
      sections: { code: string; cells: { row: string; column: string; value: number }[] }[];
      controlFailures: unknown[];
    };
    expect(r.controlFailures).toEqual([]);
    const cell = (row: string, column: string) =>
      r.sections.flatMap((x) => x.cells).find((c) => c.row === row && c.column === column)!.value;
    for (const [row, column] of [
      ['401', '3'],
      ['401', '9'],
      ['402', '3'],
      ['413', '3'],
      ['418', '3'],
      ['451', '3'],
      ['453', '3'],
      ['01', '3'],
      ['03', '3'],
      ['04', '3'],
      ['701', '3'],
    ] as const)
      expect(cell(row, column), `${row}:${column}`).toBeGreaterThan(0);
  });

  it('refuses to load the histories twice', async () => {
    const region = generateRegion({ learners: 2000, seed: 'hist' });
    await expect(loadHistories(client, region, { seed: 'hist' })).rejects.toThrow(/already has orders/);
  });
});
