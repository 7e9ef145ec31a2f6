import { AppError } from '../../platform/errors.ts';
import type { FormDefinition } from './definition.schema.ts';

const KIND_TITLES: Record<string, string> = {
  preschool: 'дошкольные',
  school: 'общеобразовательные',
  additional: 'дополнительного образования',
  vocational: 'профессиональные',
};

/** Only a respondent of the form signs it or enters its cells: a school has no 85-К of its own. */
export function assertRespondent(def: FormDefinition, org: { kind: string }) {
  if (!def.respondents.includes(org.kind as (typeof def.respondents)[number]))
    throw new AppError(
      'business_rule',
      `Форму ${def.code} сдают ${def.respondents.map((k) => KIND_TITLES[k]).join(', ')} организации`,
      [{ path: 'body.organizationId', code: 'not_respondent', message: 'Организация не сдает эту форму' }],
    );
}
