import { Table, Text } from '@mantine/core';
import type { AttendanceMonth } from '../../api/attendance.ts';
import { ScrollTable } from '../ScrollTable.tsx';

const W = 640;
const H = 200;
const PAD = { left: 40, right: 8, top: 12, bottom: 28 };

const monthShort = (m: string) =>
  new Intl.DateTimeFormat('ru', { month: 'short', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1).replace('.', ',')} %`);

/**
 * An organization's attendance by month: the share of recorded days present as bars (plain SVG, as the
 * forecast chart), and the figures behind them in a table for reading and for screen readers.
 */
export function AttendanceMonthsChart({ months }: { months: AttendanceMonth[] }) {
  const slot = (W - PAD.left - PAD.right) / Math.max(months.length, 1);
  const bar = Math.min(32, slot * 0.6);
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v);
  return (
    <div>
      <figure style={{ margin: 0 }}>
        <svg
          viewBox={`0 0 ${W} ${H}`}
          width="100%"
          role="img"
          aria-label="Доля дней присутствия по месяцам"
          style={{ maxWidth: W, display: 'block' }}
        >
          {[0, 0.5, 1].map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#dee2e6" />
              <text x={PAD.left - 6} y={y(t) + 4} fontSize="11" textAnchor="end" fill="#495057">
                {t * 100}%
              </text>
            </g>
          ))}
          {months.map((m, i) => {
            const x = PAD.left + slot * i + slot / 2;
            return (
              <g key={m.month}>
                {m.rate !== null && (
                  <rect x={x - bar / 2} y={y(m.rate)} width={bar} height={y(0) - y(m.rate)} fill="#2f9e44">
                    <title>{`${m.month}: присутствие ${percent(m.rate)}`}</title>
                  </rect>
                )}
                <text x={x} y={H - 10} fontSize="11" textAnchor="middle" fill="#212529">
                  {monthShort(m.month)}
                </text>
              </g>
            );
          })}
        </svg>
      </figure>
      <ScrollTable label="Посещаемость по месяцам" minWidth={640}>
        <Table striped withTableBorder mt="sm" data-testid="attendance-months">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Месяц</Table.Th>
              <Table.Th ta="right">Обучающихся</Table.Th>
              <Table.Th ta="right">Дней с отметкой</Table.Th>
              <Table.Th ta="right">Присутствие</Table.Th>
              <Table.Th ta="right">Болезнь</Table.Th>
              <Table.Th ta="right">Уважит.</Table.Th>
              <Table.Th ta="right">Без уважит.</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {months.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>{m.month.split('-').reverse().join('.')}</Table.Td>
                <Table.Td ta="right">{m.learners}</Table.Td>
                <Table.Td ta="right">{m.days}</Table.Td>
                <Table.Td ta="right">{percent(m.rate)}</Table.Td>
                <Table.Td ta="right">{m.absentIllness}</Table.Td>
                <Table.Td ta="right">{m.absentValid}</Table.Td>
                <Table.Td ta="right">{m.absentUnexcused}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {months.every((m) => m.days === 0) && (
        <Text size="sm" c="dimmed" mt="xs">
          Электронный журнал организации за эти месяцы данных не передавал
        </Text>
      )}
    </div>
  );
}
