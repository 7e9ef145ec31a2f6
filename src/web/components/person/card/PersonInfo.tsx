import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PersonCard } from '../../../api/person-types.ts';
import { formatDate } from '../../format.ts';
import { InfoGrid } from '../../InfoGrid.tsx';
import { ScrollTable } from '../../ScrollTable.tsx';
import {
  addressKindTitle,
  CONTACT_KIND_TITLES,
  citizenshipText,
  contactText,
  documentNumberText,
  documentTypeTitle,
  enrollmentStateText,
  hardshipTitle,
  sexTitle,
  snilsText,
} from '../person-format.ts';

/** The person's own data: what a card shows and what a history snapshot holds. */
export type PersonData = Pick<
  PersonCard,
  | 'lastName'
  | 'firstName'
  | 'middleName'
  | 'birthDate'
  | 'birthPlace'
  | 'sex'
  | 'citizenship'
  | 'snils'
  | 'documents'
  | 'addresses'
  | 'contacts'
  | 'hardships'
>;

export function CoreInfo({ p }: { p: PersonData }) {
  return (
    <InfoGrid
      cols={4}
      items={[
        { label: 'Фамилия', value: p.lastName },
        { label: 'Имя', value: p.firstName },
        { label: 'Отчество', value: p.middleName },
        { label: 'Дата рождения', value: formatDate(p.birthDate) },
        { label: 'Пол', value: p.sex ? sexTitle(p.sex) : null },
        { label: 'СНИЛС', value: p.snils ? snilsText(p.snils) : null },
        { label: 'Гражданство', value: citizenshipText(p.citizenship) },
        { label: 'Место рождения', value: p.birthPlace },
      ]}
    />
  );
}

/** A compact read-only table; «нет» text when empty. */
export function SimpleTable({
  head,
  rows,
  empty,
  testId,
  label,
}: {
  head: string[];
  /** The name of the table's scroll frame for assistive technology. */
  label?: string;
  rows: ReactNode[][];
  empty: string;
  testId?: string;
}) {
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  // On a phone a table of several columns scrolls inside its frame, not the page.
  return (
    <ScrollTable label={label ?? head[0] ?? ''}>
      <Table withTableBorder fz="sm" verticalSpacing={4} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {head.map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: read-only rows without ids
            <Table.Tr key={i}>
              {r.map((c, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                <Table.Td key={j}>{c === null || c === undefined || c === '' ? '—' : c}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

export const DocumentsTable = ({ p }: { p: Pick<PersonData, 'documents'> }) => (
  <SimpleTable
    testId="documents-table"
    empty="Документы не указаны"
    head={[
      'Вид документа',
      'Серия и номер',
      'Дата выдачи',
      'Кем выдан',
      'Актовая запись / код',
      'Действителен до',
    ]}
    rows={p.documents.map((d) => [
      documentTypeTitle(d.type),
      documentNumberText(d),
      formatDate(d.issuedOn),
      d.issuer,
      d.actRecordNumber ?? d.issuerCode,
      d.validUntil ? formatDate(d.validUntil) : null,
    ])}
  />
);

export const AddressesTable = ({ p }: { p: Pick<PersonData, 'addresses'> }) => (
  <SimpleTable
    empty="Адреса не указаны"
    head={['Вид', 'Адрес', 'ОКТМО', 'Действует с', 'Действует по']}
    rows={p.addresses.map((a) => [
      addressKindTitle(a.kind),
      a.text,
      a.oktmo,
      a.validFrom ? formatDate(a.validFrom) : null,
      a.validTo ? formatDate(a.validTo) : null,
    ])}
  />
);

export const ContactsTable = ({ p }: { p: Pick<PersonData, 'contacts'> }) => (
  <SimpleTable
    empty="Контакты не указаны"
    head={['Вид', 'Значение', 'Примечание']}
    rows={p.contacts.map((c) => [CONTACT_KIND_TITLES[c.kind] ?? c.kind, contactText(c), c.note])}
  />
);

export const HardshipsTable = ({ p }: { p: Pick<PersonData, 'hardships'> }) => (
  <SimpleTable
    empty="Не относится к категориям ТЖС"
    head={['Категория', 'Начало', 'Окончание', 'Комментарий']}
    rows={p.hardships.map((h) => [
      hardshipTitle(h.category),
      formatDate(h.startedOn),
      h.endedOn ? formatDate(h.endedOn) : null,
      h.note,
    ])}
  />
);

export const EnrollmentsTable = ({ p }: { p: Pick<PersonCard, 'enrollments' | 'sex'> }) => (
  <SimpleTable
    testId="enrollments-table"
    label="Обучение"
    empty="Сведений об обучении нет"
    head={['Организация', 'Дата зачисления', 'Дата выбытия', 'Состояние']}
    rows={p.enrollments.map((e) => [
      e.organizationName,
      formatDate(e.startedOn),
      e.endedOn ? formatDate(e.endedOn) : '—',
      enrollmentStateText(e, p.sex),
    ])}
  />
);
