import { makeSnils } from '../common/identifiers/index.ts';
import { anniversary, dayBetween, fullYears, yearOf } from './dates.ts';
import { Permutation } from './permutation.ts';
import type { DocumentRow } from './person-types.ts';
import { isoFromDay, type Random } from './random.ts';

const SNILS_BODIES = 1_000_000_000;
// Bodies up to 001-001-998 carry no checksum; numbers issued to living children are far above that.
const SNILS_MIN_BODY = 1_001_999;

/** Issues valid СНИЛС, unique by construction (a permutation of a counter) and never a reserved one. */
export class SnilsIssuer {
  private readonly perm: Permutation;
  private readonly reserved: Set<string>;
  private k = 0;

  constructor(rng: Random, reserved: Iterable<string> = []) {
    this.perm = new Permutation(SNILS_BODIES, rng);
    this.reserved = new Set([...reserved].map((s) => s.slice(0, 9)));
  }

  next(): string {
    for (;;) {
      if (this.k >= SNILS_BODIES) throw new RangeError('СНИЛС numbers exhausted');
      const body = this.perm.apply(this.k++);
      if (body < SNILS_MIN_BODY) continue;
      const text = String(body).padStart(9, '0');
      if (!this.reserved.has(text)) return makeSnils(text);
    }
  }
}

/** Numbers of `digits` digits, unique within each series: a per-series counter through one permutation. */
class SeriesNumbers {
  private readonly perm: Permutation;
  private readonly digits: number;
  private readonly issued = new Map<string, number>();

  constructor(rng: Random, digits: number) {
    this.perm = new Permutation(10 ** digits, rng);
    this.digits = digits;
  }

  next(series: string): string {
    const k = this.issued.get(series) ?? 0;
    if (k >= this.perm.size) throw new RangeError(`numbers of series ${series} exhausted`);
    this.issued.set(series, k + 1);
    // The offset keeps series from starting at the same number.
    const n = this.perm.apply((k + offsetOf(series, this.perm.size)) % this.perm.size);
    return String(n).padStart(this.digits, '0');
  }
}

function offsetOf(series: string, size: number): number {
  let h = 2166136261;
  for (let i = 0; i < series.length; i++) h = Math.imul(h ^ series.charCodeAt(i), 16777619);
  return (h >>> 0) % size;
}

// Series of birth certificates: a Roman numeral and two Cyrillic letters (normalizeBirthCertSeries).
const CERT_ROMAN = ['I', 'II', 'III', 'IV', 'V'] as const;
const CERT_LETTERS = ['СТ', 'ИК', 'АН', 'БР', 'УС', 'ЗГ', 'ТК', 'ОБ'] as const;
// ОКАТО of Иркутская область: the first two digits of a passport series issued here.
const PASSPORT_REGION = '25';
const PASSPORT_AGES = [45, 20, 14] as const;

/** Countries of the non-Russian citizens in the region, with the genitive used in issuer names. */
export const FOREIGN_COUNTRIES: Record<string, { genitive: string; passportSeries: readonly string[] }> = {
  '860': { genitive: 'Республики Узбекистан', passportSeries: ['AA', 'AB', 'FA'] },
  '762': { genitive: 'Республики Таджикистан', passportSeries: ['A', 'AT'] },
  '417': { genitive: 'Киргизской Республики', passportSeries: ['AC', 'ID'] },
  '051': { genitive: 'Республики Армения', passportSeries: ['AR', 'AS'] },
  '804': { genitive: 'Украины', passportSeries: ['FE', 'FK'] },
  '398': { genitive: 'Республики Казахстан', passportSeries: ['N'] },
  '112': { genitive: 'Республики Беларусь', passportSeries: ['MP', 'HB'] },
};

export type DocumentHolder = {
  id: string;
  birthDay: number;
  /** ОКСМ code; null for a stateless person. */
  citizenship: string | null;
  /** Genitive of the place of birth registration («г. Братска»), for the ЗАГС issuer. */
  birthPlaceGenitive: string;
};

/**
 * One current identity document per person, unique in (type, series, number) across the region: a birth
 * certificate under 14, a passport (issued at 14, 20 or 45) from 14 on; foreign documents for non-citizens.
 */
export class DocumentIssuer {
  private readonly rng: Random;
  private readonly certificates: SeriesNumbers;
  private readonly passports: SeriesNumbers;
  private readonly foreign: SeriesNumbers;
  private readonly asOfDay: number;

  constructor(rng: Random, asOfDay: number) {
    this.rng = rng;
    this.certificates = new SeriesNumbers(rng.fork('certificates'), 6);
    this.passports = new SeriesNumbers(rng.fork('passports'), 6);
    this.foreign = new SeriesNumbers(rng.fork('foreign'), 7);
    this.asOfDay = asOfDay;
  }

  issue(holder: DocumentHolder, id: string): DocumentRow {
    const age = fullYears(holder.birthDay, this.asOfDay);
    if (holder.citizenship === '643') {
      return age < 14 ? this.birthCertificate(holder, id) : this.passport(holder, id, age);
    }
    return age < 14 ? this.foreignCertificate(holder, id) : this.foreignPassport(holder, id);
  }

  private birthCertificate(h: DocumentHolder, id: string): DocumentRow {
    const rng = this.rng;
    const series = `${rng.pick(CERT_ROMAN)}-${rng.pick(CERT_LETTERS)}`;
    const issued = h.birthDay + rng.int(3, 30);
    const year = yearOf(issued);
    // Since 2018 the ЕГР ЗАГС numbers act records with 21 digits; earlier ones were numbered per office.
    const act = year >= 2018 ? `12538${rng.digits(5)}${year}${rng.digits(7)}` : String(rng.int(1, 3200));
    return {
      id,
      person_id: h.id,
      type: '03',
      series,
      number: this.certificates.next(series),
      issued_on: isoFromDay(issued),
      issuer: `Отдел ЗАГС ${h.birthPlaceGenitive} службы записи актов гражданского состояния Иркутской области`,
      issuer_code: null,
      act_record_number: act,
    };
  }

  private passport(h: DocumentHolder, id: string, age: number): DocumentRow {
    const rng = this.rng;
    const at = PASSPORT_AGES.find((a) => a <= age) ?? 14;
    const due = anniversary(h.birthDay, at);
    const issued = dayBetween(rng, due, Math.min(due + 60, this.asOfDay));
    const year = yearOf(issued);
    const series = `${PASSPORT_REGION}${String(year % 100).padStart(2, '0')}`;
    return {
      id,
      person_id: h.id,
      type: '21',
      series,
      number: this.passports.next(series),
      issued_on: isoFromDay(issued),
      issuer: year >= 2017 ? 'ГУ МВД России по Иркутской области' : 'УФМС России по Иркутской области',
      issuer_code: `380-0${String(rng.int(1, 99)).padStart(2, '0')}`,
      act_record_number: null,
    };
  }

  private foreignCertificate(h: DocumentHolder, id: string): DocumentRow {
    const country = h.citizenship ? FOREIGN_COUNTRIES[h.citizenship] : undefined;
    return {
      id,
      person_id: h.id,
      type: '23',
      series: null,
      number: this.foreign.next('23'),
      issued_on: isoFromDay(h.birthDay + this.rng.int(3, 60)),
      issuer: country ? `Орган ЗАГС ${country.genitive}` : 'Компетентный орган иностранного государства',
      issuer_code: null,
      act_record_number: null,
    };
  }

  /** A national passport for a foreign citizen, a residence permit (вид на жительство) for a stateless one. */
  private foreignPassport(h: DocumentHolder, id: string): DocumentRow {
    const rng = this.rng;
    const country = h.citizenship ? FOREIGN_COUNTRIES[h.citizenship] : undefined;
    const from = Math.max(anniversary(h.birthDay, 14), this.asOfDay - 9 * 365);
    const issued = dayBetween(rng, from, Math.max(from, this.asOfDay - 30));
    const series = country ? rng.pick(country.passportSeries) : '82';
    return {
      id,
      person_id: h.id,
      type: country ? '10' : '12',
      series,
      number: this.foreign.next(`${country ? '10' : '12'}|${series}`),
      issued_on: isoFromDay(issued),
      issuer: country ? `МВД ${country.genitive}` : 'ГУ МВД России по Иркутской области',
      issuer_code: null,
      act_record_number: null,
    };
  }
}
