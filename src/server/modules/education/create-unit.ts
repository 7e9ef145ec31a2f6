import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { EducationActions as A } from './education.policy.ts';
import type { CreateUnitInput } from './education.schemas.ts';
import { organizationForAction } from './education-scope.ts';
import { presentUnit, unitSnapshot } from './unit.presenter.ts';
import { checkUnit, unitValues } from './unit-rules.ts';
import { programmeName, programmeRef, requireYear } from './units.queries.ts';

/** Adds a class, group, association or study group to an organization's academic year. */
export const createUnit = (ctx: Ctx, organizationId: string, input: CreateUnitInput) =>
  withTransaction(ctx.db, async (tx) => {
    const org = await organizationForAction(ctx, tx, organizationId, A['unit.write']);
    await requireYear(tx, input.academicYearId, 'body.academicYearId');
    const programme = await programmeRef(tx, input.programmeId);
    const draft = checkUnit(input, org.kind, programme, org.id);
    const row = await tx
      .insertInto('units')
      .values({
        organization_id: org.id,
        academic_year_id: input.academicYearId,
        kind: input.kind,
        ...unitValues(draft),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentUnit(row, await programmeName(tx, row.programme_id));
    await recordWrite(
      tx,
      ctx,
      { type: 'unit', id: view.id, version: 1, change: 'create', before: null, after: unitSnapshot(view) },
      { action: 'unit.create', grant: org.grant },
    );
    return view;
  });
