import { Group, SimpleGrid, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { AttendanceDay } from '../../api/attendance.ts';
import { DAY_COLORS, type DayKind } from './attendance-colors.ts';

const WEEKDAYS = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];

const kindOf = (d: AttendanceDay): DayKind => (d.status === 'present' ? 'present' : (d.reason ?? 'valid'));

function describe(d: AttendanceDay): string {
  const what = DAY_COLORS[kindOf(d)].label;
  const lessons = d.lessonsMissed > 0 ? `; пропущено уроков: ${d.lessonsMissed}` : '';
  return `${what}${lessons}`;
}

/**
 * One month as a calendar: a cell per day, coloured by what the e-journal sent (present, absent and
 * why); days without a record stay blank (holidays, weekends, or nothing sent). Each coloured day also
 * says what it is in words, for screen readers and for those who do not tell the colours apart.
 */
export function AttendanceCalendar({ month, days }: { month: string; days: AttendanceDay[] }) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const byDate = new Map<string, AttendanceDay>();
  for (const d of days) if (d.date.startsWith(month)) byDate.set(d.date, d);
  const cells: ({ day: number; rec: AttendanceDay | undefined } | null)[] = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: count }, (_, i) => ({
      day: i + 1,
      rec: byDate.get(`${month}-${String(i + 1).padStart(2, '0')}`),
    })),
  ];
  return (
    <div>
      <SimpleGrid cols={7} spacing={4} verticalSpacing={4} maw={420}>
        {WEEKDAYS.map((w) => (
          <Text key={w} size="xs" c="dimmed" ta="center">
            {w}
          </Text>
        ))}
        {cells.map((c, i) =>
          c === null ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the blank cells before the 1st have no identity
            <div key={`lead-${i}`} />
          ) : (
            <DayCell key={c.day} day={c.day} rec={c.rec} />
          ),
        )}
      </SimpleGrid>
      <Group gap="md" mt="xs">
        {Object.values(DAY_COLORS).map((k) => (
          <Text size="xs" key={k.label}>
            <span
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                background: k.bg,
                border: `1px solid ${k.fg}`,
                marginRight: 4,
              }}
            />
            {k.label}
          </Text>
        ))}
      </Group>
    </div>
  );
}

function DayCell({ day, rec }: { day: number; rec: AttendanceDay | undefined }) {
  const color = rec ? DAY_COLORS[kindOf(rec)] : null;
  const cell = (
    <div
      data-testid={rec ? `day-${rec.date}` : undefined}
      data-kind={rec ? kindOf(rec) : 'none'}
      style={{
        textAlign: 'center',
        padding: '6px 0',
        borderRadius: 4,
        fontSize: 13,
        background: color?.bg ?? 'transparent',
        color: color?.fg ?? '#495057',
        border: color ? 'none' : '1px dashed #dee2e6',
      }}
    >
      {day}
      <VisuallyHidden>{rec ? `: ${describe(rec)}` : ': нет данных'}</VisuallyHidden>
    </div>
  );
  return rec ? <Tooltip label={describe(rec)}>{cell}</Tooltip> : cell;
}
