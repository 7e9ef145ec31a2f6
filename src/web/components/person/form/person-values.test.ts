import { describe, expect, it } from 'vitest';
import type { PersonCard } from '../../../api/person-types.ts';
import {
  cardToValues,
  EMPTY_ROWS,
  emptyPersonValues,
  newLearnerValues,
  patchBody,
  presetDocumentType,
  requiredErrors,
  sexFromMiddleName,
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

  it('starts a new learner with a birth certificate that counts only once something is typed', () => {
    const values = newLearnerValues();
    expect(values.documents.map((d) => d.type)).toEqual(['03']);
    expect(values.citizenship).toEqual(['643']);
    expect(valuesToInput(values).documents).toEqual([]);
    expect(Object.keys(requiredErrors(values)).filter((k) => k.startsWith('documents'))).toEqual([]);
    values.documents[0]!.number = '123456';
    expect(valuesToInput(values).documents).toEqual([{ type: '03', number: '123456' }]);
    // A type chosen by the clerk (not preset) with nothing else is a half-filled row, as before.
    const chosen = { ...emptyPersonValues(), documents: [{ ...EMPTY_ROWS.documents(), type: '21' }] };
    expect(requiredErrors(chosen)['documents.0.number']).toBe('Обязательное поле');
  });

  it('presets the passport from the 14th birthday, the birth certificate before', () => {
    expect(presetDocumentType('2012-12-03', '2026-12-03')).toBe('21');
    expect(presetDocumentType('2012-12-04', '2026-12-03')).toBe('03');
    expect(presetDocumentType('31.02.2019', '2026-12-03')).toBe('03');
  });

  it('reads the sex a Russian patronymic states, and nothing from others', () => {
    expect(sexFromMiddleName('Тихоновна')).toBe('female');
    expect(sexFromMiddleName('Ильинична')).toBe('female');
    expect(sexFromMiddleName('Сергеевич ')).toBe('male');
    expect(sexFromMiddleName('Ильич')).toBe('male');
    expect(sexFromMiddleName('Али кызы')).toBe('female');
    expect(sexFromMiddleName('')).toBe('');
    expect(sexFromMiddleName('Smith')).toBe('');
  });
});
