import { TextInput } from '@mantine/core';
import { type Ref, useState } from 'react';
import { validateIdentifier } from '../../../../common/identifiers/index.ts';
import { SEX_TITLES } from '../../../../common/person-dictionary.ts';
import { LabeledSelect } from '../../LabeledSelect.tsx';
import { toOptions } from '../../labels.ts';
import { DateField } from './fields.tsx';
import type { ScalarField } from './person-values.ts';
import type { PersonForm } from './usePersonForm.ts';

/** Instant СНИЛС check (format and control number) once 11 digits are typed or the field is left. */
export function snilsHint(value: string, touched: boolean): string | undefined {
  const digits = value.replace(/\D/g, '');
  if (!value.trim() || (!touched && digits.length < 11)) return undefined;
  const r = validateIdentifier('snils', value);
  return r.valid ? undefined : (r.problems[0]?.detail ?? 'Неверный СНИЛС');
}

/** A text input bound to one scalar field of the person form. */
export const textField = ({ values, errors, set }: PersonForm, field: ScalarField) => ({
  value: values[field],
  onChange: (e: { currentTarget: { value: string } }) => set(field, e.currentTarget.value),
  error: errors[field],
});

/**
 * Who the person is, as every person form asks it: ФИО, birth date and sex, in this order for Tab. The
 * learner's and the new parent's forms share it so that both read and validate alike.
 */
export function NameBirthSexFields({
  form,
  firstFieldRef,
}: {
  form: PersonForm;
  /** The surname input, for a form that starts with the focus there. */
  firstFieldRef?: Ref<HTMLInputElement> | undefined;
}) {
  const { values, errors, set } = form;
  return (
    <>
      <TextInput
        label="Фамилия"
        required
        autoComplete="off"
        ref={firstFieldRef}
        {...textField(form, 'lastName')}
      />
      <TextInput label="Имя" required autoComplete="off" {...textField(form, 'firstName')} />
      <TextInput
        label="Отчество"
        autoComplete="off"
        description="При наличии"
        {...textField(form, 'middleName')}
      />
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
    </>
  );
}

/** СНИЛС with its check shown once the field is left or all 11 digits are typed. */
export function SnilsField({ form, description }: { form: PersonForm; description?: string }) {
  const [touched, setTouched] = useState(false);
  return (
    <TextInput
      label="СНИЛС"
      description={description}
      placeholder="000-000-000 00"
      inputMode="numeric"
      maxLength={20}
      {...textField(form, 'snils')}
      onBlur={() => setTouched(true)}
      error={form.errors.snils ?? snilsHint(form.values.snils, touched)}
    />
  );
}
