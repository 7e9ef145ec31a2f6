import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { regionToday } from '../education/region-today.ts';
import { resolveActivePerson } from '../persons/enroll-person.ts';
import { findCandidates, findExactDuplicate, personsInScope } from '../persons/find-duplicates.ts';
import { insertPerson, insertPersonRow, recordCreated } from '../persons/insert-person.ts';
import { insertRepresentation } from '../persons/link-representative.ts';
import { readPersonCard } from '../persons/person-card.ts';
import { bumpPersonVersion, recordLinkAdded } from '../persons/record-representation-change.ts';
import type { RowValues } from './import-columns.ts';
import { type CellError, type ParsedRow, parseRow } from './parse-row.ts';

/**
 * A near-duplicate this close is the same person: the same birth date and the same full name up to
 * ё/е, case, Latin spelling or swapped parts. A typo is weaker: the operator decides.
 */
export const STRONG_MATCH = 0.99;

const DISTINCT_REASON = 'Другой человек: решение оператора при загрузке контингента';

export type RowOutcome =
  | { outcome: 'created' | 'linked' | 'unchanged'; personId: string; representativeId: string | null }
  | { outcome: 'rejected'; errors: CellError[] }
  | { outcome: 'held'; candidateId: string; score: number };

/**
 * An import never widens its uploader's scope: a row whose learner (or representative) the region
 * already has outside that scope is not linked — the enrollment would hand the uploader another
 * organization's record — nor created again. It comes back with this reason; the way in is an access
 * request to the organization that holds the record, as for the person form.
 */
const outOfScope = (columns: CellError['column'][]): RowOutcome => ({
  outcome: 'rejected',
  errors: columns.map((column) => ({
    column,
    message:
      'Этот человек уже есть в реестре вне вашей области доступа: запросите доступ у организации, где он учится (раздел «Запросы доступа»)',
  })),
});

const inScope = async (tx: Tx, grants: Grant[], id: string) =>
  (await personsInScope(tx, [id], grants)).has(id);

export type ImportTarget = { id: string; organizationId: string; grants: Grant[]; grant: Grant };

/** What the operator decided about a held row: that it is the candidate, or another person. */
export type Decision = { kind: 'link'; personId: string } | { kind: 'create' };

type Person = ParsedRow['learner'];

/**
 * Decides and writes one row inside the chunk's transaction: the same person already in the region
 * (by СНИЛС, document, or a strong near-match) gets the enrollment instead of a second record; a weak
 * near-match is held for the operator; a row seen before (same content, or the same source id)
 * writes nothing.
 */
export async function writeRow(
  tx: Tx,
  ctx: Ctx,
  t: ImportTarget,
  row: { cells: RowValues; contentHash: string; sourceId: string | null },
  decision: Decision | null = null,
): Promise<RowOutcome> {
  const parsed = parseRow(row.cells);
  if ('errors' in parsed) return { outcome: 'rejected', errors: parsed.errors };
  const p = parsed.ok;
  const today = regionToday(ctx.config.timeZone);
  if (p.startedOn > today)
    return { outcome: 'rejected', errors: [{ column: 'startedOn', message: 'Дата зачисления в будущем' }] };
  const placement = await findUnit(tx, t.organizationId, p, today);
  if ('errors' in placement) return { outcome: 'rejected', errors: placement.errors };

  if (!decision) {
    const seen = await seenBefore(tx, t.organizationId, row.contentHash, p.sourceId);
    if (seen?.same) return { outcome: 'unchanged', personId: seen.personId, representativeId: null };
    if (seen) decision = { kind: 'link', personId: seen.personId };
  }

  if (p.representative && (await representativeOutOfScope(tx, t, p.representative)))
    return outOfScope(['repSnils', 'repDocumentNumber']);

  let learnerId: string;
  let created = false;
  if (decision?.kind === 'link') {
    const active = await resolveActivePerson(tx, decision.personId);
    if (!active)
      return {
        outcome: 'rejected',
        errors: [{ column: 'lastName', message: 'Выбранная запись больше не существует' }],
      };
    if (!(await inScope(tx, t.grants, active))) return outOfScope(['lastName']);
    learnerId = active;
  } else if (decision?.kind === 'create') {
    // «Another person»: still never a second record of an identical СНИЛС or document; the near
    // matches are recorded as distinct, so the duplicate report does not raise them again.
    const exact = await findExactDuplicate(tx, p.learner);
    if (exact && !(await inScope(tx, t.grants, exact.personId)))
      return outOfScope(['snils', 'documentNumber']);
    if (exact) learnerId = exact.personId;
    else {
      const near = await findCandidates(tx, t.grants, p.learner);
      learnerId = await insertPerson(
        tx,
        ctx,
        t.grants,
        p.learner,
        near.length
          ? { candidateIds: near.map((c) => c.id), matchTokens: [], reason: DISTINCT_REASON }
          : undefined,
      );
      created = true;
    }
  } else {
    const match = await matchPerson(tx, t.grants, p.learner);
    if (match && 'held' in match) return { outcome: 'held', candidateId: match.held, score: match.score };
    if (match && !(await inScope(tx, t.grants, match.personId)))
      return outOfScope(['snils', 'documentNumber']);
    if (match) learnerId = match.personId;
    else {
      learnerId = await insertPersonRow(tx, ctx, p.learner);
      created = true;
    }
  }
  await enroll(tx, ctx, t, learnerId, p.startedOn, placement);
  // The first version is written once the enrollment puts the new person in the uploader's scope.
  if (created) await recordCreated(tx, ctx, t.grants, learnerId, t.grant);
  // The representative is settled first: a row is written whole or not at all.
  const representativeId = p.representative
    ? await addRepresentative(tx, ctx, t, learnerId, p.representative)
    : null;
  if (p.representative && representativeId === null)
    throw new AppError('conflict', 'Представитель уже есть в реестре вне вашей области доступа');
  return { outcome: created ? 'created' : 'linked', personId: learnerId, representativeId };
}

/** The same row accepted before for this organization, or an earlier row with the same source id. */
async function seenBefore(tx: Tx, organizationId: string, hash: string, sourceId: string | null) {
  const same = await sql<{ person_id: string }>`
    SELECT person_id FROM contingent_import_rows
     WHERE organization_id = ${organizationId} AND content_hash = ${hash} AND outcome IN ('created', 'linked')
       AND person_id IS NOT NULL LIMIT 1`.execute(tx);
  if (same.rows[0]) {
    const id = await resolveActivePerson(tx, same.rows[0].person_id);
    if (id) return { same: true, personId: id };
  }
  if (!sourceId) return null;
  const bySource = await sql<{ person_id: string }>`
    SELECT person_id FROM contingent_import_rows
     WHERE organization_id = ${organizationId} AND source_id = ${sourceId} AND outcome IN ('created', 'linked')
       AND person_id IS NOT NULL LIMIT 1`.execute(tx);
  const id = bySource.rows[0] ? await resolveActivePerson(tx, bySource.rows[0].person_id) : null;
  return id ? { same: false, personId: id } : null;
}

/** Duplicate control against the whole region, as the person form runs it. */
async function matchPerson(
  tx: Tx,
  grants: Grant[],
  p: Person,
): Promise<{ personId: string } | { held: string; score: number } | null> {
  const exact = await findExactDuplicate(tx, p);
  if (exact) return { personId: exact.personId };
  const [best] = await findCandidates(tx, grants, p);
  if (!best) return null;
  return best.score >= STRONG_MATCH ? { personId: best.id } : { held: best.id, score: best.score };
}

type Placement = { unitId: string; programmeId: string | null; from: string };

/** The class or group by its name in the academic year of today (or the latest one that has it). */
async function findUnit(
  tx: Tx,
  organizationId: string,
  p: ParsedRow,
  today: string,
): Promise<Placement | { errors: CellError[] }> {
  const unit = await sql<{ id: string; programme_id: string | null; starts_on: string }>`
    SELECT u.id, u.programme_id, y.starts_on FROM units u JOIN academic_years y ON y.id = u.academic_year_id
     WHERE u.organization_id = ${organizationId} AND lower(u.name) = lower(${p.unit})
     ORDER BY (${today}::date BETWEEN y.starts_on AND y.ends_on) DESC, y.starts_on DESC LIMIT 1`.execute(tx);
  const u = unit.rows[0];
  if (!u)
    return {
      errors: [
        { column: 'unit', message: `Класс (группа) «${p.unit.slice(0, 50)}» не заведен в организации` },
      ],
    };
  let programmeId = u.programme_id;
  if (p.programme) {
    const prog = await sql<{ id: string }>`
      SELECT id FROM education_programmes WHERE organization_id = ${organizationId}
         AND lower(name) = lower(${p.programme}) ORDER BY created_at LIMIT 1`.execute(tx);
    if (!prog.rows[0])
      return {
        errors: [
          {
            column: 'programme',
            message: `Программа «${p.programme.slice(0, 60)}» не заведена в организации`,
          },
        ],
      };
    programmeId = prog.rows[0].id;
  }
  // biome-ignore lint/complexity/useMathMinMax: ISO dates are strings; Math.max would make them NaN
  const from = p.startedOn > u.starts_on ? p.startedOn : u.starts_on;
  return { unitId: u.id, programmeId, from };
}

/** The enrollment and the placement in the unit, unless the learner already studies here. */
async function enroll(tx: Tx, ctx: Ctx, t: ImportTarget, personId: string, startedOn: string, pl: Placement) {
  const active = await sql<{ id: string }>`
    SELECT id FROM enrollments WHERE person_id = ${personId} AND organization_id = ${t.organizationId}
       AND ended_on IS NULL LIMIT 1`.execute(tx);
  if (active.rows[0]) return;
  const e = await tx
    .insertInto('enrollments')
    .values({
      person_id: personId,
      organization_id: t.organizationId,
      programme_id: pl.programmeId,
      started_on: startedOn,
      created_by: ctx.actor!.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('placements')
    .values({ enrollment_id: e.id, unit_id: pl.unitId, valid_from: pl.from })
    .execute();
  await auditInTx(tx, ctx, {
    action: 'person.enroll',
    objectType: 'person',
    objectId: personId,
    subjectIds: [personId],
    grant: t.grant,
    details: { enrollmentId: e.id, organizationId: t.organizationId, importId: t.id },
  });
}

/** Whether the region has the row's representative, outside the uploader's scope. */
async function representativeOutOfScope(
  tx: Tx,
  t: ImportTarget,
  rep: NonNullable<ParsedRow['representative']>,
) {
  const { relation: _r, authorityDocument: _a, ...person } = rep;
  const exact = await findExactDuplicate(tx, person);
  let id = exact?.personId ?? null;
  if (!id) {
    const [best] = await findCandidates(tx, t.grants, person);
    if (best && best.score >= STRONG_MATCH) id = best.id;
  }
  return id !== null && !(await inScope(tx, t.grants, id));
}

/** The representative: the same person if the region has them (СНИЛС, document, strong match), else a new one. */
async function addRepresentative(
  tx: Tx,
  ctx: Ctx,
  t: ImportTarget,
  learnerId: string,
  rep: NonNullable<ParsedRow['representative']>,
): Promise<string | null> {
  const { relation, authorityDocument, ...person } = rep;
  const exact = await findExactDuplicate(tx, person, 'body', learnerId);
  let id = exact?.personId ?? null;
  if (!id) {
    const [best] = await findCandidates(tx, t.grants, person, learnerId);
    if (best && best.score >= STRONG_MATCH) id = best.id;
  }
  if (id && !(await inScope(tx, t.grants, id))) return null;
  const fresh = !id;
  if (!id) id = await insertPersonRow(tx, ctx, person);
  const linked = await sql<{ id: string }>`
    SELECT id FROM representations WHERE learner_id = ${learnerId} AND representative_id = ${id}
       AND revoked_at IS NULL LIMIT 1`.execute(tx);
  if (!linked.rows[0]) {
    const link = await insertRepresentation(tx, ctx, {
      learnerId,
      representativeId: id,
      relation,
      authorityDocument,
    });
    // As any link, a version of the learner's record: its history says the representative was added.
    await bumpPersonVersion(tx, ctx, learnerId);
    // A new representative enters the uploader's scope through the link.
    if (fresh) await recordCreated(tx, ctx, t.grants, id, t.grant);
    const card = await readPersonCard(tx, learnerId, t.grants);
    if (card)
      await recordLinkAdded(tx, ctx, card, { linkId: link.id, representativeId: id, relation }, [
        learnerId,
        id,
      ]);
  }
  return id;
}
