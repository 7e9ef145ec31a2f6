import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { versionConflict } from '../../platform/errors.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { EducationActions as A } from './education.policy.ts';
import type { UpdateProgrammeInput } from './education.schemas.ts';
import { programmeForAction } from './education-scope.ts';
import { presentProgramme, programmeSnapshot } from './programme.presenter.ts';
import { checkProgramme } from './programme-rules.ts';
import { programmeValues } from './programme-values.ts';

/** Edits a programme: the merged result is checked as a whole, since the attributes go together by level. */
export const updateProgramme = (ctx: Ctx, id: string, input: UpdateProgrammeInput) =>
  withTransaction(ctx.db, async (tx) => {
    const { programme, grant } = await programmeForAction(ctx, tx, id, A['programme.write'], true);
    if (programme.version !== input.version) throw versionConflict(programme.version);
    const before = presentProgramme(programme);
    const { version: _v, ...changes } = input;
    const merged = { ...before, ...changes };
    checkProgramme(merged, programme.organization_kind);
    const row = await tx
      .updateTable('education_programmes')
      .set({ ...programmeValues(merged), version: programme.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentProgramme(row);
    await recordWrite(
      tx,
      ctx,
      {
        type: 'education_programme',
        id,
        version: view.version,
        change: 'update',
        before: programmeSnapshot(before),
        after: programmeSnapshot(view),
      },
      { action: 'programme.update', grant },
    );
    return view;
  });
