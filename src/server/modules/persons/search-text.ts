import { parseDate } from '../../../common/dates/parse-date.ts';
import { invalidField } from '../../platform/errors.ts';

const DATE_LIKE = /^\d{1,2}[.\-/]\d{1,2}[.\-/]\d{4}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const YEAR = /^\d{4}$/;
const EARLIEST_YEAR = 1900;
// «В.», «В.Н.», «В» — initials as clerks write them after a surname.
const INITIALS = /^(?:[а-яё]\.){1,2}$|^[а-яё]$/i;

/** A search box's text: up to three name words, and a birth date or year typed among them. */
export type SearchText = {
  words: string[];
  /** First-name and patronymic initials, when the name was written «Ермолаева В.Н.». */
  initials: string[];
  birthDate: string | null;
  birthYear: number | null;
};

/**
 * Splits what a clerk typed into one search box. «Ермолаева В.Н.» is a surname with initials;
 * «Иванова Мария 12.03.2015» and «Иванова 2015»
 * narrow a common name by birth date or year; dates are read day first, as everywhere in the UI, and a
 * date that does not exist is an error, not a silent miss.
 */
export function splitSearchText(text: string, today = new Date()): SearchText {
  const words: string[] = [];
  const initials: string[] = [];
  let birthDate: string | null = null;
  let birthYear: number | null = null;
  for (const token of text.split(/[\s,]+/).filter((t) => t.length > 0)) {
    if (DATE_LIKE.test(token) || ISO_DATE.test(token)) {
      const typed = ISO_DATE.test(token) ? token.split('-').reverse().join('.') : token;
      const parsed = parseDate(typed);
      if (parsed.kind !== 'date') {
        throw invalidField('query.q', parsed.kind === 'invalid' ? parsed.message : 'Некорректная дата');
      }
      birthDate = parsed.iso;
    } else if (YEAR.test(token)) {
      const year = Number(token);
      if (year < EARLIEST_YEAR || year > today.getFullYear()) {
        throw invalidField(
          'query.q',
          `Год рождения должен быть от ${EARLIEST_YEAR} до ${today.getFullYear()}`,
        );
      }
      birthYear = year;
    } else if (INITIALS.test(token)) {
      initials.push(...token.split('.').filter((l) => l.length > 0));
    } else if (words.length < 3) {
      words.push(token);
    }
  }
  return { words, initials: initials.slice(0, 2), birthDate, birthYear };
}
