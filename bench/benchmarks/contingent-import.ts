import { randomBytes, randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import { ensureUser } from '../harness/app.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

/** One school's lists: a few classes of new learners, each with a birth certificate. */
const ROWS = 300;
const HEADER = [
  'Идентификатор в системе ОО',
  'Фамилия',
  'Имя',
  'Отчество',
  'Дата рождения',
  'Пол',
  'СНИЛС',
  'Вид документа',
  'Серия документа',
  'Номер документа',
  'Адрес регистрации',
  'Класс (группа)',
  'Дата зачисления',
];
const SURNAMES = ['Нагрузов', 'Бенчев', 'Замеров', 'Копиев', 'Строкин', 'Файлов'];
const NAMES = ['Аким', 'Фрол', 'Ерофей', 'Лука', 'Мирон', 'Прохор', 'Савва', 'Тит'];

type Learner = {
  id: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  snils: string;
  number: string;
};

const ru = (iso: string) => iso.split('-').reverse().join('.');

/**
 * The bulk contingent import of one organization: a generated file of new learners (name, birth date,
 * СНИЛС, birth certificate, address, class, start date) through POST /api/v1/contingent-imports and its
 * background job until the import is completed — checks, duplicate control against the region, person,
 * document, address, enrollment, placement, history, audit — against a bare COPY of the same rows into
 * the same tables (persons, person_documents, enrollments, placements).
 */
export function contingentImport(): Benchmark {
  let client: pg.Client | null = null;
  let headers: Record<string, string> = {};
  let organizationId = '';
  let unitId = '';
  let seq = Number.parseInt(randomBytes(3).toString('hex'), 16) % 1_000_000;
  const importMs: number[] = [];
  const copyMs: number[] = [];
  let last = { created: 0, linked: 0, rejected: 0 };

  const learners = (): Learner[] =>
    Array.from({ length: ROWS }, () => {
      seq++;
      return {
        id: randomUUID(),
        lastName: SURNAMES[seq % SURNAMES.length]!,
        firstName: NAMES[Math.floor(seq / SURNAMES.length) % NAMES.length]!,
        birthDate: new Date(Date.UTC(2011, 0, 1) + (seq % 3600) * 86_400_000).toISOString().slice(0, 10),
        snils: makeSnils(`8${String(seq).padStart(8, '0')}`),
        number: String(seq % 1_000_000).padStart(6, '0'),
      };
    });

  return {
    name: 'contingent-import',
    description: `a ${ROWS}-row contingent file through POST /api/v1/contingent-imports (to completion) vs a bare COPY into persons, person_documents, enrollments, placements`,
    async setup(ctx: BenchContext) {
      client = new pg.Client({ connectionString: ctx.adminUrl });
      await client.connect();
      const c = client;
      organizationId = (
        await c.query<{ id: string }>(
          `SELECT id FROM organizations WHERE kind = 'school' ORDER BY id LIMIT 1`,
        )
      ).rows[0]!.id;
      const year = (
        await c.query<{ id: string }>(
          `INSERT INTO academic_years (starts_on, ends_on) VALUES ('2026-09-01', '2027-08-31')
           ON CONFLICT (starts_on) DO UPDATE SET ends_on = EXCLUDED.ends_on RETURNING id`,
        )
      ).rows[0]!.id;
      unitId = (
        await c.query<{ id: string }>(
          `INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, capacity)
           VALUES ($1, $2, 'class', '5Б-нагрузка', 5, 'Б', 1000)
           ON CONFLICT (organization_id, academic_year_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
          [organizationId, year],
        )
      ).rows[0]!.id;
      const user = await ensureUser(
        c,
        `bench-import-${randomBytes(3).toString('hex')}`,
        'org_admin',
        organizationId,
      );
      const res = await fetch(`${ctx.appUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: user.login, password: user.password }),
      });
      if (!res.ok) throw new Error(`contingent-import: sign-in failed ${res.status}`);
      const cookie = res.headers
        .getSetCookie()
        .find((x) => x.startsWith('kt_session='))!
        .split(';')[0]!;
      headers = { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
      return [
        {
          name: 'import',
          description: 'POST /api/v1/contingent-imports with the CSV file, then GET until completed',
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'row',
            run: async () => {
              const rows = learners().map((l) =>
                [
                  `B-${l.id}`,
                  l.lastName,
                  l.firstName,
                  'Бенчевич',
                  ru(l.birthDate),
                  'М',
                  l.snils,
                  '03',
                  'II-БН',
                  l.number,
                  'г. Нагрузочный, ул. Замерная, д. 1',
                  '5Б-нагрузка',
                  '01.09.2026',
                ].join(';'),
              );
              const body = Buffer.from(`${HEADER.join(';')}\r\n${rows.join('\r\n')}\r\n`);
              const t = performance.now();
              const r = await fetch(`${ctx.appUrl}/api/v1/contingent-imports?fileName=bench.csv`, {
                method: 'POST',
                headers: { ...headers, 'content-type': 'text/csv' },
                body,
              });
              const text = await r.text();
              if (r.status !== 202)
                throw new Error(`contingent-import answered ${r.status}: ${text.slice(0, 300)}`);
              const { id } = JSON.parse(text) as { id: string };
              for (;;) {
                const g = await fetch(`${ctx.appUrl}/api/v1/contingent-imports/${id}`, { headers });
                const v = (await g.json()) as {
                  status: string;
                  created: number;
                  linked: number;
                  rejected: number;
                };
                if (v.status === 'completed' || v.status === 'failed') {
                  last = { created: v.created, linked: v.linked, rejected: v.rejected };
                  break;
                }
                await new Promise((ok) => setTimeout(ok, 50));
              }
              importMs.push(performance.now() - t);
              return { units: ROWS };
            },
          },
        },
        {
          name: 'copy',
          baseline: true,
          description: 'COPY of the same rows into persons, person_documents, enrollments and placements',
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'row',
            run: async () => {
              const ls = learners();
              const enrollmentIds = ls.map(() => randomUUID());
              const copy = (sqlText: string, lines: string[]) =>
                pipeline(
                  (async function* () {
                    yield Buffer.from(lines.join(''));
                  })(),
                  c.query(copyFrom(sqlText)),
                );
              const t = performance.now();
              await c.query('BEGIN');
              await copy(
                'COPY persons (id, last_name, first_name, middle_name, birth_date, sex, citizenship_codes, stateless, snils) FROM STDIN',
                ls.map(
                  (l) =>
                    `${l.id}\t${l.lastName}\t${l.firstName}\tБенчевич\t${l.birthDate}\tmale\t{643}\tf\t${l.snils}\n`,
                ),
              );
              await copy(
                'COPY person_documents (person_id, type, series, number) FROM STDIN',
                ls.map((l) => `${l.id}\t03\tIII-БН\t${l.number}\n`),
              );
              await copy(
                'COPY person_addresses (person_id, kind, text) FROM STDIN',
                ls.map((l) => `${l.id}\tregistration\tг. Нагрузочный, ул. Замерная, д. 1\n`),
              );
              await copy(
                'COPY enrollments (id, person_id, organization_id, started_on) FROM STDIN',
                ls.map((l, i) => `${enrollmentIds[i]}\t${l.id}\t${organizationId}\t2026-09-01\n`),
              );
              await copy(
                'COPY placements (enrollment_id, unit_id, valid_from) FROM STDIN',
                enrollmentIds.map((id) => `${id}\t${unitId}\t2026-09-01\n`),
              );
              await c.query('COMMIT');
              copyMs.push(performance.now() - t);
              return { units: ROWS };
            },
          },
        },
      ];
    },
    async details() {
      const median = (xs: number[]) =>
        [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
      const imp = median(importMs);
      const copy = median(copyMs);
      console.warn(
        `contingent-import: ${ROWS} rows; import ${(imp / 1000).toFixed(2)} s, COPY ${(copy / 1000).toFixed(2)} s ` +
          `(medians); import throughput = ${((copy / imp) * 100).toFixed(1)} % of COPY; last import ` +
          `created ${last.created}, linked ${last.linked}, rejected ${last.rejected}`,
      );
      return { rows: ROWS, importMs, copyMs, share: copy / imp, ...last };
    },
    async teardown() {
      await client?.end();
      client = null;
    },
  };
}
