import {
  DOCUMENT_KIND_TITLES,
  EDUCATION_FORM_TITLES,
  EXIT_REASONS,
  ORDER_KIND_TITLES,
  PROMOTION_TYPE_TITLES,
} from '../../../common/movement-dictionary.ts';
import { PDF_STYLES, type PdfContent, type PdfDocument, renderPdf } from '../../platform/pdf/render-pdf.ts';
import type { OrderView } from './orders.schemas.ts';

type Line = OrderView['movements'][number];

const ru = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : '');
const fullName = (p: Line['person']) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

/** What the order does to one learner, in the words of an order's list. */
export function lineText(l: Line): string {
  const from = `с ${ru(l.effectiveOn)}`;
  const unit = l.unit ? ` в ${l.unit.name}` : '';
  const form = l.educationForm
    ? `, форма обучения: ${EDUCATION_FORM_TITLES[l.educationForm as 'full_time'].toLowerCase()}`
    : '';
  const programme = l.programme ? ` по программе «${l.programme.name}»` : '';
  switch (l.kind) {
    case 'enrollment':
      return `зачислить ${from}${unit}${programme}${form}`;
    case 'reinstatement':
      return `восстановить ${from}${unit}${programme}`;
    case 'internal_transfer':
      return `перевести ${from}${unit}${programme}${form}`;
    case 'promotion': {
      const how = PROMOTION_TYPE_TITLES[(l.promotionType ?? 'normal') as 'normal'].toLowerCase();
      const debt = l.debtSubjects
        ? ` (академическая задолженность: ${l.debtSubjects.join(', ')}; срок ликвидации до ${ru(l.debtDeadline)})`
        : '';
      return `${how} ${from}${unit}${debt}`;
    }
    case 'academic_leave':
      return `предоставить академический отпуск ${from}${l.leaveUntil ? ` по ${ru(l.leaveUntil)}` : ''}`;
    case 'return':
      return `допустить к обучению после академического отпуска ${from}`;
    case 'transfer_out':
      return `отчислить ${from} в порядке перевода в ${l.destination?.name ?? 'другую организацию'}`;
    case 'exit': {
      const reason = l.exitReason ? EXIT_REASONS[l.exitReason as 'PARENTS_WISH'].title.toLowerCase() : '';
      return `отчислить ${from}: ${reason}${l.destination ? ` (${l.destination.name})` : ''}`;
    }
    case 'graduation': {
      const d = l.document;
      const doc = d?.kind
        ? `; выдать ${DOCUMENT_KIND_TITLES[d.kind as 'certificate_basic'].toLowerCase()}${d.honours ? ' с отличием' : ''}` +
          `${d.series ? ` серия ${d.series}` : ''}${d.number ? ` № ${d.number}` : ''}` +
          `${d.regNumber ? `, рег. № ${d.regNumber}` : ''}${d.issuedOn ? ` от ${ru(d.issuedOn)}` : ''}`
        : '';
      return `отчислить ${from} в связи с получением образования${doc}`;
    }
  }
}

/** The order in the usual layout: the organization, «ПРИКАЗ», number and date, the list, the signature. */
export function orderPdfDocument(order: OrderView): PdfDocument {
  const title = ORDER_KIND_TITLES[order.kind];
  // A mass order keeps its lines unordered; the printed list goes by class, then by name.
  const lines = [...order.movements].sort(
    (a, b) =>
      (a.unit?.name ?? '').localeCompare(b.unit?.name ?? '', 'ru') ||
      fullName(a.person).localeCompare(fullName(b.person), 'ru') ||
      a.position - b.position,
  );
  const content: PdfContent[] = [
    { text: order.organization.fullName, alignment: 'center', bold: true, margin: [40, 0, 40, 16] },
    { text: 'ПРИКАЗ', style: 'title', alignment: 'center' },
    {
      columns: [
        { text: ru(order.orderDate), width: '*' },
        { text: `№ ${order.number}`, width: 'auto' },
      ],
      margin: [0, 0, 0, 12],
    },
    { text: title, bold: true, margin: [0, 0, 0, 8] },
  ];
  if (order.state === 'draft')
    content.push({ text: 'ПРОЕКТ: приказ не подписан', style: 'h3', color: '#a00' });
  if (order.cancelledBy)
    content.push({
      text: `Отменён приказом № ${order.cancelledBy.number} от ${ru(order.cancelledBy.orderDate)}`,
      style: 'h3',
      color: '#a00',
    });
  if (order.cancelsOrder)
    content.push(`Отменить приказ № ${order.cancelsOrder.number} от ${ru(order.cancelsOrder.orderDate)}.`);
  if (order.basis) content.push({ text: `Основание: ${order.basis}`, margin: [0, 0, 0, 8] });
  if (lines.length > 0) {
    content.push({ text: 'ПРИКАЗЫВАЮ:', bold: true, margin: [0, 4, 0, 6] });
    content.push({
      style: 'table',
      table: {
        headerRows: 1,
        widths: [18, 150, 52, '*'],
        body: [
          ['№', 'Фамилия, имя, отчество', 'Дата рождения', 'Движение'].map((t) => ({ text: t, bold: true })),
          ...lines.map((l, i) => [String(i + 1), fullName(l.person), ru(l.person.birthDate), lineText(l)]),
        ],
      },
      layout: 'lightHorizontalLines',
    });
  }
  content.push({
    columns: [
      { text: order.signerPosition ?? 'Руководитель', width: '*' },
      { text: '_______________', width: 'auto', margin: [0, 0, 16, 0] },
      { text: order.signerName ?? '', width: 'auto' },
    ],
    margin: [0, 28, 0, 0],
  });
  return {
    info: { title: `Приказ № ${order.number} от ${ru(order.orderDate)}`, subject: title },
    styles: PDF_STYLES,
    defaultStyle: { fontSize: 10 },
    content,
  };
}

export const renderOrderPdf = (order: OrderView) => renderPdf(orderPdfDocument(order));
