import type { CreateProgrammeInput } from './education.schemas.ts';

/** The row of a programme from the request, with the absent attributes of other levels as nulls. */
export const programmeValues = (p: CreateProgrammeInput) => ({
  name: p.name,
  level: p.level,
  focus: p.focus ?? null,
  additional_kind: p.additionalKind ?? null,
  spo_type: p.spoType ?? null,
  okso_code: p.oksoCode ?? null,
  qualification: p.qualification ?? null,
  base_grade: p.baseGrade ?? null,
  adapted: p.adapted ?? false,
  distance: p.distance ?? false,
  duration_months: p.durationMonths,
});
