import type { UnitOption } from '../../api/education.ts';
import type { ApiBody } from '../../api/http.ts';

/** The form's text values, keyed by the API's field names so server messages land on them. */
export type UnitValues = {
  kind: string;
  name: string;
  grade: string;
  letter: string;
  classType: string;
  profileName: string;
  shift: string;
  teachingLanguage: string;
  ageFrom: string;
  ageTo: string;
  groupFocus: string;
  stayMode: string;
  impairmentType: string;
  programmeId: string;
  course: string;
  studyForm: string;
  funding: string;
  capacity: string;
};

const s = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export const emptyUnit = (kind: string): UnitValues => ({
  kind,
  name: '',
  grade: '',
  letter: '',
  classType: kind === 'class' ? 'general' : '',
  profileName: '',
  shift: kind === 'class' ? '1' : '',
  teachingLanguage: kind === 'class' ? 'русский' : '',
  ageFrom: '',
  ageTo: '',
  groupFocus: kind === 'group' ? 'general' : '',
  stayMode: kind === 'group' ? 'full' : '',
  impairmentType: '',
  programmeId: '',
  course: kind === 'study_group' ? '1' : '',
  studyForm: kind === 'study_group' ? 'full_time' : '',
  funding: kind === 'study_group' ? 'budget' : '',
  capacity: '',
});

export const unitValues = (u: UnitOption): UnitValues => ({
  kind: u.kind,
  name: u.name,
  grade: s(u.grade),
  letter: s(u.letter),
  classType: s(u.classType),
  profileName: s(u.profileName),
  shift: s(u.shift),
  teachingLanguage: s(u.teachingLanguage),
  ageFrom: s(u.ageFrom),
  ageTo: s(u.ageTo),
  groupFocus: s(u.groupFocus),
  stayMode: s(u.stayMode),
  impairmentType: s(u.impairmentType),
  programmeId: s(u.programmeId),
  course: s(u.course),
  studyForm: s(u.studyForm),
  funding: s(u.funding),
  capacity: s(u.capacity),
});

/** The fields each kind of unit has (unit-rules.ts on the server refuses the others). */
export const KIND_FIELDS: Record<string, (keyof UnitValues)[]> = {
  class: ['grade', 'letter', 'classType', 'profileName', 'shift', 'teachingLanguage', 'programmeId'],
  group: ['ageFrom', 'ageTo', 'groupFocus', 'stayMode', 'impairmentType', 'programmeId'],
  association: ['programmeId'],
  study_group: ['programmeId', 'course', 'studyForm', 'funding'],
};

const NUMBERS = new Set<keyof UnitValues>(['grade', 'shift', 'ageFrom', 'ageTo', 'course', 'capacity']);

/**
 * The request body: the kind's own fields, numbers as numbers (a text that is not one goes as it is, for
 * the server to name the field), empty as null.
 */
export function unitBody(v: UnitValues): Omit<ApiBody<'createUnit'>, 'academicYearId' | 'kind'> {
  const out: Record<string, unknown> = {};
  const keys: (keyof UnitValues)[] = ['name', 'capacity', ...(KIND_FIELDS[v.kind] ?? [])];
  for (const k of keys) {
    const raw = v[k].trim();
    if (k === 'name') {
      if (raw) out.name = raw;
      continue;
    }
    out[k] = raw === '' ? null : NUMBERS.has(k) && /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return out as Omit<ApiBody<'createUnit'>, 'academicYearId' | 'kind'>;
}
