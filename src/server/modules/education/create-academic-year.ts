import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { invalidField } from '../../platform/errors.ts';
import { presentYear } from './academic-years.queries.ts';
import { EducationActions as A } from './education.policy.ts';
import type { CreateAcademicYearInput } from './education.schemas.ts';
import { regionToday } from './region-today.ts';

/** Opens an academic year for the whole region: 1 September to 31 August unless the region says otherwise. */
export const createAcademicYear = (ctx: Ctx, input: CreateAcademicYearInput) =>
  withTransaction(ctx.db, async (tx) => {
    const [grant] = authorize(ctx.actor!, A['academicYear.create']);
    const startsOn = input.startsOn ?? `${input.startYear}-09-01`;
    const endsOn = input.endsOn ?? `${input.startYear + 1}-08-31`;
    if (startsOn.slice(0, 4) !== String(input.startYear)) {
      throw invalidField('body.startsOn', 'Дата начала должна быть в году начала учебного года');
    }
    if (endsOn <= startsOn) throw invalidField('body.endsOn', 'Дата окончания раньше даты начала');
    const row = await tx
      .insertInto('academic_years')
      .values({ starts_on: startsOn, ends_on: endsOn })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditInTx(tx, ctx, {
      action: 'academicYear.create',
      objectType: 'academic_year',
      objectId: row.id,
      grant: grant ?? null,
      details: { startsOn, endsOn },
    });
    return presentYear(
      { id: row.id, starts_on: startsOn, ends_on: endsOn },
      regionToday(ctx.config.timeZone),
    );
  });
