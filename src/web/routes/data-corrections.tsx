import { Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CORRECTION_SECTION_TITLES } from '../../common/data-correction-sections.ts';
import { formatInstant } from '../../common/dates/format-instant.ts';
import {
  type CorrectionStatusFilter,
  type CorrectionTask,
  correctionTasksQuery,
  useResolveCorrection,
} from '../api/data-corrections.ts';
import { RecordList } from '../components/cabinet/RecordList.tsx';
import { formatDate } from '../components/format.ts';
import { AnchorLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ListSkeleton } from '../components/Skeletons.tsx';

function Person({ t }: { t: CorrectionTask }) {
  return (
    <Stack gap={0}>
      <AnchorLink to="/persons/$id" params={{ id: t.person.id }}>
        {t.person.fullName}
      </AnchorLink>
      <Text size="xs">{formatDate(t.person.birthDate)}</Text>
    </Stack>
  );
}

/**
 * «Обращения граждан»: parents' reports of mistakes in their or their child's record, addressed to
 * the organization that keeps it. The clerk fixes the record on the person's card and marks the
 * report «Исправлено»; the parent sees that mark in the cabinet.
 */
export function DataCorrectionsPage() {
  const [status, setStatus] = useState<CorrectionStatusFilter>('open');
  const query = useQuery(correctionTasksQuery(status));
  const resolve = useResolveCorrection();
  const zone = query.data?.timeZone ?? 'Asia/Irkutsk';
  const items = query.data?.items ?? [];

  const done = async (t: CorrectionTask) => {
    try {
      await resolve.mutateAsync(t.id);
      notifySuccess('Обращение отмечено как исправленное');
    } catch (err) {
      notifyError(err, 'Не удалось отметить обращение');
    }
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <Title order={1} size="h2">
          Обращения граждан
        </Title>
        <SegmentedControl
          value={status}
          onChange={(v) => setStatus(v as CorrectionStatusFilter)}
          aria-label="Какие обращения показать"
          data={[
            { value: 'open', label: 'Ждут исправления' },
            { value: 'done', label: 'Исправлены' },
            { value: 'all', label: 'Все' },
          ]}
        />
      </Group>
      <Text size="sm" c="dimmed">
        Родители сообщают об ошибках в сведениях о себе и детях. Исправьте запись в карточке человека и
        отметьте обращение — родитель увидит отметку в личном кабинете.
      </Text>
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить обращения" />}
      {query.isPending ? (
        <ListSkeleton />
      ) : (
        <RecordList
          label="Обращения граждан"
          testId="data-corrections"
          empty={status === 'open' ? 'Обращений, ждущих исправления, нет' : 'Обращений нет'}
          head={['Поступило', 'Чьи сведения', 'Где ошибка', 'Сообщение', 'Организация', 'Состояние']}
          rows={items.map((t) => ({
            key: t.id,
            cells: [
              formatInstant(t.createdAt, zone),
              <Person key="p" t={t} />,
              CORRECTION_SECTION_TITLES[t.section],
              <Text key="t" size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {t.text}
              </Text>,
              t.organization.name,
              t.status === 'done' ? (
                <Text key="s" size="sm">
                  Исправлено {formatInstant(t.resolvedAt, zone)}
                  {t.resolvedBy ? `, ${t.resolvedBy}` : ''}
                </Text>
              ) : (
                <Stack key="s" gap={4} align="flex-start">
                  <Text size="sm">Ждет исправления</Text>
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => done(t)}
                    loading={resolve.isPending && resolve.variables === t.id}
                    aria-label={`Исправлено: ${t.person.fullName}`}
                  >
                    Исправлено
                  </Button>
                </Stack>
              ),
            ],
          }))}
        />
      )}
    </Stack>
  );
}
