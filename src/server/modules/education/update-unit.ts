import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { versionConflict } from '../../platform/errors.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { EducationActions as A } from './education.policy.ts';
import type { UpdateUnitInput } from './education.schemas.ts';
import { unitForAction } from './education-scope.ts';
import { presentUnit, unitSnapshot } from './unit.presenter.ts';
import { checkUnit, className, unitValues } from './unit-rules.ts';
import { programmeName, programmeRef } from './units.queries.ts';

/**
 * Edits a unit; its kind and year stay. A class whose grade or letter changes without a new name is
 * renamed after them, unless it had a name of its own.
 */
export const updateUnit = (ctx: Ctx, id: string, input: UpdateUnitInput) =>
  withTransaction(ctx.db, async (tx) => {
    const { unit, grant } = await unitForAction(ctx, tx, id, A['unit.write'], true);
    if (unit.version !== input.version) throw versionConflict(unit.version);
    const before = presentUnit(unit, await programmeName(tx, unit.programme_id));
    const { version: _v, ...changes } = input;
    const merged = { ...before, ...changes };
    const autoNamed = unit.grade != null && unit.name === className(unit.grade, unit.letter);
    if (unit.kind === 'class' && input.name === undefined && autoNamed) merged.name = '';
    const draft = checkUnit(
      merged,
      unit.organization_kind,
      await programmeRef(tx, merged.programmeId),
      unit.organization_id,
    );
    const row = await tx
      .updateTable('units')
      .set({ ...unitValues(draft), version: unit.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentUnit(row, await programmeName(tx, row.programme_id));
    await recordWrite(
      tx,
      ctx,
      {
        type: 'unit',
        id,
        version: view.version,
        change: 'update',
        before: unitSnapshot(before),
        after: unitSnapshot(view),
      },
      { action: 'unit.update', grant },
    );
    return view;
  });
