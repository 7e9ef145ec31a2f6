import {
  OKSO_SPO,
  PROGRAMME_LEVELS_BY_ORGANIZATION,
  SPO_TYPE_OKSO_LEVEL,
} from '../../../common/education-dictionary.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import type { CreateProgrammeInput } from './education.schemas.ts';

const issue = (path: string, code: string, message: string): FieldProblem => ({
  path: `body.${path}`,
  code,
  message,
});

/**
 * The attributes that belong together: ДО has its направленность and kind, СПО its type, ОКСО code,
 * qualification and base, and neither carries the other's. The level must be one the organization runs.
 */
export function checkProgramme(p: CreateProgrammeInput, organizationKind: string): void {
  const problems: FieldProblem[] = [];
  const allowed = PROGRAMME_LEVELS_BY_ORGANIZATION[organizationKind] ?? [];
  if (!allowed.includes(p.level)) {
    problems.push(
      issue(
        'level',
        'level_not_for_organization',
        'Организация этого вида не реализует программы такого уровня',
      ),
    );
  }
  const additional = p.level === 'additional';
  const spo = p.level === 'spo';
  if (additional && !p.focus)
    problems.push(issue('focus', 'required', 'Укажите направленность программы ДО'));
  if (additional && !p.additionalKind) {
    problems.push(
      issue('additionalKind', 'required', 'Укажите вид программы: общеразвивающая или предпрофессиональная'),
    );
  }
  if (!additional && p.focus)
    problems.push(issue('focus', 'not_for_level', 'Направленность указывается только для ДО'));
  if (!additional && p.additionalKind) {
    problems.push(issue('additionalKind', 'not_for_level', 'Вид программы указывается только для ДО'));
  }
  for (const [field, title] of [
    ['spoType', 'тип программы СПО'],
    ['oksoCode', 'код ОКСО'],
    ['qualification', 'квалификацию'],
    ['baseGrade', 'базу приема (9 или 11 классов)'],
  ] as const) {
    if (spo && p[field] == null) problems.push(issue(field, 'required', `Укажите ${title}`));
    if (!spo && p[field] != null)
      problems.push(issue(field, 'not_for_level', 'Поле указывается только для СПО'));
  }
  if (spo && p.oksoCode) {
    if (!OKSO_SPO.has(p.oksoCode)) {
      problems.push(
        issue('oksoCode', 'okso_unknown', `Кода ${p.oksoCode} нет в перечне профессий и специальностей СПО`),
      );
    } else if (p.spoType && p.oksoCode.slice(3, 5) !== SPO_TYPE_OKSO_LEVEL[p.spoType]) {
      problems.push(
        issue(
          'oksoCode',
          'okso_type_mismatch',
          p.spoType === 'skilled_worker'
            ? 'Профессии ППКРС имеют код вида NN.01.NN'
            : 'Специальности ППССЗ имеют код вида NN.02.NN',
        ),
      );
    }
  }
  if (problems.length > 0) {
    throw new AppError('validation_failed', problems[0]!.message, problems);
  }
}
