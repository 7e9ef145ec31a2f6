import { makeInn10, makeOgrn } from '../common/identifiers/index.ts';
import { fullName, type NamePicker, type Sex } from './names.ts';
import type { Random } from './random.ts';
import { type Locality, type Municipality, REGION_NAME } from './region.ts';
import type {
  AccreditationJson,
  AddressJson,
  ContactsJson,
  HeadJson,
  LicenceJson,
  OrganizationKind,
} from './types.ts';

const SUBJECT_CODE = '38';
export const LICENCE_ISSUER = 'Служба по контролю и надзору в сфере образования Иркутской области';

export type Requisites = { inn: string; kpp: string; ogrn: string };

/** Issues ИНН and ОГРН that are valid and unique across the generated region. */
export class RequisitesRegistry {
  private readonly inns = new Set<string>();
  private readonly ogrns = new Set<string>();
  private readonly rng: Random;

  constructor(rng: Random) {
    this.rng = rng;
  }

  /** taxOffice: 4 digits «38NN»; year: ЕГРЮЛ registration year, the 2nd–3rd digits of the ОГРН. */
  issue(taxOffice: string, year: number): Requisites {
    let inn: string;
    do inn = makeInn10(taxOffice + this.rng.digits(5));
    while (this.inns.has(inn));
    this.inns.add(inn);
    // ОГРН: признак 1, year, subject code, inspection code, record number, check digit.
    const head = `1${String(year % 100).padStart(2, '0')}${SUBJECT_CODE}${taxOffice.slice(2)}`;
    let ogrn: string;
    do ogrn = makeOgrn(head + this.rng.digits(5));
    while (this.ogrns.has(ogrn));
    this.ogrns.add(ogrn);
    return { inn, kpp: `${inn.slice(0, 4)}01001`, ogrn };
  }
}

/** ЕГРЮЛ started in 2002, when most existing schools were re-registered; later years are new foundations. */
export function registrationYear(rng: Random): number {
  return rng.chance(0.4) ? 2002 : rng.int(2003, 2023);
}

// biome-ignore format: a word list reads better packed than one entry per line
const URBAN_STREETS = [
  'ул. Ленина', 'ул. Карла Маркса', 'ул. Советская', 'пр-т Мира', 'ул. Гагарина', 'ул. Лермонтова',
  'ул. Байкальская', 'ул. Ангарская', 'ул. Пушкина', 'ул. Горького', 'ул. Чехова', 'ул. Кирова',
  'ул. Дзержинского', 'ул. Баумана', 'ул. Строителей', 'ул. Сибирская', 'ул. Юбилейная', 'ул. Энгельса',
  'ул. Первомайская', 'ул. Школьная', 'ул. Рабочая', 'ул. Трилиссера', 'ул. Академическая', 'ул. Депутатская',
  'ул. Розы Люксембург', 'ул. Жукова', 'ул. Победы', 'ул. Курчатова', 'ул. Космонавтов', 'ул. Комсомольская',
  'ул. Молодежная', 'ул. Профсоюзная', 'ул. Солнечная', 'пр-т Ленина', 'б-р Рябикова', 'мкр. Юбилейный',
  'мкр. Университетский', 'ул. Декабрьских Событий', 'ул. Лесная', 'ул. Партизанская',
];

// biome-ignore format: a word list reads better packed than one entry per line
const RURAL_STREETS = [
  'ул. Школьная', 'ул. Центральная', 'ул. Ленина', 'ул. Советская', 'ул. Молодежная', 'ул. Набережная',
  'ул. Лесная', 'ул. Трактовая', 'ул. Мира', 'ул. Клубная', 'ул. Садовая', 'ул. Комсомольская',
  'ул. Октябрьская', 'ул. Заречная', 'ул. Партизанская', 'ул. Рабочая', 'ул. Колхозная', 'ул. Новая',
  'ул. Зеленая', 'ул. Береговая',
];

export function address(rng: Random, m: Municipality, place: Locality): AddressJson {
  const rural = m.type === 'municipal_district';
  const street = rng.pick(rural ? RURAL_STREETS : URBAN_STREETS);
  const house = rng.skewed(1, rural ? 60 : 180, 1.8);
  const parts = [REGION_NAME, m.addressLabel, place.label, street, `д. ${house}`].filter((p) => p !== '');
  return { text: parts.join(', '), oktmo: place.oktmo };
}

/** «+7 (3952) 12-34-56»: the local number fills the 10 digits left after the area code. */
export function phone(rng: Random, areaCode: string): string {
  const local = String(rng.int(2, 7)) + rng.digits(9 - areaCode.length);
  const tail = `${local.slice(-4, -2)}-${local.slice(-2)}`;
  return `+7 (${areaCode}) ${local.slice(0, -4)}-${tail}`;
}

/** mailbox: ASCII local part chosen by the namer («school12», «biritsk-ds»). */
export function contacts(rng: Random, m: Municipality, mailbox: string): ContactsJson {
  const host = `${mailbox}-${m.slug}-r38`.slice(0, 63).replace(/-+$/, '');
  return {
    phone: phone(rng, m.phoneCode),
    email: `${mailbox}@${m.slug}-edu.ru`,
    website: `https://${host}.gosweb.gosuslugi.ru`,
  };
}

export function licence(rng: Random, registeredIn: number, asOf: string): LicenceJson {
  const from = `${Math.max(registeredIn, 2011)}-01-15`;
  return {
    number: `Л035-01220-38/${rng.digits(8)}`,
    issuedOn: rng.date(from, asOf < '2024-12-31' ? asOf : '2024-12-31'),
    issuer: LICENCE_ISSUER,
  };
}

/** Since 2022 state accreditation is open-ended, hence validUntil null. */
export function accreditation(rng: Random, licenceIssuedOn: string, asOf: string): AccreditationJson {
  const to = asOf < '2025-03-01' ? asOf : '2025-03-01';
  return {
    number: `А007-01220-38/${rng.digits(8)}`,
    issuedOn: rng.date(licenceIssuedOn < to ? licenceIssuedOn : to, to),
    validUntil: null,
  };
}

// Share of women among heads: nearly all kindergartens, most schools, fewer colleges.
const FEMALE_HEAD_SHARE: Record<OrganizationKind, number> = {
  preschool: 0.97,
  school: 0.8,
  additional: 0.7,
  vocational: 0.55,
};

export function head(rng: Random, names: NamePicker, kind: OrganizationKind, branch: boolean): HeadJson {
  const sex: Sex = rng.chance(FEMALE_HEAD_SHARE[kind]) ? 'female' : 'male';
  const position = branch ? 'Заведующий филиалом' : kind === 'preschool' ? 'Заведующий' : 'Директор';
  return { fullName: fullName(names.person(rng, sex, 'adult')), position };
}

/** Places by kind; rural organizations lean to the small end of the range. */
const CAPACITY: Record<OrganizationKind, [number, number]> = {
  preschool: [60, 350],
  school: [200, 1500],
  additional: [300, 2000],
  vocational: [400, 2500],
};

export function capacity(rng: Random, kind: OrganizationKind, rural: boolean, branch: boolean): number {
  if (branch) return kind === 'vocational' ? rng.int(20, 120) * 5 : rng.int(4, 40) * 5;
  const [min, max] = CAPACITY[kind];
  return Math.round(rng.skewed(min, max, rural ? 2.2 : 1) / 5) * 5;
}
