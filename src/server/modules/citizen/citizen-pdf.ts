import { formatInstant } from '../../../common/dates/format-instant.ts';
import {
  ADDRESS_KIND_TITLES,
  COUNTRIES,
  DOCUMENT_TYPE_TITLES,
  HARDSHIP_CATEGORIES,
  RELATION_TITLES,
  SEX_TITLES,
} from '../../../common/person-dictionary.ts';
import {
  fieldTable,
  listTable,
  type PdfContent,
  type PdfDocument,
  renderPdf,
  ruDate,
} from '../../platform/pdf/render-pdf.ts';
import type { ConsentView, HealthView } from './citizen.queries.ts';
import type { CitizenExport } from './citizen-export.ts';
import type { CitizenCard } from './read-citizen-view.ts';

const PE: Record<string, string> = {
  main: 'основная',
  preparatory: 'подготовительная',
  special_a: 'специальная «А»',
  special_b: 'специальная «Б»',
  exempt: 'освобожден',
};
const TREATMENT: Record<string, string> = {
  home_schooling: 'обучение на дому',
  medical_organization: 'обучение в медицинской организации',
};
const t = (map: Record<string, string>, code: string | null | undefined) =>
  code ? (map[code] ?? code) : null;
const fio = (p: { lastName: string; firstName: string; middleName: string | null }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
const snils = (s: string | null) =>
  s ? `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6, 9)} ${s.slice(9)}` : null;
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function cardContent(card: CitizenCard): PdfContent[] {
  const citizenship = card.citizenship.stateless
    ? 'лицо без гражданства'
    : card.citizenship.codes.map((c) => COUNTRIES.get(c) ?? c).join(', ');
  const docs = card.documents.map((d) => [
    t(DOCUMENT_TYPE_TITLES, str(d.type)) ?? '',
    [d.series, d.number].filter(Boolean).join(' '),
    ruDate(str(d.issuedOn) || null),
    str(d.issuer),
  ]);
  const addresses = card.addresses.map((a) => [t(ADDRESS_KIND_TITLES, str(a.kind)) ?? '', str(a.text)]);
  const contacts = card.contacts.map((c) => [c.kind === 'phone' ? 'Телефон' : 'Эл. почта', str(c.value)]);
  const hardships = card.hardships.map((h) => [
    t(HARDSHIP_CATEGORIES, str(h.category)) ?? '',
    `${ruDate(str(h.startedOn))} – ${h.endedOn ? ruDate(str(h.endedOn)) : 'н. в.'}`,
  ]);
  const links = [
    ...card.representatives.map((r) => [
      t(RELATION_TITLES, r.relation) ?? '',
      fio(r.person),
      'представитель',
    ]),
    ...card.represents.map((r) => [t(RELATION_TITLES, r.relation) ?? '', fio(r.person), 'представляемый']),
  ];
  const enrollments = card.enrollments.map((e) => [
    e.organizationName,
    ruDate(e.startedOn),
    e.endedOn ? ruDate(e.endedOn) : 'обучается',
  ]);
  return [
    fieldTable([
      ['ФИО', fio(card)],
      ['Дата рождения', ruDate(card.birthDate)],
      ['Место рождения', card.birthPlace],
      ['Пол', SEX_TITLES[card.sex]],
      ['Гражданство', citizenship],
      ['СНИЛС', snils(card.snils)],
    ]),
    { text: 'Документы', style: 'h3' },
    listTable(['Документ', 'Серия и номер', 'Выдан', 'Кем выдан'], docs, [130, 80, 60, '*']),
    { text: 'Адреса', style: 'h3' },
    listTable(['Вид', 'Адрес'], addresses, [170, '*']),
    { text: 'Контакты', style: 'h3' },
    listTable(['Вид', 'Значение'], contacts, [170, '*']),
    { text: 'Трудная жизненная ситуация', style: 'h3' },
    listTable(['Категория', 'Период'], hardships, ['*', 120]),
    { text: 'Связи с законными представителями', style: 'h3' },
    listTable(['Отношение', 'ФИО', 'Роль'], links, [120, '*', 90]),
    { text: 'Обучение', style: 'h3' },
    listTable(['Организация', 'С', 'По'], enrollments, ['*', 70, 70]),
  ];
}

function healthContent(h: HealthView | null): PdfContent[] {
  if (!h) return [{ text: 'Сведения о здоровье: нет сведений', style: 'muted' }];
  return [
    { text: 'Сведения о здоровье', style: 'h3' },
    fieldTable([
      ['Группа здоровья', h.healthGroup ? String(h.healthGroup) : null],
      ['Медицинская группа (физкультура)', t(PE, h.peGroup)],
      ['Нуждается в адаптированной программе', h.needsAdaptedProgram ? 'да' : 'нет'],
      ['Длительное лечение', t(TREATMENT, h.longTermTreatment)],
    ]),
    listTable(
      ['Инвалидность', 'Группа', 'Срок', 'ИПРА'],
      h.disabilities.map((d) => [
        d.category === 'child' ? 'ребенок-инвалид' : 'инвалид',
        d.group ? String(d.group) : '—',
        `${ruDate(d.validFrom)} – ${d.validUntil ? ruDate(d.validUntil) : 'бессрочно'}`,
        [d.ipraNumber, d.ipraDate ? ruDate(d.ipraDate) : null].filter(Boolean).join(' от '),
      ]),
    ),
    listTable(
      ['Заключение ПМПК', 'Рекомендованная программа', 'Действует до'],
      h.specialNeeds.map((n) => [
        `№ ${n.pmpkNumber} от ${ruDate(n.pmpkDate)}`,
        n.recommendedProgram ?? '—',
        n.validUntil ? ruDate(n.validUntil) : '—',
      ]),
    ),
  ];
}

const consentsContent = (list: ConsentView[]): PdfContent[] => [
  { text: 'Согласия на обработку персональных данных', style: 'h3' },
  listTable(
    ['Цель', 'Дано', 'Отозвано', 'Кем дано'],
    list.map((c) => [
      c.purposeTitle,
      ruDate(c.givenOn),
      c.revokedOn ? ruDate(c.revokedOn) : '—',
      c.representative?.fullName ?? 'субъектом',
    ]),
    ['*', 60, 60, 120],
  ),
];

/** The same words as the cabinet's: a child of 18 reads their own record. */
export const ADULT_CHILDREN_NOTE =
  'Сведения о детях, достигших 18 лет, вам больше не показываются: совершеннолетний получает ' +
  'их сам, войдя в личный кабинет через Госуслуги.';

/** The citizen's export as a PDF: the same content as the JSON, laid out for reading and printing. */
export function citizenPdf(x: CitizenExport): Promise<Buffer> {
  const content: PdfContent[] = [
    { text: 'Сведения о персональных данных, обрабатываемых в АИС «Контингент»', style: 'title' },
    {
      text: `Сформировано ${formatInstant(x.generatedAt, x.timeZone)} по запросу субъекта персональных данных.`,
      style: 'muted',
    },
    { text: x.legalNote, margin: [0, 6, 0, 0], fontSize: 9 },
  ];
  if (!x.person) {
    content.push({ text: 'Сведений о вас в реестре нет.', style: 'h2' });
  } else {
    content.push({ text: 'Сведения о вас', style: 'h2' }, ...cardContent(x.person));
    content.push(...healthContent(x.health), ...consentsContent(x.consents));
  }
  for (const child of x.children) {
    content.push({ text: `Ребенок: ${fio(child.card)}`, style: 'h2', pageBreak: 'before' });
    content.push(
      ...cardContent(child.card),
      ...healthContent(child.health),
      ...consentsContent(child.consents),
    );
  }
  if (x.adultChildren > 0) content.push({ text: ADULT_CHILDREN_NOTE, style: 'muted', margin: [0, 8, 0, 0] });
  content.push({ text: 'Кто обращался к сведениям', style: 'h2', pageBreak: 'before' });
  if (x.accessLogTruncated) {
    content.push({ text: `Показаны последние ${x.accessLog.length} записей.`, style: 'muted' });
  }
  content.push(
    listTable(
      ['Когда', 'Кто (роль)', 'Организация', 'Действие', 'Чьи сведения'],
      x.accessLog.map((i) => [
        // The same formatter and zone as the cabinet's screen: both say «13:11 (МСК+5)».
        formatInstant(i.at, x.timeZone),
        i.actorRole,
        i.organization ?? '—',
        i.action,
        i.subject.fullName,
      ]),
      [86, 76, '*', 86, 86],
    ),
  );
  const doc: PdfDocument = {
    info: { title: 'Сведения о персональных данных', author: 'АИС «Контингент»' },
    content,
  };
  return renderPdf(doc);
}
