import { Checkbox, TextInput } from '@mantine/core';
import { type Ref, useState } from 'react';
import { validateIdentifier } from '../../../../common/identifiers/index.ts';
import { SEX_TITLES } from '../../../../common/person-dictionary.ts';
import { LabeledMultiSelect, LabeledSelect } from '../../LabeledSelect.tsx';
import { toOptions } from '../../labels.ts';
import { Section } from '../../organization-form/sections.tsx';
import { countryOptions } from '../person-format.ts';
import { DateField } from './fields.tsx';
import type { ScalarField } from './person-values.ts';
import type { PersonForm } from './usePersonForm.ts';

const COUNTRY_OPTIONS = countryOptions();

/** Instant СНИЛС check (format and control number) once 11 digits are typed or the field is left. */
export function snilsHint(value: string, touched: boolean): string | undefined {
  const digits = value.replace(/\D/g, '');
  if (!value.trim() || (!touched && digits.length < 11)) return undefined;
  const r = validateIdentifier('snils', value);
  return r.valid ? undefined : (r.problems[0]?.detail ?? 'Неверный СНИЛС');
}

export function CoreSection({
  form,
  title = 'Личные данные',
  firstFieldRef,
}: {
  form: PersonForm;
  title?: string;
  /** The surname input, for a form that starts with the focus there. */
  firstFieldRef?: Ref<HTMLInputElement>;
}) {
  const { values, errors, set } = form;
  const [snilsTouched, setSnilsTouched] = useState(false);
  const text = (field: ScalarField) => ({
    value: values[field],
    onChange: (e: { currentTarget: { value: string } }) => set(field, e.currentTarget.value),
    error: errors[field],
  });
  return (
    <Section title={title} cols={3}>
      <TextInput label="Фамилия" required autoComplete="off" ref={firstFieldRef} {...text('lastName')} />
      <TextInput label="Имя" required autoComplete="off" {...text('firstName')} />
      <TextInput label="Отчество" autoComplete="off" description="При наличии" {...text('middleName')} />
      <DateField
        label="Дата рождения"
        required
        maxToday
        value={values.birthDate}
        onChange={(v) => set('birthDate', v)}
        error={errors.birthDate}
      />
      <LabeledSelect
        label="Пол"
        required
        // Picking the value shown again must not clear it (the sex may have been filled in from the patronymic).
        allowDeselect={false}
        data={toOptions(SEX_TITLES)}
        value={values.sex || null}
        onChange={(v) => set('sex', v ?? '')}
        error={errors.sex}
      />
      <TextInput
        label="СНИЛС"
        placeholder="000-000-000 00"
        inputMode="numeric"
        maxLength={20}
        {...text('snils')}
        onBlur={() => setSnilsTouched(true)}
        error={errors.snils ?? snilsHint(values.snils, snilsTouched)}
      />
      <TextInput label="Место рождения" {...text('birthPlace')} className="span-2" />
      <div>
        <LabeledMultiSelect
          label="Гражданство"
          required={!values.stateless}
          searchable
          disabled={values.stateless}
          data={COUNTRY_OPTIONS}
          value={values.stateless ? [] : values.citizenship}
          onChange={(v) => set('citizenship', v)}
          error={errors.citizenship}
          nothingFoundMessage="Страна не найдена"
        />
        <Checkbox
          mt={6}
          size="xs"
          label="Лицо без гражданства"
          checked={values.stateless}
          onChange={(e) => set('stateless', e.currentTarget.checked)}
        />
      </div>
    </Section>
  );
}
