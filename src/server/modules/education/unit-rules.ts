import { UNIT_KINDS_BY_ORGANIZATION, type UnitKind } from '../../../common/education-dictionary.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';

/** A unit as the request describes it, after merging an edit into the stored unit. */
export type UnitDraft = {
  kind: UnitKind;
  name?: string | null | undefined;
  grade?: number | null | undefined;
  letter?: string | null | undefined;
  classType?: string | null | undefined;
  profileName?: string | null | undefined;
  shift?: number | null | undefined;
  teachingLanguage?: string | null | undefined;
  ageFrom?: number | null | undefined;
  ageTo?: number | null | undefined;
  groupFocus?: string | null | undefined;
  stayMode?: string | null | undefined;
  impairmentType?: string | null | undefined;
  programmeId?: string | null | undefined;
  course?: number | null | undefined;
  studyForm?: string | null | undefined;
  funding?: string | null | undefined;
  capacity?: number | null | undefined;
};
export type ProgrammeRef = { organizationId: string; level: string; durationMonths: number } | null;

/** The attributes each kind of unit has; anything else sent for it is a mistake worth saying so. */
const FIELDS: Record<UnitKind, readonly (keyof UnitDraft)[]> = {
  class: ['grade', 'letter', 'classType', 'profileName', 'shift', 'teachingLanguage', 'programmeId'],
  group: ['ageFrom', 'ageTo', 'groupFocus', 'stayMode', 'impairmentType', 'programmeId'],
  association: ['programmeId'],
  study_group: ['programmeId', 'course', 'studyForm', 'funding'],
};
const KIND_SPECIFIC: readonly (keyof UnitDraft)[] = [...new Set(Object.values(FIELDS).flat())];
const PROGRAMME_LEVELS: Record<UnitKind, readonly string[]> = {
  class: ['noo', 'ooo', 'soo'],
  group: ['preschool'],
  association: ['additional'],
  study_group: ['spo'],
};

const issue = (path: string, code: string, message: string): FieldProblem => ({
  path: `body.${path}`,
  code,
  message,
});

/** Years of study of a programme: a 3 years 10 months СПО programme has 4 courses. */
export const programmeCourses = (durationMonths: number) => Math.ceil(durationMonths / 12);

/** «5А»; the «1 дополнительный» class (grade 0) of an adapted programme for intellectual disabilities: «1допА». */
export const className = (grade: number, letter: string | null | undefined) =>
  `${grade === 0 ? '1доп' : grade}${letter ?? ''}`;

/**
 * Checks a unit against its organization's kind and its own kind, and fills the defaults: a class is
 * general and named by grade and letter, a group is общеразвивающая for the full day, a study group
 * is full-time on the budget.
 */
export function checkUnit(
  u: UnitDraft,
  organizationKind: string,
  programme: ProgrammeRef,
  organizationId: string,
) {
  const problems: FieldProblem[] = [];
  const kinds = UNIT_KINDS_BY_ORGANIZATION[organizationKind] ?? [];
  if (!kinds.includes(u.kind)) {
    problems.push(
      issue(
        'kind',
        'kind_not_for_organization',
        'Организация этого вида не ведет такие классы, группы или объединения',
      ),
    );
  }
  for (const f of KIND_SPECIFIC) {
    if (u[f] != null && !FIELDS[u.kind].includes(f)) {
      problems.push(
        issue(f, 'not_for_kind', 'Поле не относится к этому виду класса, группы или объединения'),
      );
    }
  }
  const d: UnitDraft = { ...u };
  if (u.kind === 'class') {
    if (u.grade == null) problems.push(issue('grade', 'required', 'Укажите номер класса'));
    d.classType ??= 'general';
    if (d.classType === 'profile' && !u.profileName) {
      problems.push(issue('profileName', 'required', 'Укажите профиль класса'));
    }
    if (d.classType !== 'profile' && u.profileName) {
      problems.push(
        issue('profileName', 'not_for_kind', 'Профиль указывается только для профильного класса'),
      );
    }
    if (u.grade === 0 && d.classType !== 'intellectual_disability')
      problems.push(
        issue(
          'grade',
          'additional_first_grade',
          'Класс 0 («1 дополнительный») бывает только для обучающихся с интеллектуальными нарушениями',
        ),
      );
    if (!u.name && u.grade != null) d.name = className(u.grade, u.letter);
  }
  if (u.kind === 'group') {
    d.groupFocus ??= 'general';
    d.stayMode ??= 'full';
    if (u.impairmentType && !['compensating', 'combined'].includes(d.groupFocus)) {
      problems.push(
        issue(
          'impairmentType',
          'not_for_kind',
          'Вид нарушения указывается для компенсирующей или комбинированной группы',
        ),
      );
    }
    if (d.groupFocus === 'compensating' && !u.impairmentType) {
      problems.push(issue('impairmentType', 'required', 'Для компенсирующей группы укажите вид нарушения'));
    }
    if (u.ageFrom != null && u.ageTo != null && u.ageTo < u.ageFrom) {
      problems.push(issue('ageTo', 'range', 'Возраст «до» меньше возраста «от»'));
    }
  }
  if ((u.kind === 'association' || u.kind === 'study_group') && !u.programmeId) {
    problems.push(issue('programmeId', 'required', 'Укажите образовательную программу'));
  }
  if (u.kind === 'study_group') {
    d.studyForm ??= 'full_time';
    d.funding ??= 'budget';
    if (u.course == null) problems.push(issue('course', 'required', 'Укажите курс'));
    if (u.course != null && programme && u.course > programmeCourses(programme.durationMonths)) {
      problems.push(issue('course', 'beyond_programme', 'Курс больше нормативного срока программы'));
    }
  }
  if (u.programmeId) {
    if (!programme || programme.organizationId !== organizationId) {
      problems.push(issue('programmeId', 'not_found', 'Программа не найдена среди программ организации'));
    } else if (!PROGRAMME_LEVELS[u.kind].includes(programme.level)) {
      problems.push(
        issue(
          'programmeId',
          'level_mismatch',
          'Уровень программы не подходит этому виду класса, группы или объединения',
        ),
      );
    }
  }
  if (!d.name) problems.push(issue('name', 'required', 'Укажите название'));
  if (problems.length > 0) throw new AppError('validation_failed', problems[0]!.message, problems);
  return d as UnitDraft & { name: string };
}

/** The row of a unit from a checked draft. */
export const unitValues = (d: UnitDraft & { name: string }) => ({
  name: d.name,
  grade: d.grade ?? null,
  letter: d.letter ?? null,
  class_type: (d.classType ?? null) as 'general' | null,
  profile_name: d.profileName ?? null,
  shift: d.shift ?? null,
  teaching_language: d.teachingLanguage ?? null,
  age_from: d.ageFrom ?? null,
  age_to: d.ageTo ?? null,
  group_focus: (d.groupFocus ?? null) as 'general' | null,
  stay_mode: (d.stayMode ?? null) as 'full' | null,
  impairment_type: (d.impairmentType ?? null) as 'other' | null,
  programme_id: d.programmeId ?? null,
  course: d.course ?? null,
  study_form: (d.studyForm ?? null) as 'full_time' | null,
  funding: (d.funding ?? null) as 'budget' | null,
  capacity: d.capacity ?? null,
});
