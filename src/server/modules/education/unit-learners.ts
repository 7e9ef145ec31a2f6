import { sql } from 'kysely';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { EducationActions as A } from './education.policy.ts';
import { unitForAction } from './education-scope.ts';
import { regionToday } from './region-today.ts';
import { presentUnit } from './unit.presenter.ts';
import { programmeName } from './units.queries.ts';

// Alphabetical as a Russian reader expects: ё with е, Cyrillic case folded whatever the database locale.
const UPPER = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё';
const LOWER = 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе';

/**
 * The learners placed in a unit on a date, with their enrollment status on that date: from the dated
 * placements and status periods only, so any past date shows what the registry knew for it. A read of
 * personal data, audited with the persons shown.
 */
export async function unitLearnersAsOf(ctx: Ctx, unitId: string, asOf: string | undefined) {
  const { unit, grant } = await unitForAction(ctx, ctx.db, unitId, A['unit.learners.read']);
  const on = asOf ?? regionToday(ctx.config.timeZone);
  const r = await sql<{
    person_id: string;
    enrollment_id: string;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    birth_date: string;
    status: 'enrolled';
    placed_on: string;
  }>`
    SELECT e.person_id, e.id AS enrollment_id, p.last_name, p.first_name, p.middle_name,
           p.birth_date::text AS birth_date, st.status, pl.valid_from::text AS placed_on
      FROM placements pl
      JOIN enrollments e ON e.id = pl.enrollment_id
      JOIN persons p ON p.id = e.person_id AND p.status = 'active'
      JOIN enrollment_status_periods st ON st.enrollment_id = e.id
       AND st.valid_from <= ${on}::date AND (st.valid_to IS NULL OR st.valid_to > ${on}::date)
     WHERE pl.unit_id = ${unit.id}::uuid AND st.status <> 'exited'
       AND pl.valid_from <= ${on}::date AND (pl.valid_to IS NULL OR pl.valid_to > ${on}::date)
     ORDER BY translate(lower(concat_ws(' ', p.last_name, p.first_name, p.middle_name)), ${UPPER}::text, ${LOWER}::text),
              e.id`.execute(ctx.db);
  const items = r.rows.map((x) => ({
    personId: x.person_id,
    enrollmentId: x.enrollment_id,
    lastName: x.last_name,
    firstName: x.first_name,
    middleName: x.middle_name,
    birthDate: x.birth_date,
    status: x.status,
    placedOn: x.placed_on,
  }));
  await auditNow(ctx, {
    action: 'unit.learners.read',
    objectType: 'unit',
    objectId: unit.id,
    grant,
    subjectIds: items.map((i) => i.personId),
    details: { asOf: on, count: items.length },
  });
  return { unit: presentUnit(unit, await programmeName(ctx.db, unit.programme_id)), asOf: on, items };
}
