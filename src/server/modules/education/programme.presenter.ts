import type { Selectable } from 'kysely';
import { OKSO_SPO } from '../../../common/education-dictionary.ts';
import type { EducationProgrammes } from '../../platform/db/schema.ts';

export const presentProgramme = (p: Selectable<EducationProgrammes>) => ({
  id: p.id,
  organizationId: p.organization_id,
  name: p.name,
  level: p.level,
  focus: p.focus,
  additionalKind: p.additional_kind,
  spoType: p.spo_type,
  oksoCode: p.okso_code,
  oksoName: p.okso_code ? (OKSO_SPO.get(p.okso_code) ?? null) : null,
  qualification: p.qualification,
  baseGrade: p.base_grade as 9 | 11 | null,
  adapted: p.adapted,
  distance: p.distance,
  durationMonths: p.duration_months,
  version: p.version,
});
export type ProgrammeView = ReturnType<typeof presentProgramme>;

/** What the history keeps of a programme version. */
export const programmeSnapshot = (p: ProgrammeView) => {
  const { id: _id, version: _v, oksoName: _n, ...rest } = p;
  return rest as Record<string, unknown>;
};
