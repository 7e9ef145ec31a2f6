import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, backdateEnd, programme } from '../support/order-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * ОО-1 sections about the learners of the class lists on 20 September — 2.10 (by full years on 1 January
 * of the next year × grade, and girls), 2.11 (by shift, adapted programme and citizenship × grades
 * 1–4, 5–9, 10–12) and 2.12 (left to repeat the year by a signed promotion order) — computed from a small school world and compared, cell by cell, with hand-written SQL
 * sharing nothing with the implementation: enrollment dates instead of status periods, the age spelled
 * out with to_char of the birthday against the next 1 January, citizenship read from the codes, the rows
 * and columns written again.
 */

const FORM = '/api/v1/stat-forms/oo-1/editions/2024';
const DATES = ['2023-09-20', '2024-09-20', '2025-09-20'];

/** Each section's rows and columns as SQL predicates over the hand-written relation `x`. */
const RULES: Record<string, { row: (code: string) => string; column: (code: string) => string }> = {
  '2.10': {
    row: (code) => {
      const n = Number(code.slice(-2));
      if (n === 1) return 'age <= 5';
      if (n === 14) return 'age >= 18';
      if (n === 15) return 'TRUE';
      return `age = ${n + 4}`;
    },
    column: (code) => {
      const c = Number(code);
      if (c === 3) return 'TRUE';
      if (c === 16) return `sex = 'female'`;
      return `grade = ${c - 3}`;
    },
  },
  '2.11': {
    row: (code) =>
      ({
        '2.11.01': 'TRUE',
        '2.11.02': 'shift = 1',
        '2.11.03': 'shift = 2',
        '2.11.04': 'shift = 3',
        '2.11.05': 'adapted',
        '2.11.06': `NOT stateless AND cardinality(codes) > 0 AND NOT '643' = ANY (codes)`,
        '2.11.07': `'643' = ANY (codes) AND cardinality(codes) > 1`,
        '2.11.08': 'stateless',
      })[code]!,
    column: (code) =>
      ({ '3': 'TRUE', '4': 'grade BETWEEN 1 AND 4', '5': 'grade BETWEEN 5 AND 9', '6': 'grade >= 10' })[
        code
      ]!,
  },
  '2.12': {
    row: (code) => (code === '2.12.01' ? 'repeating' : `repeating AND sex = 'female'`),
    column: (code) => (code === '3' ? 'TRUE' : `grade = ${Number(code) - 3}`),
  },
};

let s: TestServer;
let schoolA: string;
let schoolB: string;
let regional: TestUser;
let adminA: TestUser;
let adminB: TestUser;
const learner: Record<string, string> = {};

async function handCell(orgs: string[], asOf: string, section: string, row: string, column: string) {
  const rules = RULES[section]!;
  const r = await s.owner.query(
    `WITH x AS (
       SELECT DISTINCT p.id, p.sex, u.grade, u.shift, coalesce(ep.adapted, false) AS adapted,
              p.citizenship_codes AS codes, p.stateless,
              EXISTS (SELECT 1 FROM movements mv JOIN orders od ON od.id = mv.order_id
                       WHERE mv.enrollment_id = e.id AND od.state = 'signed' AND mv.promotion_type = 'repeat'
                         AND mv.effective_on <= $1::date AND mv.effective_on + interval '1 year' > $1::date)
                AS repeating,
              (extract(year FROM $1::date)::int + 1 - extract(year FROM p.birth_date)::int
               - CASE WHEN to_char(p.birth_date, 'MM-DD') > '01-01' THEN 1 ELSE 0 END) AS age
         FROM persons p
         JOIN enrollments e ON e.person_id = p.id
         JOIN organizations o ON o.id = e.organization_id
         JOIN placements pl ON pl.enrollment_id = e.id
         JOIN units u ON u.id = pl.unit_id
         LEFT JOIN education_programmes ep ON ep.id = e.programme_id
        WHERE o.id = ANY ($2::uuid[]) AND o.kind = 'school' AND p.status = 'active'
          AND coalesce(e.education_form, 'full_time') NOT IN ('family', 'self')
          AND e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)
          AND pl.valid_from <= $1::date AND (pl.valid_to IS NULL OR pl.valid_to > $1::date)
          AND u.kind = 'class')
     SELECT count(DISTINCT id)::int AS n FROM x WHERE ${rules.row(row)} AND ${rules.column(column)}`,
    [asOf, orgs],
  );
  return r.rows[0].n as number;
}

type Report = {
  sections: { code: string; cells: { row: string; column: string; value: number }[] }[];
  controlFailures: { section: string; control: string }[];
};

async function report(u: TestUser, query: string) {
  const res = await s.app.inject({ method: 'GET', url: `${FORM}/report?${query}`, headers: u.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
}

/** The cells of the sections under test, keyed `row:column` (row codes are unique in a form). */
const cellsOf = (r: Report) =>
  new Map(
    r.sections
      .filter((x) => x.code in RULES)
      .flatMap((x) => x.cells)
      .map((c) => [`${c.row}:${c.column}`, c.value]),
  );

async function expectEveryCellByHand(r: Report, orgs: string[], asOf: string) {
  const mismatches: string[] = [];
  for (const section of r.sections.filter((x) => x.code in RULES))
    for (const c of section.cells) {
      const want = await handCell(orgs, asOf, section.code, c.row, c.column);
      if (want !== c.value) mismatches.push(`${asOf} ${c.row}:${c.column} got ${c.value}, by hand ${want}`);
    }
  expect(mismatches).toEqual([]);
}

async function classOf(org: string, year: string, name: string, grade: number, shift: number | null = 1) {
  const r = await s.owner.query(
    `INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, capacity, class_type, shift)
     VALUES ($1, $2, 'class', $3, $4, $5, 25, 'general', $6) RETURNING id`,
    [org, year, name, grade, name.slice(-1), shift],
  );
  return r.rows[0].id as string;
}

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  schoolA = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  schoolB = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  adminA = await buildUser(s, 'org_admin', schoolA);
  adminB = await buildUser(s, 'org_admin', schoolB);
  const progA = await programme(s, schoolA, 'noo');
  const adaptedA = await programme(s, schoolA, 'noo');
  await s.owner.query(`UPDATE education_programmes SET adapted = true WHERE id = $1`, [adaptedA]);
  const progB = await programme(s, schoolB, 'noo');
  const y23 = await academicYear(s, '2023-09-01');
  const y24 = await academicYear(s, '2024-09-01');
  const c = {
    a1: await classOf(schoolA, y23, '1А', 1),
    a2: await classOf(schoolA, y24, '2А', 2, 2),
    a5: await classOf(schoolA, y24, '5А', 5),
    a10: await classOf(schoolA, y23, '10А', 10, null),
    a11: await classOf(schoolA, y24, '11А', 11),
    b1: await classOf(schoolB, y24, '1Б', 1),
  };
  // Birthdays on 1 January and 2 January sit on the rule's edge: on 1 January 2025 the first is already 7.
  const PUPILS: {
    key: string;
    born: string;
    sex: 'male' | 'female';
    org: string;
    to?: string;
    form?: string;
    /** ОКСМ codes of citizenship (Russian, 643, unless given); stateless has none. */
    codes?: string[];
    adapted?: boolean;
    /** A promotion order that left the learner in the grade: its state and date. */
    repeat?: { state: 'signed' | 'draft' | 'cancelled'; on: string };
    placements: [string, string, string | null][];
  }[] = [
    {
      key: 'jan1',
      codes: ['860'],
      born: '2018-01-01',
      sex: 'female',
      org: schoolA,
      placements: [[c.a2, '2024-09-01', null]],
    },
    {
      key: 'jan2',
      repeat: { state: 'signed', on: '2024-08-31' },
      born: '2018-01-02',
      sex: 'male',
      org: schoolA,
      placements: [[c.a2, '2024-09-01', null]],
    },
    {
      key: 'young',
      repeat: { state: 'cancelled', on: '2024-08-31' },
      adapted: true,
      born: '2018-06-10',
      sex: 'female',
      org: schoolA,
      placements: [
        [c.a1, '2023-09-01', '2024-09-01'],
        [c.a2, '2024-09-01', null],
      ],
    },
    {
      key: 'teen',
      repeat: { state: 'draft', on: '2024-08-31' },
      codes: ['643', '860'],
      born: '2013-05-05',
      sex: 'female',
      org: schoolA,
      placements: [[c.a5, '2024-09-01', null]],
    },
    // Leaves on 1 February 2025 — until a correction says he left on 1 June 2024.
    {
      key: 'corrected',
      born: '2006-03-03',
      sex: 'male',
      org: schoolA,
      to: '2025-02-01',
      placements: [
        [c.a10, '2023-09-01', '2024-09-01'],
        [c.a11, '2024-09-01', '2025-02-01'],
      ],
    },
    {
      key: 'adult',
      repeat: { state: 'signed', on: '2024-06-15' },
      codes: [],
      born: '2005-12-31',
      sex: 'female',
      org: schoolA,
      placements: [[c.a11, '2024-09-01', null]],
    },
    // Family education: attached to the school, not in its classes' lists.
    {
      key: 'family',
      born: '2013-02-02',
      sex: 'male',
      org: schoolA,
      form: 'family',
      placements: [[c.a5, '2024-09-01', null]],
    },
    // Enrolled without a class: not in the lists either.
    { key: 'unplaced', born: '2013-07-07', sex: 'male', org: schoolA, placements: [] },
    {
      key: 'other',
      born: '2018-03-03',
      sex: 'female',
      org: schoolB,
      placements: [[c.b1, '2024-09-01', null]],
    },
  ];
  for (const [n, pupil] of PUPILS.entries()) {
    const p = await s.owner.query(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex, citizenship_codes, stateless)
       VALUES ($1, $2, 'Тестович', $3, $4, $5, $6) RETURNING id`,
      [
        `Возрастов${n}`,
        pupil.key,
        pupil.born,
        pupil.sex,
        pupil.codes ?? ['643'],
        pupil.codes !== undefined && pupil.codes.length === 0,
      ],
    );
    learner[pupil.key] = p.rows[0].id;
    const started = pupil.placements[0]?.[1] ?? '2024-09-01';
    const e = await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, ended_on, education_form)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        learner[pupil.key],
        pupil.org,
        pupil.org === schoolA ? (pupil.adapted ? adaptedA : progA) : progB,
        started,
        pupil.to ?? null,
        pupil.form ?? 'full_time',
      ],
    );
    for (const [unit, from, to] of pupil.placements)
      await s.owner.query(
        `INSERT INTO placements (enrollment_id, unit_id, valid_from, valid_to) VALUES ($1, $2, $3, $4)`,
        [e.rows[0].id, unit, from, to],
      );
    if (pupil.repeat) {
      const signed = pupil.repeat.state !== 'draft';
      const order = await s.owner.query(
        `INSERT INTO orders (organization_id, number, order_date, kind, state, signed_at)
         VALUES ($1, $2, $3, 'promotion', $4, $5) RETURNING id`,
        [pupil.org, `П-${n}`, pupil.repeat.on, pupil.repeat.state, signed ? new Date() : null],
      );
      await s.owner.query(
        `INSERT INTO movements (order_id, person_id, enrollment_id, kind, effective_on, promotion_type)
         VALUES ($1, $2, $3, 'promotion', $4, 'repeat')`,
        [order.rows[0].id, learner[pupil.key], e.rows[0].id, pupil.repeat.on],
      );
    }
  }
});

/**
 * Graduates of the school: enrollments a signed graduation ended (ООО after 9th grade, СОО after 11th),
 * one with honours, one in family education; a leaver who did not graduate; a graduate of the year before.
 */
const GRADUATES: {
  key: string;
  level: 'ooo' | 'soo';
  sex: 'male' | 'female';
  ended: string;
  graduated: boolean;
  honours?: boolean;
  form?: string;
}[] = [
  { key: 'grad9', level: 'ooo', sex: 'female', ended: '2024-06-20', graduated: true, honours: true },
  { key: 'grad11', level: 'soo', sex: 'male', ended: '2024-06-25', graduated: true },
  { key: 'grad11family', level: 'soo', sex: 'female', ended: '2024-06-25', graduated: true, form: 'family' },
  { key: 'leaver', level: 'ooo', sex: 'male', ended: '2024-06-20', graduated: false },
  { key: 'grad9old', level: 'ooo', sex: 'male', ended: '2023-06-20', graduated: true },
];

beforeAll(async () => {
  for (const [n, g] of GRADUATES.entries()) {
    const p = await s.owner.query(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex)
       VALUES ($1, $2, 'Тестович', '2007-05-05', $3) RETURNING id`,
      [`Выпускников${n}`, g.key, g.sex],
    );
    learner[g.key] = p.rows[0].id;
    const e = await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, ended_on, education_form)
       VALUES ($1, $2, $3, '2020-09-01', $4, $5) RETURNING id`,
      [learner[g.key], schoolA, await programme(s, schoolA, g.level), g.ended, g.form ?? 'full_time'],
    );
    const kind = g.graduated ? 'graduation' : 'exit';
    const order = await s.owner.query(
      `INSERT INTO orders (organization_id, number, order_date, kind, state, signed_at)
       VALUES ($1, $2, $3, $4, 'signed', now()) RETURNING id`,
      [schoolA, `В-${n}`, g.ended, kind],
    );
    const m = await s.owner.query(
      `INSERT INTO movements (order_id, person_id, enrollment_id, kind, effective_on, exit_reason, honours)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        order.rows[0].id,
        learner[g.key],
        e.rows[0].id,
        kind,
        g.ended,
        g.graduated ? 'GRADUATED' : 'PARENTS_WISH',
        g.honours ?? false,
      ],
    );
    await s.owner.query(
      `UPDATE enrollment_status_periods SET movement_id = $2 WHERE enrollment_id = $1 AND status = 'exited'`,
      [e.rows[0].id, m.rows[0].id],
    );
  }
});
afterAll(() => s.stop());

/** Section 2.13 by hand: the enrollment's end date and the graduation movement, the columns written again. */
async function handGraduates(asOf: string, row: string, column: string) {
  const level = row === '2.13.01' ? 'ooo' : 'soo';
  const extra = {
    '3': 'TRUE',
    '4': `p.sex = 'female'`,
    '5': 'm.honours',
    '6': `e.education_form IN ('family', 'self')`,
  }[column]!;
  const r = await s.owner.query(
    `SELECT count(DISTINCT p.id)::int AS n
       FROM enrollments e JOIN persons p ON p.id = e.person_id AND p.status = 'active'
       JOIN education_programmes ep ON ep.id = e.programme_id AND ep.level = $3
       JOIN movements m ON m.enrollment_id = e.id AND m.kind = 'graduation'
      WHERE e.organization_id = $2 AND e.ended_on >= $1::date - interval '1 year' AND e.ended_on < $1::date
        AND ${extra}`,
    [asOf, schoolA, level],
  );
  return r.rows[0].n as number;
}

describe('ОО-1 section 2.13: graduates of the year', () => {
  it('equals the hand-written SQL in every cell on three dates; a leaver is no graduate', async () => {
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${schoolA}&asOf=${asOf}`);
      expect(r.controlFailures).toEqual([]);
      const section = r.sections.find((x) => x.code === '2.13')!;
      const mismatches: string[] = [];
      for (const c of section.cells) {
        const want = await handGraduates(asOf, c.row, c.column);
        if (want !== c.value) mismatches.push(`${asOf} ${c.row}:${c.column} got ${c.value}, by hand ${want}`);
      }
      expect(mismatches).toEqual([]);
    }
    const r = await report(regional, `organizationId=${schoolA}&asOf=2024-09-20`);
    const cell = (row: string, column: string) =>
      r.sections.find((x) => x.code === '2.13')!.cells.find((c) => c.row === row && c.column === column)!
        .value;
    expect([cell('2.13.01', '3'), cell('2.13.01', '4'), cell('2.13.01', '5')]).toEqual([1, 1, 1]);
    expect([cell('2.13.02', '3'), cell('2.13.02', '4'), cell('2.13.02', '6')]).toEqual([2, 1, 1]);
    const learners = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/2.13.02/3/learners?organizationId=${schoolA}&asOf=2024-09-20`,
      headers: adminA.headers,
    });
    expect(learners.statusCode, learners.body).toBe(200);
    expect(new Set(learners.json().items.map((i: { personId: string }) => i.personId))).toEqual(
      new Set([learner.grad11, learner.grad11family]),
    );
  });
});

describe('ОО-1 sections 2.10–2.12: the class lists’ learners by age, shift, programme, citizenship and repeating', () => {
  it('equals the hand-written SQL in every cell on three dates, before and after a backdated exit', async () => {
    const before = new Map<string, Map<string, number>>();
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${schoolA}&asOf=${asOf}`);
      expect(r.controlFailures).toEqual([]);
      await expectEveryCellByHand(r, [schoolA], asOf);
      before.set(asOf, cellsOf(r));
    }
    // On 20 September 2024, ages on 1 January 2025: jan1 7, jan2 6, young 6 (2nd grade), teen 11 (5th),
    // corrected 18, adult 19 (11th); the family pupil and the unplaced one are not in the lists.
    const sept24 = before.get('2024-09-20')!;
    expect(sept24.get('2.10.15:3')).toBe(6);
    expect([sept24.get('2.10.02:5'), sept24.get('2.10.03:5'), sept24.get('2.10.03:16')]).toEqual([2, 1, 1]);
    expect([sept24.get('2.10.07:8'), sept24.get('2.10.14:14'), sept24.get('2.10.14:16')]).toEqual([1, 2, 1]);
    expect(sept24.get('2.10.15:16')).toBe(4);
    // Shifts: 2А learns in the second; 5А and 11А in the first. young is on the adapted programme; jan1 is
    // a foreign citizen, teen has dual citizenship, adult none.
    expect([sept24.get('2.11.01:3'), sept24.get('2.11.02:3'), sept24.get('2.11.03:4')]).toEqual([6, 3, 3]);
    expect([sept24.get('2.11.05:4'), sept24.get('2.11.06:4'), sept24.get('2.11.07:5')]).toEqual([1, 1, 1]);
    expect([sept24.get('2.11.08:6'), sept24.get('2.11.08:3')]).toEqual([1, 1]);
    // Left to repeat by a signed order: jan2 (2nd grade) and adult (11th); teen's order is a draft and
    // young's was cancelled. A year later neither repeats.
    expect([sept24.get('2.12.01:3'), sept24.get('2.12.01:5'), sept24.get('2.12.02:14')]).toEqual([2, 1, 1]);
    expect(before.get('2025-09-20')!.get('2.12.01:3')).toBe(0);
    const repeaters = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/2.12.01/3/learners?organizationId=${schoolA}&asOf=2024-09-20`,
      headers: adminA.headers,
    });
    expect(repeaters.statusCode, repeaters.body).toBe(200);
    expect(new Set(repeaters.json().items.map((i: { personId: string }) => i.personId))).toEqual(
      new Set([learner.jan2, learner.adult]),
    );

    await backdateEnd(s, learner.corrected!, '2024-06-01');
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${schoolA}&asOf=${asOf}`);
      await expectEveryCellByHand(r, [schoolA], asOf);
    }
    const after = cellsOf(await report(regional, `organizationId=${schoolA}&asOf=2024-09-20`));
    expect([after.get('2.10.15:3'), after.get('2.10.14:14')]).toEqual([5, 1]);
    expect(cellsOf(await report(regional, `organizationId=${schoolA}&asOf=2023-09-20`))).toEqual(
      before.get('2023-09-20'),
    );
  });

  it('counts the same learners as section 2.1.1, for a school and for the municipality', async () => {
    const mun = (await s.owner.query(`SELECT territory_id FROM organizations WHERE id = $1`, [schoolA]))
      .rows[0].territory_id as string;
    for (const q of [`organizationId=${schoolA}`, `territoryId=${mun}`]) {
      const r = await report(regional, `${q}&asOf=2024-09-20`);
      const classes = new Map(
        r.sections.find((x) => x.code === '2.1.1')!.cells.map((c) => [`${c.row}:${c.column}`, c.value]),
      );
      const learners = ['02', '04', '06', '08', '10'].reduce((n, row) => n + classes.get(`${row}:3`)!, 0);
      expect(cellsOf(r).get('2.10.15:3'), q).toBe(learners);
      expect(cellsOf(r).get('2.11.01:3'), q).toBe(learners);
    }
    const r = await report(regional, `territoryId=${mun}&asOf=2024-09-20`);
    await expectEveryCellByHand(r, [schoolA, schoolB], '2024-09-20');
  });

  it('a cell opens its learners for the school only, audited; another school is 404', async () => {
    const url = (row: string, column: string, org: string) =>
      `${FORM}/cells/${row}/${column}/learners?organizationId=${org}&asOf=2024-09-20`;
    const res = await s.app.inject({
      method: 'GET',
      url: url('2.10.03', '16', schoolA),
      headers: adminA.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { personId: string }) => i.personId)).toEqual([learner.jan1]);
    const audit = await auditRows(s, `action = 'statForm.learners.read' AND actor_user_id = $1`, [adminA.id]);
    expect(audit.at(-1)).toMatchObject({
      object_id: schoolA,
      outcome: 'success',
      subject_ids: [learner.jan1],
    });
    const other = await s.app.inject({
      method: 'GET',
      url: url('2.10.03', '16', schoolA.toUpperCase()),
      headers: adminB.headers,
    });
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    const nul = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/2.10.03%00/16/learners?organizationId=${schoolA}`,
      headers: adminA.headers,
    });
    expect(nul.statusCode).toBe(400);
  });
});
