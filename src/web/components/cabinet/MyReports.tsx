import { Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { CORRECTION_SECTION_TITLES } from '../../../common/data-correction-sections.ts';
import { formatInstant } from '../../../common/dates/format-instant.ts';
import { ownCorrectionsQuery } from '../../api/data-corrections.ts';
import { RecordList } from './RecordList.tsx';

/** The citizen's reports of mistakes and whether the organization has fixed them. */
export function MyReports() {
  const query = useQuery(ownCorrectionsQuery);
  const items = query.data?.items ?? [];
  if (items.length === 0) return null;
  const zone = query.data!.timeZone;
  return (
    <section aria-labelledby="my-reports-title">
      <Title order={2} size="h3" mb="xs" id="my-reports-title">
        Мои сообщения об ошибках
      </Title>
      <RecordList
        label="Мои сообщения об ошибках"
        testId="my-reports"
        empty=""
        head={['Отправлено', 'Чьи сведения', 'Где ошибка', 'Сообщение', 'Организация', 'Состояние']}
        rows={items.map((r) => ({
          key: r.id,
          cells: [
            formatInstant(r.createdAt, zone),
            r.person.fullName,
            CORRECTION_SECTION_TITLES[r.section],
            <Text key="t" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {r.text}
            </Text>,
            r.organization,
            r.status === 'done' ? (
              <Text key="s" size="sm" fw={500} c="green.9">
                Исправлено {formatInstant(r.resolvedAt, zone)}
              </Text>
            ) : (
              <Text key="s" size="sm" fw={500} c="orange.9">
                На рассмотрении
              </Text>
            ),
          ],
        }))}
      />
    </section>
  );
}
