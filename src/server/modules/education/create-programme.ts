import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { EducationActions as A } from './education.policy.ts';
import type { CreateProgrammeInput } from './education.schemas.ts';
import { organizationForAction } from './education-scope.ts';
import { presentProgramme, programmeSnapshot } from './programme.presenter.ts';
import { checkProgramme } from './programme-rules.ts';
import { programmeValues } from './programme-values.ts';

/** Adds an educational programme to an organization in the actor's scope. */
export const createProgramme = (ctx: Ctx, organizationId: string, input: CreateProgrammeInput) =>
  withTransaction(ctx.db, async (tx) => {
    const org = await organizationForAction(ctx, tx, organizationId, A['programme.write']);
    checkProgramme(input, org.kind);
    const row = await tx
      .insertInto('education_programmes')
      .values({ organization_id: org.id, ...programmeValues(input) })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentProgramme(row);
    await recordWrite(
      tx,
      ctx,
      {
        type: 'education_programme',
        id: view.id,
        version: 1,
        change: 'create',
        before: null,
        after: programmeSnapshot(view),
      },
      { action: 'programme.create', grant: org.grant },
    );
    return view;
  });
