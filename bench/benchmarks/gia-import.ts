import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ensureUser } from '../harness/app.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const ROWS = 10_000;
/** Every hundredth row names a document nobody holds: the report's share of a real file. */
const UNMATCHED_EVERY = 100;
const HEADER =
  'Фамилия;Имя;Отчество;Вид документа;Серия документа;Номер документа;Вид экзамена;Предмет;Дата экзамена;Первичный балл;Тестовый балл;Отметка;Код ОО';

type Participant = {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string;
  type: string;
  series: string;
  number: string;
};

/** A past exam day no call used before: imports on even offsets, COPY on odd ones. */
const examDay = (n: number) => new Date(Date.now() - (30 + n) * 86_400_000).toISOString().slice(0, 10);
const ru = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/**
 * One region's ЕГЭ subject (10,000 participants of the generated region, 1 % with unknown documents)
 * uploaded as a CSV through POST /api/v1/gia-imports — parse, check, match by document and name, upsert,
 * history, report, audit — against a bare COPY of the same number of result rows into gia_results.
 */
export function giaImport(): Benchmark {
  let client: pg.Client | null = null;
  let people: Participant[] = [];
  let headers: Record<string, string> = {};
  let importId = '';
  const importMs: number[] = [];
  const copyMs: number[] = [];
  let calls = 0;
  let copies = 0;
  let rejected = 0;
  return {
    name: 'gia-import',
    description: `a ${ROWS}-row ЕГЭ results file through POST /api/v1/gia-imports vs a bare COPY into gia_results`,
    needs: ['persons'],
    async setup(ctx: BenchContext) {
      client = new pg.Client({ connectionString: ctx.adminUrl });
      await client.connect();
      const c = client;
      people = (
        await c.query<Participant>(
          `SELECT DISTINCT ON (p.id) p.id, p.last_name, p.first_name, coalesce(p.middle_name, '') AS middle_name,
                  d.type, coalesce(d.series, '') AS series, d.number
             FROM persons p JOIN person_documents d ON d.person_id = p.id AND d.invalidated_at IS NULL
            WHERE p.status = 'active' AND d.type IN ('03', '21')
            ORDER BY p.id LIMIT ${ROWS}`,
        )
      ).rows;
      if (people.length < ROWS) console.warn(`gia-import: only ${people.length} persons with documents`);
      const user = await ensureUser(
        c,
        `bench-gia-${randomBytes(3).toString('hex')}`,
        'regional_operator',
        ctx.rootTerritoryId,
      );
      const res = await fetch(`${ctx.appUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: user.login, password: user.password }),
      });
      if (!res.ok) throw new Error(`gia-import: sign-in failed ${res.status}`);
      const cookie = res.headers
        .getSetCookie()
        .find((x) => x.startsWith('kt_session='))!
        .split(';')[0]!;
      headers = { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
      importId = (
        await c.query<{ id: string }>(
          `INSERT INTO gia_imports (format, file_sha256, scope_node_id, total_rows, inserted, updated, unchanged, rejected)
           VALUES ('csv', repeat('0', 64), $1, 0, 0, 0, 0, 0) RETURNING id`,
          [ctx.rootTerritoryId],
        )
      ).rows[0]!.id;
      return [
        {
          name: 'import',
          description: 'POST /api/v1/gia-imports with the CSV file, one file after another',
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'row',
            run: async () => {
              const date = ru(examDay(2 * calls++));
              const lines = people.map((p, i) =>
                [
                  p.last_name,
                  p.first_name,
                  p.middle_name,
                  p.type,
                  p.series,
                  i % UNMATCHED_EVERY === 0 ? '000000' : p.number,
                  'ЕГЭ',
                  'Обществознание',
                  date,
                  i % 60,
                  i % 100,
                  '',
                  '',
                ].join(';'),
              );
              const body = Buffer.from(`${HEADER}\r\n${lines.join('\r\n')}\r\n`);
              const t = performance.now();
              const r = await fetch(`${ctx.appUrl}/api/v1/gia-imports?fileName=bench.csv`, {
                method: 'POST',
                headers: { ...headers, 'content-type': 'text/csv' },
                body,
              });
              const text = await r.text();
              if (r.status !== 201) throw new Error(`gia-import answered ${r.status}: ${text.slice(0, 300)}`);
              importMs.push(performance.now() - t);
              rejected = (JSON.parse(text) as { rejected: number }).rejected;
              return { units: people.length };
            },
          },
        },
        {
          name: 'copy',
          baseline: true,
          description: 'COPY gia_results (…) FROM STDIN of the same number of rows, one stream',
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'row',
            run: async () => {
              const date = examDay(2 * copies++ + 1);
              const text = people
                .map(
                  (p, i) =>
                    `${p.id}\tege\tОбществознание\t${date}\t${p.type}\t${p.series}\t${p.number}\t${i % 60}\t${i % 100}\t\\N\t\\N\t${importId}\t${i + 2}\n`,
                )
                .join('');
              const t = performance.now();
              await pipeline(
                (async function* () {
                  yield Buffer.from(text);
                })(),
                c.query(
                  copyFrom(
                    'COPY gia_results (person_id, exam_kind, subject, exam_date, document_type, document_series, document_number, primary_score, test_score, mark, school_code, import_id, source_row) FROM STDIN',
                  ),
                ),
              );
              copyMs.push(performance.now() - t);
              return { units: people.length };
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
        `gia-import: ${people.length} rows; import ${(imp / 1000).toFixed(2)} s, COPY ${(copy / 1000).toFixed(2)} s ` +
          `(medians); import throughput = ${((copy / imp) * 100).toFixed(0)} % of COPY; rejected ${rejected}`,
      );
      return { rows: people.length, importMs, copyMs, share: copy / imp, rejected };
    },
    async teardown() {
      await client?.end();
      client = null;
    },
  };
}
