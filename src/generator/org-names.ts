import { REGION_GENITIVE } from './region.ts';
import { type AdjectiveForms, acronym, genitivePhrase } from './text.ts';
import type { OrganizationKind } from './types.ts';

// Name templates follow how Иркутская область organizations are registered in ЕГРЮЛ: legal-form phrase,
// the proper name in «», then the town for urban okrugs; district organizations carry a place adjective.

export type Ownership = 'budget' | 'treasury' | 'autonomous' | 'regional';

const OWNERSHIP = {
  budget: { code: '75403', word: 'бюджетное', letter: 'Б' },
  treasury: { code: '75404', word: 'казенное', letter: 'К' },
  autonomous: { code: '75401', word: 'автономное', letter: 'А' },
} as const;

export type LegalForm = { code: string; nominative: string; abbr: string };

/** ОКОПФ code, the legal-form phrase and its abbreviation («МБОУ», «МКДОУ», «МАУ ДО», «ГБПОУ ИО»). */
export function legalForm(kind: OrganizationKind, ownership: Ownership): LegalForm {
  if (kind === 'vocational' || ownership === 'regional') {
    return {
      code: '75203',
      nominative: `Государственное бюджетное профессиональное образовательное учреждение ${REGION_GENITIVE}`,
      abbr: 'ГБПОУ ИО',
    };
  }
  const o = OWNERSHIP[ownership];
  if (kind === 'school') {
    return {
      code: o.code,
      nominative: `Муниципальное ${o.word} общеобразовательное учреждение`,
      abbr: `М${o.letter}ОУ`,
    };
  }
  if (kind === 'preschool') {
    const nominative = `Муниципальное ${o.word} дошкольное образовательное учреждение`;
    return { code: o.code, nominative, abbr: `М${o.letter}ДОУ` };
  }
  const nominative = `Муниципальное ${o.word} учреждение дополнительного образования`;
  return { code: o.code, nominative, abbr: `М${o.letter}У ДО` };
}

/** Where a name's place comes from: the town suffix of an urban okrug, or a district place adjective. */
export type Place = { urban: true; genitive: string } | { urban: false; adjective: AdjectiveForms };

/** quoted: the proper name inside «»; shortBody: what follows the abbreviation; suffix: after the quotes. */
export type NameParts = { quoted: string; shortBody: string; suffix: string };

const no = (n: number | null) => (n === null ? '' : ` № ${n}`);

export const SCHOOL_VARIANTS = ['sosh', 'uiop', 'gymnasium', 'lyceum', 'oosh', 'centre'] as const;
export type SchoolVariant = (typeof SCHOOL_VARIANTS)[number];

const SCHOOL_TITLES: Record<SchoolVariant, { full: string; short: string }> = {
  sosh: { full: 'Средняя общеобразовательная школа', short: 'СОШ' },
  uiop: {
    full: 'Средняя общеобразовательная школа с углубленным изучением отдельных предметов',
    short: 'СОШ с УИОП',
  },
  gymnasium: { full: 'Гимназия', short: 'Гимназия' },
  lyceum: { full: 'Лицей', short: 'Лицей' },
  oosh: { full: 'Основная общеобразовательная школа', short: 'ООШ' },
  centre: { full: 'Центр образования', short: 'ЦО' },
};

export function schoolName(variant: SchoolVariant, place: Place, n: number | null): NameParts {
  const t = SCHOOL_TITLES[variant];
  if (place.urban)
    return { quoted: `${t.full}${no(n)}`, shortBody: `${t.short}${no(n)}`, suffix: place.genitive };
  const full = `${place.adjective.f} ${t.full.charAt(0).toLowerCase()}${t.full.slice(1)}${no(n)}`;
  return { quoted: full, shortBody: `«${place.adjective.f} ${t.short}${no(n)}»`, suffix: '' };
}

export const PRESCHOOL_VARIANTS = ['plain', 'combined', 'general', 'development'] as const;
export type PreschoolVariant = (typeof PRESCHOOL_VARIANTS)[number];

// biome-ignore format: a word list reads better packed than one entry per line
export const KINDERGARTEN_NICKNAMES = [
  'Солнышко', 'Ромашка', 'Колокольчик', 'Березка', 'Теремок', 'Сказка', 'Радуга', 'Журавушка',
  'Светлячок', 'Золотой ключик', 'Аленушка', 'Рябинка', 'Малышок', 'Звездочка', 'Улыбка', 'Родничок',
  'Кораблик', 'Аистенок', 'Елочка', 'Чебурашка', 'Буратино', 'Лесовичок', 'Росинка', 'Дюймовочка',
  'Капелька', 'Незабудка', 'Медвежонок', 'Белочка', 'Подснежник', 'Ласточка', 'Снежинка', 'Огонек',
  'Василек', 'Петушок', 'Сибирячок', 'Байкальчик', 'Золотая рыбка', 'Парус', 'Тополек', 'Умка',
];

const PRESCHOOL_TITLES: Record<PreschoolVariant, { full: string; short: string }> = {
  plain: { full: 'Детский сад', short: 'д/с' },
  combined: { full: 'Детский сад комбинированного вида', short: 'д/с' },
  general: { full: 'Детский сад общеразвивающего вида', short: 'д/с' },
  development: { full: 'Центр развития ребенка – детский сад', short: 'ЦРР – д/с' },
};

export function preschoolName(
  variant: PreschoolVariant,
  place: Place,
  n: number | null,
  nickname: string | null,
): NameParts {
  const t = PRESCHOOL_TITLES[variant];
  const nick = nickname === null ? '' : ` «${nickname}»`;
  if (place.urban) {
    return { quoted: `${t.full}${no(n)}${nick}`, shortBody: `${t.short}${no(n)}`, suffix: place.genitive };
  }
  const lower = `${t.full.charAt(0).toLowerCase()}${t.full.slice(1)}`;
  return {
    quoted: `${place.adjective.m} ${lower}${no(n)}${nick}`,
    shortBody: `${place.adjective.m} ${t.short}${no(n)}${nick}`,
    suffix: '',
  };
}

export const ADDITIONAL_VARIANTS = ['ddt', 'cdt', 'dyussh', 'syut', 'syun', 'cdo'] as const;
export type AdditionalVariant = (typeof ADDITIONAL_VARIANTS)[number];

const ADDITIONAL_TITLES: Record<AdditionalVariant, { full: string; short: string; feminine: boolean }> = {
  ddt: { full: 'Дом детского творчества', short: 'ДДТ', feminine: false },
  cdt: { full: 'Центр детского творчества', short: 'ЦДТ', feminine: false },
  dyussh: { full: 'Детско-юношеская спортивная школа', short: 'ДЮСШ', feminine: true },
  syut: { full: 'Станция юных техников', short: 'СЮТ', feminine: true },
  syun: { full: 'Станция юных натуралистов', short: 'СЮН', feminine: true },
  cdo: { full: 'Центр дополнительного образования', short: 'ЦДО', feminine: false },
};

export function additionalName(variant: AdditionalVariant, place: Place, n: number | null): NameParts {
  const t = ADDITIONAL_TITLES[variant];
  if (place.urban)
    return { quoted: `${t.full}${no(n)}`, shortBody: `${t.short}${no(n)}`, suffix: place.genitive };
  const adj = t.feminine ? place.adjective.f : place.adjective.m;
  const lower = `${t.full.charAt(0).toLowerCase()}${t.full.slice(1)}`;
  return { quoted: `${adj} ${lower}${no(n)}`, shortBody: `«${adj} ${t.short}${no(n)}»`, suffix: '' };
}

/** Proper names of colleges after the town adjective; all masculine (колледж, техникум). */
// biome-ignore format: a word list reads better packed than one entry per line
export const COLLEGE_PROFILES = [
  'политехнический колледж', 'политехнический техникум', 'педагогический колледж', 'медицинский колледж',
  'аграрный техникум', 'строительный техникум', 'технологический техникум', 'энергетический колледж',
  'торгово-экономический техникум', 'индустриальный техникум', 'многопрофильный техникум',
  'лесотехнический техникум', 'горнотехнический колледж', 'гуманитарно-технический техникум',
  'промышленный техникум', 'колледж культуры', 'техникум транспорта и строительства',
  'колледж экономики, сервиса и туризма', 'техникум механизации и транспорта',
  'колледж автомобильного транспорта',
  'техникум отраслевых технологий', 'техникум индустрии питания и сервиса', 'колледж бизнеса и права',
  'авиационный техникум', 'химико-технологический техникум', 'техникум архитектуры и строительства',
  'гидроэнергетический техникум', 'техникум лесной промышленности', 'колледж физической культуры',
  'музыкальный колледж', 'художественный колледж', 'базовый медицинский колледж',
  'техникум профессиональных технологий', 'аграрно-технический техникум', 'региональный колледж',
];

export function collegeName(adjective: AdjectiveForms, profile: string, n: number | null): NameParts {
  const quoted = `${adjective.m} ${profile}${no(n)}`;
  return { quoted, shortBody: `«${acronym(`${adjective.m} ${profile}`)}${no(n)}»`, suffix: '' };
}

export type FullNames = { fullName: string; shortName: string };

export function composeNames(form: LegalForm, parts: NameParts): FullNames {
  const suffix = parts.suffix ? ` ${parts.suffix}` : '';
  return {
    fullName: `${form.nominative} «${parts.quoted}»${suffix}`,
    shortName: `${form.abbr} ${parts.shortBody}`,
  };
}

/** «Биритский филиал МКОУ «Балаганская СОШ»» or «Филиал № 2 …» when the place has no adjective. */
export function composeBranchNames(form: LegalForm, parts: NameParts, prefix: string): FullNames {
  const suffix = parts.suffix ? ` ${parts.suffix}` : '';
  return {
    fullName: `${prefix} ${genitivePhrase(form.nominative)} «${parts.quoted}»${suffix}`,
    shortName: `${prefix} ${form.abbr} ${parts.shortBody}`,
  };
}
