/** The two steps every new person goes through: duplicate control with the insert, then its first version. */
import type { CreatePersonInput } from '../../../common/schemas/person.ts';
import type { Grant } from '../../platform/access/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { spendMatchToken } from '../access-requests/match-tokens.ts';
import { DuplicateFound } from './duplicate-answer.ts';
import { findCandidates, findExactDuplicate } from './find-duplicates.ts';
import { personSnapshot, readPersonCard } from './person-card.ts';
import { writePersonParts } from './person-parts.ts';

export type NewPerson = Omit<CreatePersonInput, 'enrollment' | 'duplicateResolution' | 'representative'>;

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
  /** A person written earlier in the same transaction, who is not a duplicate of this one. */
  exceptId?: string,
): Promise<string> {
  const exact = await findExactDuplicate(tx, p, path, exceptId);
  if (exact) throw new DuplicateFound({ kind: 'exact', exact });
  const candidates = await findCandidates(tx, grants, p, exceptId);
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
  const row = { id: await insertPersonRow(tx, ctx, p) };
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

/**
 * The person row and its parts, with no duplicate control of its own: the caller has run it (insertPerson
 * above, or a parent's filing, which matches the children they already represent and refuses an exact
 * duplicate). The identity constraints still have the last word on a race.
 */
export async function insertPersonRow(tx: Tx, ctx: Ctx, p: NewPerson): Promise<string> {
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
