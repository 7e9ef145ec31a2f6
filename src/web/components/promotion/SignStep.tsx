import { SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { DateField } from '../date/DateField.tsx';

export type SignValues = {
  number: string;
  graduationNumber: string;
  orderDate: string;
  effectiveOn: string;
  signerName: string;
  signerPosition: string;
  undoDeadline: string;
};

type Props = {
  values: SignValues;
  onChange: (patch: Partial<SignValues>) => void;
  errors: Record<string, string>;
  graduates: boolean;
  territory: boolean;
};

/** Step 4: the details of the orders the run signs, one per school (and one of graduation). */
export function SignStep({ values, onChange, errors, graduates, territory }: Props) {
  return (
    <Stack gap="sm">
      <Text size="sm">
        {territory
          ? 'Каждая школа получит свой приказ о переводе (и о выпуске) с этими номером и датой.'
          : 'Будут подписаны приказ о переводе и, если есть выпускники, приказ об отчислении в связи с получением образования.'}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label="Номер приказа о переводе"
          required
          value={values.number}
          onChange={(e) => onChange({ number: e.currentTarget.value })}
          error={errors.number}
        />
        <TextInput
          label="Номер приказа о выпуске"
          required
          description={graduates ? undefined : 'Выпускников нет: номер не будет использован'}
          value={values.graduationNumber}
          onChange={(e) => onChange({ graduationNumber: e.currentTarget.value })}
          error={errors.graduationNumber}
        />
        <DateField
          label="Дата приказов"
          required
          value={values.orderDate}
          onChange={(v) => onChange({ orderDate: v })}
          error={errors.orderDate}
        />
        <DateField
          label="Дата перевода"
          required
          description="Обычно 1 сентября нового учебного года"
          value={values.effectiveOn}
          onChange={(v) => onChange({ effectiveOn: v })}
          error={errors.effectiveOn}
        />
        <TextInput
          label="Подписал (ФИО)"
          value={values.signerName}
          onChange={(e) => onChange({ signerName: e.currentTarget.value })}
          error={errors.signerName}
        />
        <TextInput
          label="Должность"
          value={values.signerPosition}
          onChange={(e) => onChange({ signerPosition: e.currentTarget.value })}
          error={errors.signerPosition}
        />
        <DateField
          label="Отменить перевод можно до"
          required
          value={values.undoDeadline}
          onChange={(v) => onChange({ undoDeadline: v })}
          error={errors.undoDeadline}
        />
      </SimpleGrid>
    </Stack>
  );
}
