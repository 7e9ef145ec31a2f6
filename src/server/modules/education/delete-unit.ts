import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { EducationActions as A } from './education.policy.ts';
import { unitForAction } from './education-scope.ts';
import { presentUnit, unitSnapshot } from './unit.presenter.ts';

/** Removes a unit created by mistake; one that anyone was ever placed in stays for the histories. */
export const deleteUnit = (ctx: Ctx, id: string) =>
  withTransaction(ctx.db, async (tx) => {
    const { unit, grant } = await unitForAction(ctx, tx, id, A['unit.write'], true);
    const used = await tx
      .selectFrom('placements')
      .select('id')
      .where('unit_id', '=', id)
      .unionAll(tx.selectFrom('movements').select('id').where('unit_id', '=', id))
      .unionAll(tx.selectFrom('units').select('id').where('copied_from_unit_id', '=', id))
      .limit(1)
      .executeTakeFirst();
    if (used) {
      throw new AppError(
        'conflict',
        'В класс, группу или объединение уже зачисляли обучающихся, или его скопировали в следующий год: удалить нельзя',
      );
    }
    await tx.deleteFrom('units').where('id', '=', id).execute();
    await recordWrite(
      tx,
      ctx,
      {
        type: 'unit',
        id,
        version: unit.version + 1,
        change: 'delete',
        before: unitSnapshot(presentUnit(unit)),
        after: {},
      },
      { action: 'unit.delete', grant },
    );
  });
