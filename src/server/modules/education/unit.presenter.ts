import type { Selectable } from 'kysely';
import type { UnitKind } from '../../../common/education-dictionary.ts';
import type { Units } from '../../platform/db/schema.ts';

export const presentUnit = (u: Selectable<Units>, programmeName: string | null = null) => ({
  id: u.id,
  organizationId: u.organization_id,
  academicYearId: u.academic_year_id,
  kind: u.kind as UnitKind,
  name: u.name,
  grade: u.grade,
  letter: u.letter,
  classType: u.class_type,
  profileName: u.profile_name,
  shift: u.shift,
  teachingLanguage: u.teaching_language,
  ageFrom: u.age_from,
  ageTo: u.age_to,
  groupFocus: u.group_focus,
  stayMode: u.stay_mode,
  impairmentType: u.impairment_type,
  programmeId: u.programme_id,
  programmeName,
  course: u.course,
  studyForm: u.study_form,
  funding: u.funding,
  capacity: u.capacity,
  version: u.version,
});
export type UnitView = ReturnType<typeof presentUnit>;

/** What the history keeps of a unit version. */
export const unitSnapshot = (u: UnitView) => {
  const { id: _id, version: _v, programmeName: _p, ...rest } = u;
  return rest as Record<string, unknown>;
};
