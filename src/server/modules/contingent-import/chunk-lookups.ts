import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { namesMayMatch } from '../persons/find-duplicates.ts';
import type { CellError, ParsedRow } from './parse-row.ts';

export type Placement = { unitId: string; programmeId: string | null; from: string };

const lower = (s: string) => s.toLowerCase();

/**
 * The classes (groups) and programmes a chunk names, each looked up once: a unit by its name in the
 * academic year of today (or the latest year that has it), a programme by its name in the organization.
 */
export async function chunkUnits(tx: Tx, organizationId: string, rows: ParsedRow[], today: string) {
  const unitNames = [...new Set(rows.map((r) => lower(r.unit)))];
  const programmeNames = [...new Set(rows.flatMap((r) => (r.programme ? [lower(r.programme)] : [])))];
  const units = new Map<string, { id: string; programmeId: string | null; startsOn: string }>();
  if (unitNames.length) {
    const r = await sql<{ name: string; id: string; programme_id: string | null; starts_on: string }>`
      SELECT n.name, u.id, u.programme_id, u.starts_on FROM unnest(${unitNames}::text[]) n(name)
      CROSS JOIN LATERAL (
        SELECT u.id, u.programme_id, y.starts_on FROM units u JOIN academic_years y ON y.id = u.academic_year_id
         WHERE u.organization_id = ${organizationId} AND lower(u.name) = n.name
         ORDER BY (${today}::date BETWEEN y.starts_on AND y.ends_on) DESC, y.starts_on DESC LIMIT 1) u`.execute(
      tx,
    );
    for (const u of r.rows)
      units.set(u.name, { id: u.id, programmeId: u.programme_id, startsOn: u.starts_on });
  }
  const programmes = new Map<string, string>();
  if (programmeNames.length) {
    const r = await sql<{ name: string; id: string }>`
      SELECT DISTINCT ON (lower(name)) lower(name) AS name, id FROM education_programmes
       WHERE organization_id = ${organizationId} AND lower(name) = ANY(${programmeNames}::text[])
       ORDER BY lower(name), created_at`.execute(tx);
    for (const p of r.rows) programmes.set(p.name, p.id);
  }
  return (p: ParsedRow): Placement | { errors: CellError[] } => {
    const u = units.get(lower(p.unit));
    if (!u)
      return {
        errors: [
          { column: 'unit', message: `Класс (группа) «${p.unit.slice(0, 50)}» не заведен в организации` },
        ],
      };
    let programmeId = u.programmeId;
    if (p.programme) {
      const id = programmes.get(lower(p.programme));
      if (!id)
        return {
          errors: [
            {
              column: 'programme',
              message: `Программа «${p.programme.slice(0, 60)}» не заведена в организации`,
            },
          ],
        };
      programmeId = id;
    }
    // biome-ignore lint/complexity/useMathMinMax: ISO dates are strings; Math.max would make them NaN
    const from = p.startedOn > u.startsOn ? p.startedOn : u.startsOn;
    return { unitId: u.id, programmeId, from };
  };
}

const documentKey = (d: { type: string; series?: string | null | undefined; number: string }) =>
  `${d.type}\u0000${d.series ?? ''}\u0000${d.number}`;

const peopleOf = (p: ParsedRow) => (p.representative ? [p.learner, p.representative] : [p.learner]);

/** The СНИЛС and documents by which one row's person (learner or representative) is another's. */
export function identityKeys(p: ParsedRow): string[] {
  return peopleOf(p).flatMap((x) => [
    ...(x.snils ? [`snils:${x.snils}`] : []),
    ...x.documents.map((d) => `doc:${documentKey(d)}`),
  ]);
}

type ChunkRow = { index: number; contentHash: string; sourceId: string | null; parsed: ParsedRow };

/**
 * The rows of a chunk whose learner the region may already have, each test run for the whole chunk in
 * one statement: the row seen in an earlier upload (its content or its source id), the same СНИЛС or
 * document on any person (a merged or destroyed one too: the identity indexes decide, not this list),
 * a person born the same day whose name scores as a near-match, or such a person in an earlier row of
 * the chunk (`earlier`: every parsed row, the representatives too). Such rows are decided one by one;
 * the others are new learners.
 */
export async function rowsWithKnownPersons(
  tx: Tx,
  organizationId: string,
  rows: ChunkRow[],
  earlier: { index: number; parsed: ParsedRow }[],
): Promise<Set<number>> {
  const known = new Set<number>();
  if (rows.length === 0) return known;
  const seen = await sql<{ content_hash: string; source_id: string | null }>`
    SELECT content_hash, source_id FROM contingent_import_rows
     WHERE organization_id = ${organizationId} AND outcome IN ('created', 'linked') AND person_id IS NOT NULL
       AND (content_hash = ANY(${rows.map((r) => r.contentHash)}::text[])
            OR source_id = ANY(${rows.flatMap((r) => (r.sourceId ? [r.sourceId] : []))}::text[]))`.execute(
    tx,
  );
  const hashes = new Set(seen.rows.map((r) => r.content_hash));
  const sources = new Set(seen.rows.flatMap((r) => (r.source_id ? [r.source_id] : [])));
  for (const r of rows)
    if (hashes.has(r.contentHash) || (r.sourceId && sources.has(r.sourceId))) known.add(r.index);

  // The learner and the representative: a row is new only if both are.
  const learners = rows.flatMap((r) => peopleOf(r.parsed).map((p) => ({ index: r.index, p })));
  const snils = await sql<{ snils: string }>`
    SELECT snils FROM persons WHERE snils = ANY(${learners.flatMap((l) => (l.p.snils ? [l.p.snils] : []))}::text[])`.execute(
    tx,
  );
  const takenSnils = new Set(snils.rows.map((r) => r.snils));
  const docs = learners.flatMap((l) => l.p.documents.map((d) => ({ index: l.index, d })));
  const takenDocs = new Set<string>();
  if (docs.length) {
    const r = await sql<{ type: string; series: string; number: string }>`
      SELECT d.type, coalesce(d.series, '') AS series, d.number FROM person_documents d
        JOIN unnest(${docs.map((x) => x.d.type)}::text[], ${docs.map((x) => x.d.series ?? '')}::text[],
                    ${docs.map((x) => x.d.number)}::text[]) q(type, series, number)
          ON d.type = q.type AND coalesce(d.series, '') = q.series AND d.number = q.number
       WHERE d.invalidated_at IS NULL`.execute(tx);
    for (const d of r.rows) takenDocs.add(documentKey(d));
  }
  for (const l of learners) {
    if (l.p.snils && takenSnils.has(l.p.snils)) known.add(l.index);
    if (l.p.documents.some((d) => takenDocs.has(documentKey(d)))) known.add(l.index);
  }

  const near = await sql<{ i: number }>`
    WITH q AS (
      SELECT i, person_name_key(l) AS l, person_name_key(f) AS f, coalesce(person_name_key(m), '') AS m, b
        FROM unnest(${learners.map((l) => l.index)}::int[], ${learners.map((l) => l.p.lastName)}::text[],
                    ${learners.map((l) => l.p.firstName)}::text[], ${learners.map((l) => l.p.middleName ?? null)}::text[],
                    ${learners.map((l) => l.p.birthDate)}::date[]) x(i, l, f, m, b))
    SELECT DISTINCT q.i FROM q JOIN persons p ON p.birth_date = q.b AND p.status = 'active'
     WHERE ${namesMayMatch(sql`q.l`, sql`q.f`, sql`p.last_name_key`, sql`p.first_name_key`)}
       AND person_name_score(q.l, q.f, q.m, p.last_name_key, p.first_name_key, p.middle_name_key) IS NOT NULL`.execute(
    tx,
  );
  for (const r of near.rows) known.add(r.i);

  const others = earlier.flatMap((r) => peopleOf(r.parsed).map((p) => ({ index: r.index, p })));
  const nearInChunk = await sql<{ i: number }>`
    WITH q AS (
      SELECT i, person_name_key(l) AS l, person_name_key(f) AS f, coalesce(person_name_key(m), '') AS m, b
        FROM unnest(${learners.map((l) => l.index)}::int[], ${learners.map((l) => l.p.lastName)}::text[],
                    ${learners.map((l) => l.p.firstName)}::text[], ${learners.map((l) => l.p.middleName ?? null)}::text[],
                    ${learners.map((l) => l.p.birthDate)}::date[]) x(i, l, f, m, b)),
    o AS (
      SELECT i, person_name_key(l) AS l, person_name_key(f) AS f, coalesce(person_name_key(m), '') AS m, b
        FROM unnest(${others.map((o) => o.index)}::int[], ${others.map((o) => o.p.lastName)}::text[],
                    ${others.map((o) => o.p.firstName)}::text[], ${others.map((o) => o.p.middleName ?? null)}::text[],
                    ${others.map((o) => o.p.birthDate)}::date[]) x(i, l, f, m, b))
    SELECT DISTINCT q.i FROM q JOIN o ON o.b = q.b AND o.i < q.i
     WHERE ${namesMayMatch(sql`q.l`, sql`q.f`, sql`o.l`, sql`o.f`)}
       AND person_name_score(q.l, q.f, q.m, o.l, o.f, o.m) IS NOT NULL`.execute(tx);
  for (const r of nearInChunk.rows) known.add(r.i);
  return known;
}
