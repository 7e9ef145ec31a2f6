import { Button, NumberInput, Paper, SimpleGrid, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { DateField } from '../date/DateField.tsx';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { legalFormOptions, ORG_KIND_LABELS, toOptions } from '../labels.ts';
import { OrganizationPicker, type OrgOption } from '../OrganizationPicker.tsx';
import { TerritorySelect } from '../TerritorySelect.tsx';
import type { useFormState } from '../useFormState.ts';
import type { OrgField, OrgFormValues } from './values.ts';

export type OrgForm = ReturnType<typeof useFormState<OrgFormValues>>;

export function Section({
  title,
  children,
  cols = 2,
}: {
  title: string;
  children: ReactNode;
  cols?: number;
}) {
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, md: cols }} spacing="sm" verticalSpacing="xs">
        {children}
      </SimpleGrid>
    </Paper>
  );
}

function OrgDateField({ form, field, label }: { form: OrgForm; field: OrgField; label: string }) {
  return (
    <DateField
      label={label}
      value={form.values[field]}
      onChange={(v) => form.set(field, v)}
      error={form.errors[field]}
    />
  );
}

type MainProps = {
  form: OrgForm;
  mode: 'create' | 'edit';
  parentOption?: OrgOption | null;
  excludeId?: string;
};

export function MainSection({ form, mode, parentOption, excludeId }: MainProps) {
  const { values, errors, set } = form;
  return (
    <Section title="Основные сведения">
      <TextInput
        label="Полное наименование"
        required
        {...form.text('fullName')}
        style={{ gridColumn: '1 / -1' }}
      />
      <TextInput label="Краткое наименование" required {...form.text('shortName')} />
      <LabeledSelect
        label="Вид организации"
        required
        disabled={mode === 'edit'}
        description={mode === 'edit' ? 'Вид организации не изменяется' : undefined}
        data={toOptions(ORG_KIND_LABELS)}
        value={values.kind || null}
        onChange={(v) => set('kind', v ?? '')}
        error={errors.kind}
      />
      <LabeledSelect
        label="Организационно-правовая форма"
        required
        searchable
        data={legalFormOptions()}
        value={values.legalForm || null}
        onChange={(v) => set('legalForm', v ?? '')}
        error={errors.legalForm}
      />
      <TerritorySelect
        label="Муниципальное образование"
        required
        value={values.territoryId || null}
        onChange={(v) => set('territoryId', v ?? '')}
        error={errors.territoryId}
      />
      <OrganizationPicker
        label="Головная организация"
        description="Заполняется только для филиала"
        value={values.parentOrganizationId || null}
        onChange={(v) => set('parentOrganizationId', v ?? '')}
        initialOption={parentOption}
        excludeId={excludeId}
        error={errors.parentOrganizationId}
      />
      <NumberInput
        label="Вместимость (мест)"
        min={0}
        allowDecimal={false}
        allowNegative={false}
        thousandSeparator=" "
        value={values.capacity}
        onChange={(v) => set('capacity', String(v))}
        error={errors.capacity}
      />
    </Section>
  );
}

type IdInput = (field: OrgField) => {
  value: string;
  onChange: (e: { currentTarget: { value: string } }) => void;
  onBlur: () => void;
  error: string | undefined;
};

export function RequisitesSection({ form, idInput }: { form: OrgForm; idInput: IdInput }) {
  return (
    <Section title="Реквизиты" cols={3}>
      <TextInput label="ИНН" required inputMode="numeric" maxLength={12} {...idInput('inn')} />
      <TextInput label="КПП" required inputMode="numeric" maxLength={9} {...idInput('kpp')} />
      <TextInput label="ОГРН" required inputMode="numeric" maxLength={15} {...idInput('ogrn')} />
      <TextInput label="Наименование учредителя" {...form.text('founder.name')} className="span-2" />
      {/* Not «ИНН учредителя»: a label containing «ИНН» would make the organization's ИНН ambiguous by label. */}
      <TextInput
        label="Учредитель: идентификационный номер налогоплательщика"
        inputMode="numeric"
        maxLength={12}
        {...idInput('founder.inn')}
      />
    </Section>
  );
}

export function AddressSection({ form }: { form: OrgForm }) {
  const copyLegal = () => {
    form.set('actualAddress.text', form.values['legalAddress.text']);
    form.set('actualAddress.fiasGuid', form.values['legalAddress.fiasGuid']);
    form.set('actualAddress.oktmo', form.values['legalAddress.oktmo']);
  };
  return (
    <Section title="Адреса" cols={4}>
      <TextInput label="Юридический адрес" {...form.text('legalAddress.text')} className="span-2" />
      <TextInput label="Юридический адрес: код ГАР (ФИАС)" {...form.text('legalAddress.fiasGuid')} />
      <TextInput label="Юридический адрес: ОКТМО" maxLength={11} {...form.text('legalAddress.oktmo')} />
      <TextInput label="Фактический адрес" {...form.text('actualAddress.text')} className="span-2" />
      <TextInput label="Фактический адрес: код ГАР (ФИАС)" {...form.text('actualAddress.fiasGuid')} />
      <TextInput label="Фактический адрес: ОКТМО" maxLength={11} {...form.text('actualAddress.oktmo')} />
      <div>
        <Button variant="subtle" size="xs" onClick={copyLegal}>
          Фактический адрес совпадает с юридическим
        </Button>
      </div>
    </Section>
  );
}

export function HeadSection({ form }: { form: OrgForm }) {
  return (
    <Section title="Руководитель и контакты" cols={3}>
      <TextInput label="ФИО руководителя" {...form.text('head.fullName')} />
      <TextInput label="Должность руководителя" {...form.text('head.position')} />
      <TextInput label="Телефон руководителя" type="tel" {...form.text('head.phone')} />
      <TextInput label="Телефон организации" type="tel" {...form.text('contacts.phone')} />
      <TextInput label="Электронная почта" type="email" {...form.text('contacts.email')} />
      <TextInput label="Сайт" placeholder="https://" {...form.text('contacts.website')} />
    </Section>
  );
}

export function LicenceSection({ form }: { form: OrgForm }) {
  return (
    <Section title="Лицензия и аккредитация" cols={4}>
      <TextInput label="Номер лицензии" {...form.text('licence.number')} />
      <OrgDateField form={form} field="licence.issuedOn" label="Дата выдачи лицензии" />
      <TextInput label="Орган, выдавший лицензию" {...form.text('licence.issuer')} />
      <TextInput label="Номер записи в реестре лицензий" {...form.text('licence.registryNumber')} />
      <TextInput label="Номер свидетельства об аккредитации" {...form.text('accreditation.number')} />
      <OrgDateField form={form} field="accreditation.issuedOn" label="Дата выдачи свидетельства" />
      <OrgDateField form={form} field="accreditation.validUntil" label="Свидетельство действительно до" />
    </Section>
  );
}
