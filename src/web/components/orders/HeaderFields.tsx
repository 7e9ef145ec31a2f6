import { SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { ORDER_KIND_TITLES, ORDER_KINDS, type OrderKind } from '../../../common/movement-dictionary.ts';
import { DateField } from '../date/DateField.tsx';
import { LabeledSelect } from '../LabeledSelect.tsx';
import type { Header } from './order-lines.ts';

type Props = {
  header: Header;
  errors: Record<string, string>;
  onChange: (patch: Partial<Header>) => void;
  /** The kind of a saved draft is fixed: its lines were written for it. */
  kindLocked: boolean;
};

/** The order's own details as on paper: kind, number, date, who signs, on what basis. */
export function HeaderFields({ header, errors, onChange, kindLocked }: Props) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
      <LabeledSelect
        label="Вид приказа"
        required
        data={ORDER_KINDS.map((k) => ({ value: k, label: ORDER_KIND_TITLES[k] }))}
        value={header.kind}
        onChange={(v) => v && onChange({ kind: v as OrderKind })}
        allowDeselect={false}
        disabled={kindLocked}
        error={errors.kind}
      />
      <TextInput
        label="Номер приказа"
        required
        placeholder="Например, 45-у"
        value={header.number}
        onChange={(e) => onChange({ number: e.currentTarget.value })}
        error={errors.number}
      />
      <DateField
        label="Дата приказа"
        required
        value={header.orderDate}
        onChange={(v) => onChange({ orderDate: v })}
        error={errors.orderDate}
      />
      <TextInput
        label="Подписал (ФИО)"
        placeholder="Например, Смирнова О. П."
        value={header.signerName}
        onChange={(e) => onChange({ signerName: e.currentTarget.value })}
        error={errors.signerName}
      />
      <TextInput
        label="Должность подписавшего"
        placeholder="Директор"
        value={header.signerPosition}
        onChange={(e) => onChange({ signerPosition: e.currentTarget.value })}
        error={errors.signerPosition}
      />
      <Textarea
        label="Основание"
        placeholder="Например, заявление родителя от 28.08.2026"
        autosize
        minRows={1}
        value={header.basis}
        onChange={(e) => onChange({ basis: e.currentTarget.value })}
        error={errors.basis}
      />
    </SimpleGrid>
  );
}
