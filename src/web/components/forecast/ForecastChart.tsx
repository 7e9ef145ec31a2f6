import { Group, Text } from '@mantine/core';
import type { ForecastRow } from '../../api/forecast.ts';

const W = 640;
const H = 220;
const PAD = { left: 36, right: 8, top: 12, bottom: 28 };

/**
 * Demand against free places by age for one date, as paired bars: the queue in orange, the free places
 * in teal. Plain SVG: a dozen bars need no charting library, and the table beside it carries the figures
 * for screen readers.
 */
export function ForecastChart({ rows, title }: { rows: ForecastRow[]; title: string }) {
  const max = Math.max(1, ...rows.flatMap((r) => [r.queue, Math.max(r.free, 0)]));
  const slot = (W - PAD.left - PAD.right) / Math.max(rows.length, 1);
  const bar = Math.min(28, slot / 2.6);
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const ticks = [0, Math.round(max / 2), max];
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={title}
        style={{ maxWidth: W, display: 'block' }}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#dee2e6" />
            <text x={PAD.left - 6} y={y(t) + 4} fontSize="11" textAnchor="end" fill="#495057">
              {t}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const x = PAD.left + slot * i + slot / 2;
          const free = Math.max(r.free, 0);
          return (
            <g key={r.age}>
              <rect x={x - bar - 1} y={y(r.queue)} width={bar} height={y(0) - y(r.queue)} fill="#e8590c">
                <title>{`${r.age} лет: в очереди ${r.queue}`}</title>
              </rect>
              <rect x={x + 1} y={y(free)} width={bar} height={y(0) - y(free)} fill="#0c8599">
                <title>{`${r.age} лет: свободно ${free}`}</title>
              </rect>
              <text x={x} y={H - 10} fontSize="12" textAnchor="middle" fill="#212529">
                {r.age} л.
              </text>
            </g>
          );
        })}
      </svg>
      <Group gap="md" mt={4}>
        <Text size="xs">
          <span
            style={{ display: 'inline-block', width: 10, height: 10, background: '#e8590c', marginRight: 4 }}
          />
          В очереди
        </Text>
        <Text size="xs">
          <span
            style={{ display: 'inline-block', width: 10, height: 10, background: '#0c8599', marginRight: 4 }}
          />
          Свободно мест
        </Text>
      </Group>
    </figure>
  );
}
