import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, type FieldProblem, forbidden, notFound } from '../../platform/errors.ts';
import { recordChange } from '../../platform/history.ts';
import { canWriteHealth } from '../person-health/health-presenter.ts';
import { outsideFullScope } from '../persons/full-scope.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { personAudience } from '../persons/person.presenter.ts';
import { personSnapshot, readPersonCard } from '../persons/person-card.ts';
import { DuplicateActions } from './duplicates.policy.ts';
import { changedSince, restoreRows } from './merge-rows.ts';
import {
  lockPersons,
  type MergeRecord,
  mergesOf,
  mergeTouchedHealth,
  mergeView,
  UNSCOPED,
} from './merges.queries.ts';

const unsafe = (detail: string, errors: FieldProblem[] = [], extra = {}) =>
  new AppError('conflict', detail, errors, extra);

/**
 * Undoes a merge exactly: every row it touched goes back to its state before the merge, the duplicate
 * becomes an active record again and the survivor gets its СНИЛС back. Refused (409) when that would
 * overwrite later work: a later merge of either record not undone, a survivor edited since (its version
 * moved past the merge's), or any touched row changed since (a link revoked, an enrollment ended…).
 * Version numbers move on rather than back: history is append-only, one row per version.
 * A merge made with the health permission moved health rows, so undoing it needs that permission too.
 */
export const undoMerge = (ctx: Ctx, mergeId: string) =>
  withTransaction(ctx.db, async (tx) => {
    const action = DuplicateActions['person.merge'];
    const grants = authorize(ctx.actor!, action);
    const actor = ctx.actor!.userId;
    const merge = await tx
      .selectFrom('person_merges')
      .selectAll()
      .where('id', '=', mergeId.toLowerCase())
      .forUpdate()
      .executeTakeFirst();
    if (!merge) throw notFound('Объединение записей').audited('person.merge_undo', 'person_merge', mergeId);
    const [sId, mId] = [merge.survivor_id, merge.merged_id];
    // The survivor holds both records' data now: it decides the scope.
    const survivor = await loadPersonCard(ctx, tx, sId, grants, action);
    if ((await outsideFullScope(tx, [survivor.id], grants)).length > 0) {
      throw notFound('Объединение записей').audited('person.merge_undo', 'person_merge', mergeId);
    }
    if (merge.undone_at) throw unsafe('Объединение уже отменено');
    const later = (await mergesOf(tx, [sId, mId])).find(
      (x) => x.id !== merge.id && x.undone_at === null && x.merged_at > merge.merged_at,
    );
    if (later) {
      throw unsafe('Сначала отмените более позднее объединение этих записей', [], { laterMergeId: later.id });
    }
    const rec = merge.moved as MergeRecord;
    // Said of the merge, not of the data: the merge was made with the right, whatever rows it held.
    if (mergeTouchedHealth(rec) && !(await canWriteHealth(ctx, tx, [sId]))) {
      throw forbidden(
        'Объединение выполнено с правом на сведения о здоровье: отменить его может пользователь с этим правом',
      ).audited('person.merge_undo', 'person_merge', merge.id);
    }
    const locked = await lockPersons(tx, [sId, mId]);
    const s = locked.get(sId)!;
    const m = locked.get(mId)!;
    const problems: FieldProblem[] = [];
    if (s.version !== rec.survivor.after.version || s.status !== 'active') {
      problems.push({
        path: 'survivor',
        code: 'changed',
        message: `Запись изменена после объединения (версия ${s.version})`,
      });
    }
    if (m.version !== rec.merged.after.version || m.status !== 'merged' || m.merged_into_id !== sId) {
      problems.push({
        path: 'merged',
        code: 'changed',
        message: 'Объединенная запись изменена после объединения',
      });
    }
    for (const table of await changedSince(tx, rec.rows)) {
      problems.push({
        path: `moved.${table}`,
        code: 'changed',
        message: 'Данные изменены после объединения',
      });
    }
    if (problems.length) {
      throw unsafe('После объединения данные изменились: отмена перезаписала бы эти изменения', problems);
    }
    const mergedBefore = (await readPersonCard(tx, mId, UNSCOPED))!;
    const now = new Date();
    await restoreRows(tx, rec.rows).catch((err: { code?: string }) => {
      if (err.code === '23505')
        throw unsafe('Восстановить данные нельзя: такие документы или связи уже есть');
      throw err;
    });
    // The survivor gives the СНИЛС back before the duplicate rejoins the active set (unique index).
    await tx
      .updateTable('persons')
      .set({ snils: rec.survivor.before.snils, version: s.version + 1, updated_at: now, updated_by: actor })
      .where('id', '=', sId)
      .execute();
    await tx
      .updateTable('persons')
      .set({
        status: rec.merged.before.status as 'active',
        merged_into_id: rec.merged.before.merged_into_id,
        snils: rec.merged.before.snils,
        version: m.version + 1,
        updated_at: now,
        updated_by: actor,
      })
      .where('id', '=', mId)
      .execute();
    const undone = await tx
      .updateTable('person_merges')
      .set({ undone_at: now, undone_by: actor })
      .where('id', '=', merge.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const [id, before, version] of [
      [sId, personSnapshot(survivor), s.version + 1],
      [mId, personSnapshot(mergedBefore), m.version + 1],
    ] as const) {
      await recordChange(tx, {
        entityType: 'person',
        entityId: id,
        version,
        action: 'merge_undo',
        actorUserId: actor,
        before,
        after: { ...personSnapshot((await readPersonCard(tx, id, UNSCOPED))!), mergeUndone: merge.id },
      });
    }
    await auditInTx(tx, ctx, {
      action: 'person.merge_undo',
      objectType: 'person',
      objectId: sId,
      subjectIds: [sId, mId],
      details: { mergeId: merge.id, mergedId: mId },
    });
    const audience = await personAudience(ctx, tx, sId, grants);
    return {
      merge: mergeView(undone, audience),
      person: await loadPersonCard(ctx, tx, sId, grants, action),
    };
  });
