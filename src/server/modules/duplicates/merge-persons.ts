import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';
import { recordChange } from '../../platform/history.ts';
import { canWriteHealth, hideHealth } from '../person-health/health-presenter.ts';
import { outsideFullScope } from '../persons/full-scope.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { personAudience } from '../persons/person.presenter.ts';
import { personSnapshot, readPersonCard } from '../persons/person-card.ts';
import { DuplicateActions } from './duplicates.policy.ts';
import { applyEnrollmentChoice } from './merge-enrollments.ts';
import { moveRows, summarize } from './merge-rows.ts';
import { lockPersons, type MergeRecord, mergeView, type PersonState, UNSCOPED } from './merges.queries.ts';

export type MergeInput = {
  mergedId: string;
  reason: string;
  version: number;
  mergedVersion: number;
  keepEnrollmentIds?: string[] | undefined;
};

const state = (p: PersonState): PersonState => ({
  snils: p.snils,
  status: p.status,
  merged_into_id: p.merged_into_id,
  version: p.version,
});

/**
 * Merges a duplicate into the survivor in one transaction: every row of the duplicate moves to the
 * survivor (or is revoked, invalidated or dropped when the survivor already has it), the duplicate stays
 * as an alias (status 'merged'), and the merge record keeps each touched row before and after, so undo
 * can restore it exactly. Both records must be in the actor's full scope (a merge must not pull a record
 * in); health rows move only when the actor may write health data of both, else they stay behind.
 */
export const mergePersons = (ctx: Ctx, survivorId: string, input: MergeInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = DuplicateActions['person.merge'];
    const grants = authorize(ctx.actor!, action);
    const actor = ctx.actor!.userId;
    const [sId, mId] = [survivorId.toLowerCase(), input.mergedId.toLowerCase()];
    const survivor = await loadPersonCard(ctx, tx, sId, grants, action);
    const merged = await loadPersonCard(ctx, tx, mId, grants, action);
    // A readable card is not enough (a limited view of a former pupil): both need full access.
    const outside = await outsideFullScope(tx, [...new Set([survivor.id, merged.id])], grants);
    if (outside.length > 0) {
      const denied = outside[0] === survivor.id ? survivorId : input.mergedId;
      throw notFound('Запись о человеке').audited(action, 'person', denied);
    }
    if (survivor.id === merged.id) {
      throw new AppError('business_rule', 'Запись нельзя объединить саму с собой', [
        { path: 'body.mergedId', code: 'same', message: 'Выберите другую запись' },
      ]);
    }
    for (const [card, id, path] of [
      [survivor, sId, 'params.id'],
      [merged, mId, 'body.mergedId'],
    ] as const) {
      if (card.id !== id) {
        throw new AppError('conflict', 'Запись уже объединена с другой', [
          { path, code: 'merged', message: `Запись объединена с ${card.id}` },
        ]);
      }
    }
    const locked = await lockPersons(tx, [sId, mId]);
    const s = locked.get(sId)!;
    const m = locked.get(mId)!;
    if (s.version !== input.version) throw versionConflict(s.version);
    if (m.version !== input.mergedVersion) {
      const e = versionConflict(m.version);
      throw new AppError(e.code, e.detail, [{ ...e.errors[0]!, path: 'mergedVersion' }], e.extra);
    }
    if (s.snils && m.snils && s.snils !== m.snils) {
      throw new AppError('business_rule', 'У записей разные СНИЛС: это могут быть разные люди', [
        { path: 'body.mergedId', code: 'snils_differs', message: 'Исправьте СНИЛС в одной из записей' },
      ]);
    }
    // Decided before anything moves: afterwards the merged record is in nobody's scope.
    const health = await canWriteHealth(ctx, tx, [sId, mId]);
    // The clerk's choice first: the registry's rules then see the enrollments as they will stay.
    const ended = await applyEnrollmentChoice(tx, [sId, mId], input.keepEnrollmentIds);
    const now = new Date();
    const mAfter: PersonState = {
      ...state(m),
      status: 'merged',
      merged_into_id: sId,
      version: m.version + 1,
    };
    const sAfter: PersonState = { ...state(s), snils: s.snils ?? m.snils, version: s.version + 1 };
    // The duplicate leaves the active set first, so its СНИЛС may pass to the survivor under the
    // unique index on active СНИЛС.
    await tx
      .updateTable('persons')
      .set({
        status: 'merged',
        merged_into_id: sId,
        version: mAfter.version,
        updated_at: now,
        updated_by: actor,
      })
      .where('id', '=', mId)
      .execute();
    const rows = [...ended, ...(await moveRows(tx, { survivor: sId, merged: mId }, actor, { health }))];
    await tx
      .updateTable('persons')
      .set({ snils: sAfter.snils, version: sAfter.version, updated_at: now, updated_by: actor })
      .where('id', '=', sId)
      .execute();
    const record: MergeRecord = {
      format: 1,
      health,
      survivor: { before: state(s), after: sAfter },
      merged: { before: state(m), after: mAfter },
      rows,
    };
    const merge = await tx
      .insertInto('person_merges')
      .values({
        survivor_id: sId,
        merged_id: mId,
        reason: input.reason,
        moved: JSON.stringify(record),
        merged_by: actor,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const moved = summarize(rows);
    await recordChange(tx, {
      entityType: 'person',
      entityId: sId,
      version: sAfter.version,
      action: 'merge',
      actorUserId: actor,
      before: personSnapshot(survivor),
      after: {
        ...personSnapshot((await readPersonCard(tx, sId, UNSCOPED))!),
        merge: { mergeId: merge.id, mergedId: mId, moved },
      },
    });
    await recordChange(tx, {
      entityType: 'person',
      entityId: mId,
      version: mAfter.version,
      action: 'merged_into',
      actorUserId: actor,
      before: personSnapshot(merged),
      after: {
        ...personSnapshot((await readPersonCard(tx, mId, UNSCOPED))!),
        merge: { mergeId: merge.id, survivorId: sId },
      },
    });
    await auditInTx(tx, ctx, {
      action: 'person.merge',
      objectType: 'person',
      objectId: sId,
      subjectIds: [sId, mId],
      // The audit log is read by roles without the health permission: it says whether health rows
      // could move, not which ones did.
      details: { mergeId: merge.id, mergedId: mId, moved: hideHealth({ health: false })(moved), health },
    });
    const audience = await personAudience(ctx, tx, sId, grants);
    return {
      merge: mergeView(merge, audience),
      person: await loadPersonCard(ctx, tx, sId, grants, action),
    };
  });
