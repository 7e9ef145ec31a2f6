import { TextInput } from '@mantine/core';
import { DOCUMENT_TYPE_TITLES } from '../../../../common/person-dictionary.ts';
import { LabeledSelect } from '../../LabeledSelect.tsx';
import { toOptions } from '../../labels.ts';
import { DateField, ListSection, RowFrame } from './fields.tsx';
import type { DocumentRow } from './person-values.ts';
import type { PersonForm } from './usePersonForm.ts';

const TYPE_OPTIONS = toOptions(DOCUMENT_TYPE_TITLES);
const SERIES_PLACEHOLDER: Record<string, string> = { '03': 'IV-АБ', '21': '0000' };
const BIRTH_CERTS = ['03', '23'];
const TEMPORARY = ['10', '12', '15', '19', '13', '91'];

export function DocumentsSection({ form }: { form: PersonForm }) {
  const { values, errors } = form;
  return (
    <ListSection
      title="Документы, удостоверяющие личность"
      addLabel="Добавить документ"
      empty="Документы не указаны"
      count={values.documents.length}
      onAdd={() => form.add('documents')}
    >
      {values.documents.map((d, i) => {
        const err = (f: keyof DocumentRow) => errors[`documents.${i}.${f}`];
        const text = (f: Exclude<keyof DocumentRow, 'preset'>) => ({
          value: d[f] ?? '',
          onChange: (e: { currentTarget: { value: string } }) =>
            form.setItem('documents', i, f, e.currentTarget.value),
          error: err(f),
        });
        const date = (f: 'issuedOn' | 'validUntil') => ({
          value: d[f],
          onChange: (v: string) => form.setItem('documents', i, f, v),
          error: err(f),
        });
        return (
          <RowFrame
            key={d.key}
            removeLabel="Удалить документ"
            onRemove={() => form.remove('documents', i)}
            note={
              d.id
                ? 'Сохраненный документ: при изменении он будет заменен новым, прежний останется в истории'
                : undefined
            }
          >
            <LabeledSelect
              label="Вид документа"
              required
              data={TYPE_OPTIONS}
              value={d.type || null}
              onChange={(v) => form.setItem('documents', i, 'type', v ?? '')}
              error={err('type')}
              className="span-2"
            />
            <TextInput label="Серия" placeholder={SERIES_PLACEHOLDER[d.type]} {...text('series')} />
            <TextInput label="Номер" required {...text('number')} />
            <DateField label="Дата выдачи" maxToday {...date('issuedOn')} />
            <TextInput label="Кем выдан" {...text('issuer')} className="span-2" />
            {d.type === '21' && (
              <TextInput label="Код подразделения" placeholder="000-000" {...text('issuerCode')} />
            )}
            {BIRTH_CERTS.includes(d.type) && (
              <TextInput label="Номер актовой записи" {...text('actRecordNumber')} />
            )}
            {TEMPORARY.includes(d.type) && <DateField label="Действителен до" {...date('validUntil')} />}
          </RowFrame>
        );
      })}
    </ListSection>
  );
}
