import { Checkbox, TextInput } from '@mantine/core';
import type { Ref } from 'react';
import { LabeledMultiSelect } from '../../LabeledSelect.tsx';
import { Section } from '../../organization-form/sections.tsx';
import { countryOptions } from '../person-format.ts';
import { NameBirthSexFields, SnilsField, textField } from './IdentityFields.tsx';
import type { PersonForm } from './usePersonForm.ts';

const COUNTRY_OPTIONS = countryOptions();

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
  return (
    <Section title={title} cols={3}>
      <NameBirthSexFields form={form} firstFieldRef={firstFieldRef} />
      <SnilsField form={form} />
      <TextInput label="Место рождения" {...textField(form, 'birthPlace')} className="span-2" />
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
