import { CONSENT_AGE_OF_MAJORITY, fullYears } from '../../../common/consent-purposes.ts';
import type { PutHealthInput } from '../../../common/schemas/health.ts';
import type { FieldProblem } from '../../platform/errors.ts';

/** Dates that cannot precede the person's birth, and the disability category that fits the age. */
export function healthDateProblems(input: PutHealthInput, birthDate: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  const beforeBirth = (path: string, date: string | null, what: string) => {
    if (date && date < birthDate)
      out.push({ path, code: 'before_birth', message: `${what} не может быть раньше даты рождения` });
  };
  input.disabilities.forEach((d, i) => {
    const p = `body.disabilities.${i}`;
    beforeBirth(`${p}.validFrom`, d.validFrom, 'Дата установления инвалидности');
    beforeBirth(`${p}.ipraDate`, d.ipraDate, 'Дата ИПРА');
    if (d.validFrom < birthDate) return;
    const adult = fullYears(birthDate, d.validFrom) >= CONSENT_AGE_OF_MAJORITY;
    if (d.category === 'child' && adult)
      out.push({
        path: `${p}.category`,
        code: 'category_age',
        message: 'На дату установления человеку исполнилось 18 лет: выберите категорию «инвалид»',
      });
    if (d.category === 'adult' && !adult)
      out.push({
        path: `${p}.category`,
        code: 'category_age',
        message: 'До 18 лет устанавливается категория «ребенок-инвалид»',
      });
  });
  input.specialNeeds.forEach((n, i) => {
    beforeBirth(`body.specialNeeds.${i}.pmpkDate`, n.pmpkDate, 'Дата заключения ПМПК');
  });
  return out;
}

/** Which consent categories (see health_data in consent-purposes) a write puts values into. */
export function writtenCategories(input: PutHealthInput): { category: string; path: string }[] {
  const out: { category: string; path: string }[] = [];
  if (input.healthGroup !== null) out.push({ category: 'health_group', path: 'body.healthGroup' });
  if (input.peGroup !== null) out.push({ category: 'pe_group', path: 'body.peGroup' });
  if (input.disabilities.length > 0) out.push({ category: 'disability', path: 'body.disabilities' });
  if (input.specialNeeds.length > 0) out.push({ category: 'special_needs', path: 'body.specialNeeds' });
  if (input.needsAdaptedProgram) out.push({ category: 'special_needs', path: 'body.needsAdaptedProgram' });
  if (input.longTermTreatment !== null)
    out.push({ category: 'long_term_treatment', path: 'body.longTermTreatment' });
  return out;
}
