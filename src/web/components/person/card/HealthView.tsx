import { Stack, Title } from '@mantine/core';
import type { CitizenHealth } from '../../../api/citizen.ts';
import { formatDate } from '../../format.ts';
import { InfoGrid } from '../../InfoGrid.tsx';
import {
  DISABILITY_CATEGORY_TITLES,
  DISABILITY_GROUP_TITLES,
  HEALTH_GROUP_TITLES,
  LONG_TERM_TREATMENT_TITLES,
  PE_GROUP_TITLES,
} from '../health-labels.ts';
import { SimpleTable } from './PersonInfo.tsx';

/** Health data read-only: groups, disability, ОВЗ (ПМПК), long-term treatment. */
export function HealthView({ h }: { h: NonNullable<CitizenHealth> }) {
  return (
    <Stack gap="md" data-testid="health-view">
      <InfoGrid
        cols={4}
        items={[
          { label: 'Группа здоровья', value: h.healthGroup ? HEALTH_GROUP_TITLES[h.healthGroup] : null },
          {
            label: 'Медицинская группа для занятий физкультурой',
            value: h.peGroup && PE_GROUP_TITLES[h.peGroup],
          },
          { label: 'Нуждается в адаптированной программе', value: h.needsAdaptedProgram ? 'Да' : 'Нет' },
          {
            label: 'Длительное лечение',
            value: h.longTermTreatment ? LONG_TERM_TREATMENT_TITLES[h.longTermTreatment] : 'Нет',
          },
        ]}
      />
      <Title order={5}>Инвалидность</Title>
      <SimpleTable
        empty="Сведений об инвалидности нет"
        head={['Категория', 'Группа', 'Установлена', 'Срок', 'Причина', 'ИПРА']}
        rows={h.disabilities.map((d) => [
          DISABILITY_CATEGORY_TITLES[d.category] ?? d.category,
          d.group ? DISABILITY_GROUP_TITLES[d.group] : null,
          formatDate(d.validFrom),
          d.validUntil ? formatDate(d.validUntil) : 'бессрочно',
          d.cause,
          d.ipraNumber ? `№ ${d.ipraNumber}${d.ipraDate ? ` от ${formatDate(d.ipraDate)}` : ''}` : null,
        ])}
      />
      <Title order={5}>Ограниченные возможности здоровья (заключения ПМПК)</Title>
      <SimpleTable
        empty="Заключений ПМПК нет"
        head={['Дата заключения', 'Номер', 'Рекомендованная программа', 'Действует до']}
        rows={h.specialNeeds.map((n) => [
          formatDate(n.pmpkDate),
          n.pmpkNumber,
          n.recommendedProgram,
          n.validUntil ? formatDate(n.validUntil) : null,
        ])}
      />
    </Stack>
  );
}
