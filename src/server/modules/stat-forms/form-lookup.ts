import { AppError, invalidField } from '../../platform/errors.ts';
import { regionToday } from '../education/region-today.ts';
import { formRegistry, registryKey } from './definitions.ts';

/** A form edition of the register; an unknown form or edition answers 404. */
export function formEdition(code: string, edition: string) {
  const registry = formRegistry();
  const def = registry.get(registryKey(code, edition));
  if (def) return def;
  const known = [...registry.values()].some((d) => d.code === code);
  throw new AppError(
    'not_found',
    known ? `Редакция ${edition} формы ${code} не найдена` : `Статистическая форма ${code} не найдена`,
  );
}

/**
 * The reference date: the one asked for (never in the future), else the form's annual day last passed
 * — for 85-К the 31 December of the year before this one (or of this year, on 31 December itself).
 */
export function referenceDate(
  def: { referenceDate: { month: number; day: number } },
  asOf: string | undefined,
  timeZone: string,
  path = 'query.asOf',
) {
  const today = regionToday(timeZone);
  if (asOf !== undefined) {
    if (asOf > today) throw invalidField(path, 'Отчетная дата не может быть в будущем', 'future');
    return asOf;
  }
  const md = `${String(def.referenceDate.month).padStart(2, '0')}-${String(def.referenceDate.day).padStart(2, '0')}`;
  const year = Number(today.slice(0, 4));
  return `${year}-${md}` <= today ? `${year}-${md}` : `${year - 1}-${md}`;
}
