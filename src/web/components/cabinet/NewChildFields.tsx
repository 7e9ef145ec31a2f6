import { SimpleGrid, TextInput } from '@mantine/core';
import {
  RELATION_TITLES,
  RELATIONS_NEEDING_AUTHORITY,
  type Relation,
  SEX_TITLES,
} from '../../../common/person-dictionary.ts';
import { DateField } from '../date/DateField.tsx';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { titleOptions } from '../useServerErrors.ts';

/** Form values keyed by the API's field path (without `body.`), so server problems land on their input. */
export type Values = Record<string, string>;
export type FieldProps = {
  values: Values;
  errors: Record<string, string>;
  set: (key: string, value: string) => void;
};

/** A text input bound to a value by its API path. */
export const bind = ({ values, errors, set }: FieldProps, key: string) => ({
  value: values[key] ?? '',
  onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value),
  error: errors[key],
});

/** A date bound the same way; DateField takes ДД.ММ.ГГГГ and hands back ГГГГ-ММ-ДД. */
const date = ({ values, errors, set }: FieldProps, key: string) => ({
  value: values[key] ?? '',
  onChange: (v: string) => set(key, v),
  error: errors[key],
});

/** The child registered with the application: what the birth certificate says, and who the parent is. */
export function NewChildFields(props: FieldProps) {
  const { values, errors, set } = props;
  const relation = values['newChild.relation'] as Relation | undefined;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
      <TextInput label="Фамилия" required autoComplete="off" {...bind(props, 'newChild.lastName')} />
      <TextInput label="Имя" required autoComplete="off" {...bind(props, 'newChild.firstName')} />
      <TextInput label="Отчество (если есть)" autoComplete="off" {...bind(props, 'newChild.middleName')} />
      <DateField label="Дата рождения" required maxToday {...date(props, 'newChild.birthDate')} />
      <LabeledSelect
        label="Пол"
        required
        data={titleOptions(SEX_TITLES)}
        value={values['newChild.sex'] || null}
        onChange={(v) => set('newChild.sex', v ?? '')}
        error={errors['newChild.sex']}
      />
      <TextInput
        label="СНИЛС ребёнка (если есть)"
        placeholder="123-456-789 01"
        inputMode="numeric"
        {...bind(props, 'newChild.snils')}
      />
      <TextInput
        label="Серия свидетельства о рождении"
        required
        placeholder="III-СТ"
        {...bind(props, 'newChild.birthCertificate.series')}
      />
      <TextInput
        label="Номер свидетельства"
        required
        placeholder="123456"
        inputMode="numeric"
        {...bind(props, 'newChild.birthCertificate.number')}
      />
      <DateField
        label="Дата выдачи свидетельства"
        required
        maxToday
        {...date(props, 'newChild.birthCertificate.issuedOn')}
      />
      <TextInput label="Кем выдано (если указано)" {...bind(props, 'newChild.birthCertificate.issuer')} />
      <LabeledSelect
        label="Кем вы приходитесь ребёнку"
        required
        data={titleOptions(RELATION_TITLES)}
        value={relation ?? null}
        onChange={(v) => set('newChild.relation', v ?? '')}
        error={errors['newChild.relation']}
      />
      {relation && RELATIONS_NEEDING_AUTHORITY.includes(relation) && (
        <TextInput
          label="Документ о полномочиях"
          required
          placeholder="Решение органа опеки № … от …"
          {...bind(props, 'newChild.authorityDocument')}
        />
      )}
    </SimpleGrid>
  );
}

/** What the registry needs of a parent it does not know yet, beyond the name ЕСИА gave. */
export function ApplicantFields(props: FieldProps & { fullName: string }) {
  const { values, errors, set, fullName } = props;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
      <TextInput label="ФИО (из Госуслуг)" value={fullName} readOnly variant="filled" />
      <DateField label="Ваша дата рождения" required maxToday {...date(props, 'applicant.birthDate')} />
      <LabeledSelect
        label="Ваш пол"
        required
        data={titleOptions(SEX_TITLES)}
        value={values['applicant.sex'] || null}
        onChange={(v) => set('applicant.sex', v ?? '')}
        error={errors['applicant.sex'] ?? errors.applicant}
      />
    </SimpleGrid>
  );
}
