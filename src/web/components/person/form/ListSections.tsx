import { TextInput } from '@mantine/core';
import { ADDRESS_KIND_TITLES, HARDSHIP_CATEGORIES } from '../../../../common/person-dictionary.ts';
import { LabeledSelect } from '../../LabeledSelect.tsx';
import { toOptions } from '../../labels.ts';
import { CONTACT_KIND_TITLES } from '../person-format.ts';
import { DateField, ListSection, RowFrame } from './fields.tsx';
import type { ListName, Lists } from './person-values.ts';
import type { PersonForm } from './usePersonForm.ts';

/** Input props bound to one field of one row. */
function binder<L extends ListName>(form: PersonForm, list: L, i: number, row: Lists[L]) {
  const error = (f: keyof Lists[L]) => form.errors[`${list}.${i}.${String(f)}`];
  return {
    error,
    text: (f: keyof Lists[L]) => ({
      value: String(row[f] ?? ''),
      onChange: (e: { currentTarget: { value: string } }) => form.setItem(list, i, f, e.currentTarget.value),
      error: error(f),
    }),
    date: (f: keyof Lists[L]) => ({
      value: String(row[f] ?? ''),
      onChange: (v: string) => form.setItem(list, i, f, v),
      error: error(f),
    }),
    select: (f: keyof Lists[L]) => ({
      value: String(row[f] ?? '') || null,
      onChange: (v: string | null) => form.setItem(list, i, f, v ?? ''),
      error: error(f),
    }),
  };
}

export function AddressesSection({ form }: { form: PersonForm }) {
  const rows = form.values.addresses;
  return (
    <ListSection
      title="Адреса"
      addLabel="Добавить адрес"
      empty="Адреса не указаны"
      count={rows.length}
      onAdd={() => form.add('addresses')}
    >
      {rows.map((a, i) => {
        const b = binder(form, 'addresses', i, a);
        return (
          <RowFrame key={a.key} removeLabel="Удалить адрес" onRemove={() => form.remove('addresses', i)}>
            <LabeledSelect label="Вид адреса" data={toOptions(ADDRESS_KIND_TITLES)} {...b.select('kind')} />
            <TextInput label="Адрес" required {...b.text('text')} className="span-3" />
            <TextInput label="Код ГАР" {...b.text('garGuid')} />
            <TextInput label="ОКТМО" maxLength={11} inputMode="numeric" {...b.text('oktmo')} />
            <DateField label="Действует с" {...b.date('validFrom')} />
            <DateField label="Действует по" {...b.date('validTo')} />
          </RowFrame>
        );
      })}
    </ListSection>
  );
}

export function ContactsSection({ form }: { form: PersonForm }) {
  const rows = form.values.contacts;
  return (
    <ListSection
      title="Контакты"
      addLabel="Добавить контакт"
      empty="Контакты не указаны"
      count={rows.length}
      onAdd={() => form.add('contacts')}
    >
      {rows.map((c, i) => {
        const b = binder(form, 'contacts', i, c);
        return (
          <RowFrame
            key={c.key}
            removeLabel="Удалить контакт"
            onRemove={() => form.remove('contacts', i)}
            cols={3}
          >
            <LabeledSelect label="Вид контакта" data={toOptions(CONTACT_KIND_TITLES)} {...b.select('kind')} />
            <TextInput
              label={c.kind === 'email' ? 'Адрес электронной почты' : 'Номер телефона'}
              required
              type={c.kind === 'email' ? 'email' : 'tel'}
              {...b.text('value')}
            />
            <TextInput label="Примечание" {...b.text('note')} />
          </RowFrame>
        );
      })}
    </ListSection>
  );
}

export function HardshipsSection({ form }: { form: PersonForm }) {
  const rows = form.values.hardships;
  return (
    <ListSection
      title="Трудная жизненная ситуация"
      addLabel="Добавить категорию ТЖС"
      empty="Не относится"
      count={rows.length}
      onAdd={() => form.add('hardships')}
    >
      {rows.map((h, i) => {
        const b = binder(form, 'hardships', i, h);
        return (
          <RowFrame
            key={h.key}
            removeLabel="Удалить категорию ТЖС"
            onRemove={() => form.remove('hardships', i)}
          >
            <LabeledSelect
              label="Категория ТЖС"
              required
              searchable
              data={toOptions(HARDSHIP_CATEGORIES)}
              {...b.select('category')}
              className="span-2"
            />
            <DateField label="Начало" required maxToday {...b.date('startedOn')} />
            <DateField label="Окончание" {...b.date('endedOn')} />
            <TextInput label="Комментарий" {...b.text('note')} style={{ gridColumn: '1 / -1' }} />
          </RowFrame>
        );
      })}
    </ListSection>
  );
}
