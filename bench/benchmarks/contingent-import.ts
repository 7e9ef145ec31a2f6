import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  CERT_SERIES,
  CONTINGENT_FILE_HEADER,
  contingentCsv,
  contingentFile,
  type PlantedBadRow,
} from '../../src/generator/contingent-file.ts';
import { IMPORT_COLUMNS } from '../../src/server/modules/contingent-import/import-columns.ts';
import { ensureUser } from '../harness/app.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

/** The acceptance's file: a school's whole export (BENCH_IMPORT_ROWS makes a quicker run while tuning). */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const START = '2026-09-01';
// Ten parallels of each grade: 100,000 learners stay within a class's capacity of 1,000.
const UNITS = Array.from({ length: 11 }, (_, g) =>
  ['Н', 'Г', 'Д', 'Е', 'Ж', 'З', 'И', 'К', 'Л', 'М'].map((l) => ({ name: `${g + 1}${l}`, grade: g + 1 })),
).flat();

type File = ReturnType<typeof contingentFile>;
const col = (h: (typeof CONTINGENT_FILE_HEADER)[number]) => CONTINGENT_FILE_HEADER.indexOf(h);
const iso = (ru: string) => ru.split('.').reverse().join('-');
const tsv = (cells: (string | null)[]) =>
  `${cells.map((c) => (c === null || c === '' ? '\\N' : c.replace(/[\\\t\n\r]/g, ' '))).join('\t')}\n`;

/**
 * The bulk contingent import of one school: the generator's 100,000-row export (learners with a birth
 * certificate, СНИЛС, address, class and start date, each with a parent with a passport and phone; 1 %
 * planted bad rows) through POST /api/v1/contingent-imports and its background job to completion —
 * parsing, the API's checks, duplicate control against the region's persons, persons, documents,
 * addresses, contacts, enrollments, placements, representations, history, audit — against a bare
 * COPY of the same file's valid rows into the same tables. Every planted row must come back rejected
 * on its column.
 */
export function contingentImport(): Benchmark {
  let client: pg.Client | null = null;
  let headers: Record<string, string> = {};
  let organizationId = '';
  const unitIds = new Map<string, string>();
  let files = 0;
  const importMs: number[] = [];
  const copyMs: number[] = [];
  let last = { created: 0, linked: 0, rejected: 0, held: 0, unchanged: 0, planted: 0, plantedRejected: 0 };

  /**
   * A file nobody in the database shares an identifier with: its documents from a block of numbers no
   * earlier file used (the generator numbers them by row plus an offset), its СНИЛС avoiding those taken.
   */
  async function freshFile(c: pg.Client): Promise<File> {
    let block = 0;
    for (; ; block++) {
      const [lo, hi] = [Math.floor((block * ROWS) / 4), Math.floor(((block + 1) * ROWS) / 4)];
      if (hi > 999_999) throw new Error('contingent-import: the documents’ numbers are used up');
      const used = await c.query(
        `SELECT 1 FROM person_documents WHERE type = '03' AND series = ANY($1) AND number BETWEEN $2 AND $3 LIMIT 1`,
        [CERT_SERIES, String(lo).padStart(6, '0'), String(hi).padStart(6, '0')],
      );
      if (used.rows.length === 0) break;
    }
    const reserved = new Set<string>();
    // One seed: a retry keeps the file and moves only the taken СНИЛС aside.
    const seed = `bench-${block}-${files++}`;
    for (;;) {
      const f = contingentFile({
        rows: ROWS,
        seed,
        units: UNITS,
        startedOn: START,
        reservedSnils: reserved,
        documentOffset: block * ROWS,
      });
      const taken = await c.query<{ snils: string }>('SELECT snils FROM persons WHERE snils = ANY($1)', [
        f.rows.map((r) => r[col('СНИЛС')]!),
      ]);
      if (taken.rows.length === 0) return f;
      for (const t of taken.rows) reserved.add(t.snils);
    }
  }

  return {
    name: 'contingent-import',
    description: `the generator's ${ROWS}-row contingent file through POST /api/v1/contingent-imports (to completion) vs a bare COPY of its rows into persons, person_documents, person_addresses, person_contacts, enrollments, placements, representations`,
    needs: ['persons'],
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
          `INSERT INTO academic_years (starts_on, ends_on) VALUES ($1, '2027-08-31')
           ON CONFLICT (starts_on) DO UPDATE SET ends_on = EXCLUDED.ends_on RETURNING id`,
          [START],
        )
      ).rows[0]!.id;
      for (const u of UNITS) {
        const r = await c.query<{ id: string }>(
          `INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, capacity)
           VALUES ($1, $2, 'class', $3, $4, $5, 1000)
           ON CONFLICT (organization_id, academic_year_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
          [organizationId, year, u.name, u.grade, u.name.slice(-1)],
        );
        unitIds.set(u.name, r.rows[0]!.id);
      }
      const user = await ensureUser(
        c,
        `bench-import-${randomUUID().slice(0, 6)}`,
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
              const file = await freshFile(c);
              const t = performance.now();
              const id = await upload(ctx.appUrl, headers, contingentCsv(file));
              const v = await completed(ctx.appUrl, headers, id);
              importMs.push(performance.now() - t);
              last = { ...counts(v), ...(await plantedRejected(c, id, file.planted)) };
              return { units: ROWS };
            },
          },
        },
        {
          name: 'copy',
          baseline: true,
          description:
            'COPY of the same file’s valid rows into persons, person_documents, person_addresses, person_contacts, enrollments, placements, representations',
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'row',
            run: async () => {
              const file = await freshFile(c);
              const t = performance.now();
              await copyRows(c, file, organizationId, unitIds);
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
          `${JSON.stringify(last)}`,
      );
      return { rows: ROWS, importMs, copyMs, share: copy / imp, ...last };
    },
    async teardown() {
      await client?.end();
      client = null;
    },
  };
}

async function upload(appUrl: string, headers: Record<string, string>, body: Buffer) {
  const r = await fetch(`${appUrl}/api/v1/contingent-imports?fileName=bench.csv`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: new Uint8Array(body),
  });
  const text = await r.text();
  if (r.status !== 202) throw new Error(`contingent-import answered ${r.status}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { id: string }).id;
}

type View = {
  status: string;
  created: number;
  linked: number;
  rejected: number;
  held: number;
  unchanged: number;
};
const counts = (v: View) => ({
  created: v.created,
  linked: v.linked,
  rejected: v.rejected,
  held: v.held,
  unchanged: v.unchanged,
});

async function completed(appUrl: string, headers: Record<string, string>, id: string): Promise<View> {
  for (;;) {
    const g = await fetch(`${appUrl}/api/v1/contingent-imports/${id}`, { headers });
    const v = (await g.json()) as View;
    if (v.status === 'failed') throw new Error('contingent-import: the import failed');
    if (v.status === 'completed') return v;
    // About as often as the screen polls it.
    await new Promise((ok) => setTimeout(ok, 500));
  }
}

/** Every planted row rejected, with a reason on the planted column (titles as the template names them). */
async function plantedRejected(c: pg.Client, importId: string, planted: PlantedBadRow[]) {
  const r = await c.query<{ row_index: number; outcome: string; errors: { column: string }[] | null }>(
    'SELECT row_index, outcome, errors FROM contingent_import_rows WHERE import_id = $1 AND row_index = ANY($2)',
    [importId, planted.map((p) => p.index)],
  );
  const titleOf = (k: string) => (IMPORT_COLUMNS as Record<string, { title: string }>)[k]?.title;
  const byIndex = new Map(r.rows.map((x) => [x.row_index, x]));
  let ok = 0;
  for (const p of planted) {
    const row = byIndex.get(p.index);
    if (row?.outcome === 'rejected' && row.errors?.some((e) => titleOf(e.column) === p.column)) ok++;
    else console.warn(`contingent-import: planted «${p.kind}» at row ${p.index} came back ${row?.outcome}`);
  }
  return { planted: planted.length, plantedRejected: ok };
}

/** The file's valid rows as plain tuples, COPY'd into the tables the import writes. */
async function copyRows(c: pg.Client, file: File, organizationId: string, unitIds: Map<string, string>) {
  const bad = new Set(file.planted.map((p) => p.index));
  const persons: string[] = [];
  const documents: string[] = [];
  const addresses: string[] = [];
  const contacts: string[] = [];
  const enrollments: string[] = [];
  const placements: string[] = [];
  const links: string[] = [];
  file.rows.forEach((r, i) => {
    if (bad.has(i)) return;
    const v = (h: (typeof CONTINGENT_FILE_HEADER)[number]) => r[col(h)]!;
    const learner = randomUUID();
    const parent = randomUUID();
    const enrollment = randomUUID();
    const sex = (s: string) => (s === 'М' ? 'male' : 'female');
    persons.push(
      tsv([
        learner,
        v('Фамилия'),
        v('Имя'),
        v('Отчество'),
        iso(v('Дата рождения')),
        sex(v('Пол')),
        '{643}',
        'f',
        v('СНИЛС'),
      ]),
      tsv([
        parent,
        v('Представитель: фамилия'),
        v('Представитель: имя'),
        v('Представитель: отчество'),
        iso(v('Представитель: дата рождения')),
        sex(v('Представитель: пол')),
        '{643}',
        'f',
        null,
      ]),
    );
    documents.push(
      tsv([learner, '03', v('Серия документа'), v('Номер документа'), iso(v('Дата выдачи документа'))]),
      tsv([parent, '21', v('Представитель: серия документа'), v('Представитель: номер документа'), null]),
    );
    addresses.push(tsv([learner, 'registration', v('Адрес регистрации')]));
    contacts.push(tsv([parent, 'phone', v('Представитель: телефон')]));
    enrollments.push(tsv([enrollment, learner, organizationId, iso(v('Дата зачисления'))]));
    placements.push(tsv([enrollment, unitIds.get(v('Класс (группа)'))!, START]));
    links.push(tsv([learner, parent, v('Представитель: кем приходится') === 'Мать' ? 'mother' : 'father']));
  });
  const copy = (sqlText: string, lines: string[]) =>
    pipeline(
      (async function* () {
        for (let i = 0; i < lines.length; i += 5000) yield Buffer.from(lines.slice(i, i + 5000).join(''));
      })(),
      c.query(copyFrom(sqlText)),
    );
  await c.query('BEGIN');
  await copy(
    'COPY persons (id, last_name, first_name, middle_name, birth_date, sex, citizenship_codes, stateless, snils) FROM STDIN',
    persons,
  );
  await copy('COPY person_documents (person_id, type, series, number, issued_on) FROM STDIN', documents);
  await copy('COPY person_addresses (person_id, kind, text) FROM STDIN', addresses);
  await copy('COPY person_contacts (person_id, kind, value) FROM STDIN', contacts);
  await copy('COPY enrollments (id, person_id, organization_id, started_on) FROM STDIN', enrollments);
  await copy('COPY placements (enrollment_id, unit_id, valid_from) FROM STDIN', placements);
  await copy('COPY representations (learner_id, representative_id, relation) FROM STDIN', links);
  await c.query('COMMIT');
}
