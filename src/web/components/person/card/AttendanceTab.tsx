import { Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { personAttendanceQuery, personResultsQuery } from '../../../api/attendance.ts';
import { AttendanceCalendar } from '../../attendance/AttendanceCalendar.tsx';
import { ResultsTable } from '../../attendance/ResultsTable.tsx';
import { today } from '../../format.ts';
import { ListLoadError } from '../../QueryError.tsx';

const monthTitle = (month: string) =>
  new Intl.DateTimeFormat('ru', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

const shift = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** The learner's days month by month, and the marks of a school year, as the e-journals sent them. */
export function AttendanceTab({ personId }: { personId: string }) {
  const [month, setMonth] = useState(today().slice(0, 7));
  const [year, setYear] = useState<string | null>(null);
  const days = useQuery(personAttendanceQuery(personId, `${month}-01`, lastDay(month)));
  const marks = useQuery(personResultsQuery(personId, year));
  const t = days.data?.totals;
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={5}>Посещаемость</Title>
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              onClick={() => setMonth(shift(month, -1))}
              aria-label="Предыдущий месяц"
            >
              ←
            </Button>
            <Text fw={500} miw={130} ta="center" data-testid="attendance-month">
              {monthTitle(month)}
            </Text>
            <Button
              variant="default"
              size="xs"
              onClick={() => setMonth(shift(month, 1))}
              aria-label="Следующий месяц"
            >
              →
            </Button>
          </Group>
        </Group>
        {days.isError && <ListLoadError error={days.error} fallback="Не удалось загрузить посещаемость" />}
        {days.data && <AttendanceCalendar month={month} days={days.data.days} />}
        {t && (
          <Text size="sm" data-testid="attendance-totals">
            {t.days === 0
              ? 'За месяц электронный журнал данных не передавал'
              : `Дней с отметкой: ${t.days}; присутствовал: ${t.present}; пропущено` +
                (t.absentIllness !== null ? ` по болезни: ${t.absentIllness},` : '') +
                ` по уважительной причине: ${t.absentValid}, без уважительной причины: ${t.absentUnexcused}` +
                (t.lessonsMissed > 0 ? `; пропущено уроков: ${t.lessonsMissed}` : '')}
          </Text>
        )}
      </Stack>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={5}>Отметки</Title>
          {marks.data && marks.data.academicYears.length > 0 && (
            <Select
              aria-label="Учебный год"
              size="xs"
              w={140}
              allowDeselect={false}
              data={marks.data.academicYears}
              value={marks.data.academicYear}
              onChange={setYear}
            />
          )}
        </Group>
        {marks.isError && <ListLoadError error={marks.error} fallback="Не удалось загрузить отметки" />}
        {marks.data &&
          (marks.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              Отметок от электронного журнала нет
            </Text>
          ) : (
            <ResultsTable items={marks.data.items} />
          ))}
      </Stack>
    </Stack>
  );
}
