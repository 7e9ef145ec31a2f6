import { describe, expect, it } from 'vitest';
import type { PersonCard } from '../../../api/person-types.ts';
import {
  cardToValues,
  EMPTY_ROWS,
  emptyPersonValues,
  patchBody,
  requiredErrors,
  valuesToInput,
} from './person-values.ts';

const noDocumentExtras = { issuer: null, issuerCode: null, actRecordNumber: null, validUntil: null };

const card: PersonCard = {
  id: 'p1',
  lastName: 'Голубева',
  firstName: 'Варвара',
  middleName: 'Олеговна',
  birthDate: '2015-06-02',
  birthPlace: null,
  sex: 'female',
  citizenship: { codes: ['643'], stateless: false },
  snils: '11223344595',
  status: 'active',
  mergedIntoId: null,
  version: 4,
  documents: [
    { ...noDocumentExtras, id: 'd1', type: '03', series: 'III-СТ', number: '123456', issuedOn: '2015-06-20' },
    {
      ...noDocumentExtras,
      id: 'd2',
      type: '21',
      series: '2510',
      number: '654321',
      issuedOn: '2030-01-01',
      issuer: 'УВД',
    },
  ],
  addresses: [
    { kind: 'registration', text: 'г. Иркутск', garGuid: null, oktmo: null, validFrom: null, validTo: null },
  ],
  contacts: [],
  hardships: [],
  representatives: [],
  represents: [],
  enrollments: [],
};

describe('person form values', () => {
  it('sends only the version when nothing changed', () => {
    const initial = cardToValues(card);
    expect(patchBody(card, initial, cardToValues(card))).toEqual({ version: 4 });
  });

  it('sends changed fields; a cleared optional field becomes null', () => {
    const initial = cardToValues(card);
    const values = { ...initial, middleName: '', birthPlace: 'г. Иркутск', stateless: true };
    expect(patchBody(card, initial, values)).toEqual({
      version: 4,
      middleName: null,
      birthPlace: 'г. Иркутск',
      citizenship: { codes: [], stateless: true },
    });
  });

  it('keeps unchanged documents by id and replaces an edited one by a new document', () => {
    const initial = cardToValues(card);
    const documents = initial.documents.map((d) => (d.id === 'd2' ? { ...d, number: '111111' } : d));
    const body = patchBody(card, initial, { ...initial, documents });
    expect(body.documents).toEqual([
      { id: 'd1', type: '03', series: 'III-СТ', number: '123456', issuedOn: '2015-06-20' },
      { type: '21', series: '2510', number: '111111', issuedOn: '2030-01-01', issuer: 'УВД' },
    ]);
  });

  it('sends the list without a removed document', () => {
    const initial = cardToValues(card);
    const body = patchBody(card, initial, { ...initial, documents: initial.documents.slice(0, 1) });
    expect(body.documents).toEqual([
      { id: 'd1', type: '03', series: 'III-СТ', number: '123456', issuedOn: '2015-06-20' },
    ]);
  });

  it('drops rows left empty and flags half-filled ones', () => {
    const values = { ...emptyPersonValues(), documents: [EMPTY_ROWS.documents()] };
    expect(valuesToInput(values).documents).toEqual([]);
    values.documents[0]!.number = '123456';
    expect(requiredErrors(values)).toMatchObject({
      lastName: 'Обязательное поле',
      'documents.0.type': 'Выберите вид документа',
    });
  });
});
