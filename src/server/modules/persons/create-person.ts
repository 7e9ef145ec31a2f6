import type { CreatePersonInput } from '../../../common/schemas/person.ts';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { spendMatchToken } from '../access-requests/match-tokens.ts';
import { answeringDuplicates, DuplicateFound } from './duplicate-answer.ts';
import { findCandidates, findExactDuplicate } from './find-duplicates.ts';
import { cardSubjects, personSnapshot, readPersonCard } from './person-card.ts';
import { writePersonParts } from './person-parts.ts';
import { coversRegion } from './person-scope.ts';
import { PersonActions } from './persons.policy.ts';

type NewPerson = Omit<CreatePersonInput, 'enrollment' | 'duplicateResolution'>;

/**
 * Duplicate control before any insert: an exact match on СНИЛС or document is refused outright;
 * fuzzy candidates must be answered by a stated reason, which is kept so the report skips them.
 * Refusals are thrown as DuplicateFound: the caller answers them through answeringDuplicates,
 * which shows only what the caller's scope allows and audits the answer.
 */
export async function insertPerson(
  tx: Tx,
  ctx: Ctx,
  grants: Grant[],
  p: NewPerson,
  resolution: CreatePersonInput['duplicateResolution'],
  path = 'body',
): Promise<string> {
  const exact = await findExactDuplicate(tx, p, path);
  if (exact) throw new DuplicateFound({ kind: 'exact', exact });
  const candidates = await findCandidates(tx, grants, p);
  if (candidates.length > 0) {
    const answered = new Set(resolution?.candidateIds ?? []);
    // A spent token is spent for good only if this insert commits.
    for (const token of resolution?.matchTokens ?? []) {
      const personId = await spendMatchToken(tx, ctx.actor!.userId, token);
      if (personId) answered.add(personId);
    }
    if (!candidates.every((c) => answered.has(c.id)))
      throw new DuplicateFound({ kind: 'candidates', candidates, path });
  }
  const row = await tx
    .insertInto('persons')
    .values({
      last_name: p.lastName,
      first_name: p.firstName,
      middle_name: p.middleName ?? null,
      birth_date: p.birthDate,
      birth_place: p.birthPlace ?? null,
      sex: p.sex,
      citizenship_codes: p.citizenship.codes,
      stateless: p.citizenship.stateless,
      snils: p.snils ?? null,
      created_by: ctx.actor!.userId,
      updated_by: ctx.actor!.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writePersonParts(tx, row.id, p, ctx.actor!.userId);
  if (resolution && candidates.length > 0) {
    await tx
      .insertInto('person_distinctions')
      .values(
        candidates.map((c) => {
          // Pairs are stored in uuid order, so (a, b) and (b, a) are one row.
          const [a, b] = [c.id, row.id].sort() as [string, string];
          return { person_a: a, person_b: b, reason: resolution.reason, decided_by: ctx.actor!.userId };
        }),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return row.id;
}

/** Writes the first history version of a new person and the audit record. */
export async function recordCreated(tx: Tx, ctx: Ctx, grants: Grant[], id: string, grant: Grant) {
  const card = (await readPersonCard(tx, id, grants))!;
  await recordWrite(
    tx,
    ctx,
    { type: 'person', id, version: 1, change: 'create', before: null, after: personSnapshot(card) },
    {
      action: 'person.create',
      subjectIds: [id],
      grant,
    },
  );
  return card;
}

/** Registers a learner, normally together with the enrollment that puts it in the operator's scope. */
export const createPerson = (ctx: Ctx, input: CreatePersonInput) => {
  const grants = authorize(ctx.actor!, PersonActions['person.create']);
  return answeringDuplicates(
    ctx,
    grants,
    () => insertWithEnrollment(ctx, grants, input),
    () => findExactDuplicate(ctx.db, input),
  );
};

const insertWithEnrollment = (ctx: Ctx, grants: Grant[], input: CreatePersonInput) =>
  withTransaction(ctx.db, async (tx) => {
    let grant = grants[0]!;
    if (input.enrollment) {
      const covering = await grantCovering(tx, grants, input.enrollment.organizationId);
      if (!covering) throw forbidden('Организация вне вашей области доступа');
      grant = covering;
    } else if (!coversRegion(grants)) {
      throw new AppError('validation_failed', 'Укажите организацию, в которой обучается человек', [
        { path: 'body.enrollment', code: 'required', message: 'Укажите организацию' },
      ]);
    }
    const { enrollment, duplicateResolution, ...person } = input;
    const id = await insertPerson(tx, ctx, grants, person, duplicateResolution);
    if (enrollment) {
      await tx
        .insertInto('enrollments')
        .values({
          person_id: id,
          organization_id: enrollment.organizationId,
          started_on: enrollment.startedOn,
          created_by: ctx.actor!.userId,
        })
        .execute();
    }
    const card = await recordCreated(tx, ctx, grants, id, grant);
    return { card, subjects: cardSubjects(card) };
  });
