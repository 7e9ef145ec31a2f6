import { type Kysely, sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { personInScope } from '../persons/person-scope.ts';

type RunRow = {
  id: string;
  status: 'running' | 'finished' | 'failed';
  min_score: number;
  started_at: Date;
  finished_at: Date | null;
  pairs: number | null;
  started_by: string | null;
  job_id: string | null;
};

const runView = (r: RunRow) => ({
  id: r.id,
  status: r.status,
  minScore: Math.round(r.min_score * 1000) / 1000,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  pairs: r.pairs,
  startedBy: r.started_by,
  jobId: r.job_id,
});
export type RunView = ReturnType<typeof runView>;

export async function findRun(db: Kysely<DB>, id: string): Promise<RunView | null> {
  const r = await sql<RunRow>`SELECT * FROM duplicate_runs WHERE id = ${id}`.execute(db);
  return r.rows[0] ? runView(r.rows[0]) : null;
}

async function latestFinishedRun(db: Kysely<DB>): Promise<RunView | null> {
  const r = await sql<RunRow>`
    SELECT * FROM duplicate_runs WHERE status = 'finished' ORDER BY finished_at DESC LIMIT 1`.execute(db);
  return r.rows[0] ? runView(r.rows[0]) : null;
}

type PairRow = {
  person_a: string;
  person_b: string;
  score: number;
  a_name: string;
  a_birth: string;
  a_org: string | null;
  a_snils: string | null;
  a_doc: PairDocument | null;
  b_name: string;
  b_birth: string;
  b_org: string | null;
  b_snils: string | null;
  b_doc: PairDocument | null;
};
type PairDocument = { type: string; series: string | null; number: string };

// «МБОУ СОШ № 4 (г. Братск)»: short names repeat across municipalities.
const organizationOf = (col: string) => sql`(SELECT o.short_name || ' (' || t.name || ')'
  FROM enrollments e JOIN organizations o ON o.id = e.organization_id
  JOIN territories t ON t.id = o.territory_id WHERE e.person_id = ${sql.ref(col)}
  ORDER BY e.ended_on NULLS FIRST, e.started_on DESC LIMIT 1)`;

// The main identity document: a passport before a birth certificate before the rest, newest first.
const documentOf = (col: string) => sql`(SELECT json_build_object('type', d.type, 'series', d.series,
    'number', d.number) FROM person_documents d
  WHERE d.person_id = ${sql.ref(col)} AND d.invalidated_at IS NULL
  ORDER BY d.type = '21' DESC, d.type = '03' DESC, d.issued_on DESC NULLS LAST, d.created_at DESC LIMIT 1)`;

function afterCursor(cursor: string | undefined) {
  if (!cursor) return sql`true`;
  const c = decodeCursor(cursor, 3);
  if (!c || Number.isNaN(Number(c[0])) || !/^[0-9a-f-]{36}$/i.test(c[1]!)) {
    throw invalidField('query.cursor', 'Некорректный курсор страницы');
  }
  const [score, a, b] = [Number(c[0]), c[1], c[2]];
  return sql`(dp.score < ${score}::real OR (dp.score = ${score}::real
    AND (dp.person_a, dp.person_b) > (${a}::uuid, ${b}::uuid)))`;
}

/**
 * A page of the report: the pairs of a finished run (the latest one by default), best score first.
 * Pairs are re-checked on reading: a person merged or destroyed since, or a pair declared different
 * since the run, drops out without a new run.
 */
export async function listDuplicatePairs(
  db: Kysely<DB>,
  grants: Grant[],
  q: {
    runId?: string | undefined;
    minScore?: number | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  const run = q.runId ? await findRun(db, q.runId) : await latestFinishedRun(db);
  if (q.runId && !run) throw notFound('Проверка на дубликаты');
  if (!run) return { run: null, items: [], nextCursor: null, totalCount: 0 };
  if (run.status !== 'finished') {
    throw new AppError('conflict', 'Проверка на дубликаты еще не завершена или завершилась ошибкой', [
      { path: 'query.runId', code: run.status, message: 'Выберите завершенную проверку' },
    ]);
  }
  const where = sql`dp.run_id = ${run.id} AND dp.score >= ${q.minScore ?? 0}::real
    AND pa.status = 'active' AND pb.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM person_distinctions d
                     WHERE d.person_a = dp.person_a AND d.person_b = dp.person_b)
    AND ${personInScope('pa.id', grants)} AND ${personInScope('pb.id', grants)}`;
  const from = sql`duplicate_pairs dp
    JOIN persons pa ON pa.id = dp.person_a JOIN persons pb ON pb.id = dp.person_b`;
  const rows = await sql<PairRow>`
    SELECT dp.person_a, dp.person_b, dp.score,
           concat_ws(' ', pa.last_name, pa.first_name, pa.middle_name) AS a_name, pa.birth_date AS a_birth,
           ${organizationOf('pa.id')} AS a_org, pa.snils AS a_snils, ${documentOf('pa.id')} AS a_doc,
           concat_ws(' ', pb.last_name, pb.first_name, pb.middle_name) AS b_name, pb.birth_date AS b_birth,
           ${organizationOf('pb.id')} AS b_org, pb.snils AS b_snils, ${documentOf('pb.id')} AS b_doc
      FROM ${from}
     WHERE ${where} AND ${afterCursor(q.cursor)}
     ORDER BY dp.score DESC, dp.person_a, dp.person_b
     LIMIT ${q.limit + 1}`.execute(db);
  const total = await sql<{ n: string }>`SELECT count(*) AS n FROM ${from} WHERE ${where}`.execute(db);
  const page = rows.rows.slice(0, q.limit);
  const last = page.at(-1);
  // The person presenter's rule: identifiers only to a role that works with personal data.
  const ids = grants.some((g) => g.role !== 'analyst');
  const side = (
    id: string,
    name: string,
    birth: string,
    org: string | null,
    snils: string | null,
    doc: PairDocument | null,
  ) => ({
    id,
    fullName: name,
    birthDate: birth,
    organization: org,
    snils: ids ? snils : null,
    document: ids ? doc : null,
  });
  return {
    run,
    items: page.map((r) => ({
      a: side(r.person_a, r.a_name, r.a_birth, r.a_org, r.a_snils, r.a_doc),
      b: side(r.person_b, r.b_name, r.b_birth, r.b_org, r.b_snils, r.b_doc),
      score: Math.round(r.score * 1000) / 1000,
    })),
    nextCursor:
      rows.rows.length > q.limit && last
        ? encodeCursor([String(last.score), last.person_a, last.person_b])
        : null,
    totalCount: Number(total.rows[0]!.n),
  };
}
