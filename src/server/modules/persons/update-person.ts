import type { UpdatePersonInput } from '../../../common/schemas/person.ts';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { versionConflict } from '../../platform/errors.ts';
import { diff } from '../../platform/history.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { answeringDuplicates, DuplicateFound, presentCandidatesInTx } from './duplicate-answer.ts';
import { findCandidates, findExactDuplicate } from './find-duplicates.ts';
import { loadPersonCard } from './load-person.ts';
import { cardSubjects, personSnapshot, readPersonCard } from './person-card.ts';
import { writePersonParts } from './person-parts.ts';
import { PersonActions } from './persons.policy.ts';

/**
 * Edits a person under optimistic locking: the row is locked, the version the edit was based on
 * must be the current one (409 otherwise), and every change writes a version with its diff.
 */
export const updatePerson = (ctx: Ctx, id: string, input: UpdatePersonInput) => {
  const grants = authorize(ctx.actor!, PersonActions['person.update']);
  const identifiers = { snils: input.snils ?? undefined, documents: input.documents?.filter((d) => !d.id) };
  return answeringDuplicates(
    ctx,
    grants,
    () => updateInTx(ctx, grants, id, input),
    () => findExactDuplicate(ctx.db, identifiers, 'body', id),
  );
};

const updateInTx = (ctx: Ctx, grants: Grant[], id: string, input: UpdatePersonInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = PersonActions['person.update'];
    const before = await loadPersonCard(ctx, tx, id, grants, action);
    const locked = await tx
      .selectFrom('persons')
      .select(['version', 'status'])
      .where('id', '=', before.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.version !== input.version || before.id !== id) throw versionConflict(locked.version);
    const exact = await findExactDuplicate(
      tx,
      { snils: input.snils ?? undefined, documents: input.documents?.filter((d) => !d.id) },
      'body',
      id,
    );
    if (exact) throw new DuplicateFound({ kind: 'exact', exact });
    const set: Record<string, unknown> = {};
    const map = {
      lastName: 'last_name',
      firstName: 'first_name',
      middleName: 'middle_name',
      birthDate: 'birth_date',
      birthPlace: 'birth_place',
      sex: 'sex',
      snils: 'snils',
    } as const;
    for (const [k, col] of Object.entries(map)) {
      const v = input[k as keyof typeof map];
      if (v !== undefined) set[col] = v;
    }
    if (input.citizenship) {
      set.citizenship_codes = input.citizenship.codes;
      set.stateless = input.citizenship.stateless;
    }
    await writePersonParts(tx, id, input, ctx.actor!.userId);
    await tx
      .updateTable('persons')
      .set({ ...set, version: locked.version + 1, updated_at: new Date(), updated_by: ctx.actor!.userId })
      .where('id', '=', id)
      .execute();
    const after = (await readPersonCard(tx, id, grants))!;
    const changes = diff(personSnapshot(before), personSnapshot(after));
    await recordWrite(
      tx,
      ctx,
      {
        type: 'person',
        id,
        version: after.version,
        change: 'update',
        before: personSnapshot(before),
        after: personSnapshot(after),
      },
      {
        action: 'person.update',
        // The answer is the whole card: every linked person whose data it shows is a subject.
        subjectIds: cardSubjects(after),
        details: { fields: changes.map((c) => c.field) },
      },
    );
    // Name or birth-date edits can create a new near-duplicate; the operator is told, not blocked.
    const found =
      input.lastName || input.firstName || input.middleName !== undefined || input.birthDate
        ? await findCandidates(tx, grants, after, id)
        : [];
    const candidates = await presentCandidatesInTx(tx, ctx, grants, found);
    return { card: after, subjects: cardSubjects(after), candidates };
  });
