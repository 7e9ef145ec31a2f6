import { describe, expect, it } from 'vitest';
import { lineText, orderPdfDocument } from './order-pdf.ts';
import type { OrderView } from './orders.schemas.ts';

const person = (lastName: string) => ({
  id: lastName,
  lastName,
  firstName: 'Анна',
  middleName: 'Игоревна',
  birthDate: '2015-03-04',
});
const line = (over: Partial<OrderView['movements'][number]>): OrderView['movements'][number] => ({
  id: 'm',
  position: 0,
  kind: 'enrollment',
  person: person('Яковлева'),
  enrollmentId: null,
  effectiveOn: '2026-09-01',
  programme: null,
  unit: null,
  educationForm: null,
  funding: null,
  promotionType: null,
  debtSubjects: null,
  debtDeadline: null,
  exitReason: null,
  destination: null,
  document: null,
  mastery: null,
  employment: null,
  leaveUntil: null,
  arrivalOf: null,
  note: null,
  enteredAt: '2026-09-01T03:00:00Z',
  late: false,
  ...over,
});

describe('the printed order', () => {
  it('says what happens to each learner in the words of an order', () => {
    expect(lineText(line({ unit: { id: 'u', name: '5А' }, educationForm: 'full_time' }))).toBe(
      'зачислить с 01.09.2026 в 5А, форма обучения: очная',
    );
    expect(
      lineText(
        line({
          kind: 'promotion',
          promotionType: 'conditional',
          unit: { id: 'u', name: '6Б' },
          debtSubjects: ['Математика'],
          debtDeadline: '2026-10-15',
        }),
      ),
    ).toBe(
      'переведён условно с 01.09.2026 в 6Б (академическая задолженность: Математика; срок ликвидации до 15.10.2026)',
    );
    expect(lineText(line({ kind: 'transfer_out', destination: { id: 'd', name: 'МБОУ СОШ № 5' } }))).toBe(
      'отчислить с 01.09.2026 в порядке перевода в МБОУ СОШ № 5',
    );
    expect(
      lineText(
        line({
          kind: 'graduation',
          document: {
            kind: 'certificate_basic',
            series: null,
            number: '12345',
            regNumber: '77',
            issuedOn: '2026-06-30',
            honours: true,
          },
        }),
      ),
    ).toBe(
      'отчислить с 01.09.2026 в связи с получением образования; выдать аттестат об основном общем образовании с отличием № 12345, рег. № 77 от 30.06.2026',
    );
  });

  it('has the organization, «ПРИКАЗ», number and date, the list by class and name, and the signer', () => {
    const doc = orderPdfDocument({
      id: 'o',
      organization: { id: 'g', name: 'СОШ № 1', fullName: 'МБОУ «Средняя школа № 1»' },
      number: '45-у',
      orderDate: '2026-08-28',
      kind: 'enrollment',
      state: 'signed',
      version: 2,
      signerName: 'Иванова М. П.',
      signerPosition: 'Директор',
      basis: 'Заявления родителей',
      signedAt: '2026-08-28T05:00:00Z',
      cancelsOrder: null,
      cancelledBy: null,
      createdAt: '2026-08-28T04:00:00Z',
      movements: [line({ person: person('Яковлева') }), line({ person: person('Алексеева'), position: 1 })],
    });
    const text = JSON.stringify(doc.content);
    for (const s of [
      'МБОУ «Средняя школа № 1»',
      'ПРИКАЗ',
      '№ 45-у',
      '28.08.2026',
      'О зачислении',
      'Директор',
      'Иванова М. П.',
    ])
      expect(text).toContain(s);
    expect(text.indexOf('Алексеева')).toBeLessThan(text.indexOf('Яковлева'));
  });
});
