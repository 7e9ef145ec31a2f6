import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { EducationActions as A } from './education.policy.ts';
import { programmeForAction } from './education-scope.ts';
import { presentProgramme, programmeSnapshot } from './programme.presenter.ts';

/**
 * Removes a programme entered by mistake. One that units or enrollments already name stays: the
 * learners' histories refer to it (the foreign keys answer 409 if a reference slips in meanwhile).
 */
export const deleteProgramme = (ctx: Ctx, id: string) =>
  withTransaction(ctx.db, async (tx) => {
    const { programme, grant } = await programmeForAction(ctx, tx, id, A['programme.write'], true);
    const used = await tx
      .selectFrom('units')
      .select('id')
      .where('programme_id', '=', id)
      .unionAll(tx.selectFrom('enrollments').select('id').where('programme_id', '=', id))
      .limit(1)
      .executeTakeFirst();
    if (used) {
      throw new AppError(
        'conflict',
        'Программа уже указана в объединениях, группах или зачислениях и не может быть удалена',
      );
    }
    await tx.deleteFrom('education_programmes').where('id', '=', id).execute();
    const view = presentProgramme(programme);
    await recordWrite(
      tx,
      ctx,
      {
        type: 'education_programme',
        id,
        version: programme.version + 1,
        change: 'delete',
        before: programmeSnapshot(view),
        after: {},
      },
      { action: 'programme.delete', grant },
    );
  });
