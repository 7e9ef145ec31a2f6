import ExcelJS from 'exceljs';
import { PRIORITY_TITLES, RUN_KIND_TITLES, RUN_STATUS_TITLES } from '../../../../common/queue-dictionary.ts';
import type { ProtocolData } from './run-protocol-data.ts';
import { runHeading } from './run-titles.ts';

const instant = (d: Date | string | null, timeZone: string) =>
  d
    ? new Intl.DateTimeFormat('ru-RU', { dateStyle: 'short', timeStyle: 'medium', timeZone }).format(
        new Date(d),
      )
    : '';

/**
 * The protocol as a workbook: the run and its input hash, the groups with free places, admissions and
 * cutoffs, and every application's outcome with its reasons.
 */
export async function protocolWorkbook({ run, lines }: ProtocolData, timeZone: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Контингент';
  const summary = wb.addWorksheet('Протокол');
  summary.addRow([runHeading(run)]).font = { bold: true, size: 13 };
  for (const [label, value] of [
    ['Муниципалитет', run.municipalityName],
    ['Вид', RUN_KIND_TITLES[run.kind]],
    ['Возраст детей определяется на', run.referenceDate.split('-').reverse().join('.')],
    ['Состояние', RUN_STATUS_TITLES[run.status]],
    ['Очередь зафиксирована', instant(run.computedAt, timeZone)],
    ['Решение', instant(run.decidedAt, timeZone)],
    ['Заявлений в расчете', run.stats?.applications ?? 0],
    ['Направлено', run.stats?.placed ?? 0],
    ['Предложены иные детские сады', run.stats?.offered ?? 0],
    ['Без места', (run.stats?.applications ?? 0) - (run.stats?.placed ?? 0) - (run.stats?.offered ?? 0)],
    ['SHA-256 входных данных', run.inputSha256 ?? ''],
  ] as const)
    summary.addRow([label, value]);
  summary.getColumn(1).width = 34;
  summary.getColumn(2).width = 70;

  const groups = wb.addWorksheet('Группы', { views: [{ state: 'frozen', ySplit: 1 }] });
  groups.addRow([
    'Детский сад',
    'Группа',
    'Возраст, лет',
    'Вместимость',
    'Зачислено',
    'Направления в ожидании',
    'Свободно к расчету',
    'Направлено',
    'Предложено',
    'Последний принятый: приоритет',
    'Последний принятый: заявление',
  ]).font = { bold: true };
  for (const g of run.groups)
    groups.addRow([
      g.organizationName,
      g.unitName,
      `${g.ageFrom}–${g.ageTo}`,
      g.capacity,
      g.enrolled,
      g.held,
      g.free,
      g.placed,
      g.offered,
      g.cutoff ? PRIORITY_TITLES[g.cutoff.priority] : 'места остались',
      g.cutoff?.number ?? '',
    ]);
  groups.columns.forEach((c, k) => {
    c.width = [34, 22, 11, 12, 11, 14, 14, 12, 12, 30, 20][k];
  });

  const outcomes = wb.addWorksheet('Заявления', { views: [{ state: 'frozen', ySplit: 1 }] });
  outcomes.addRow([
    'Номер заявления',
    'Зарегистрировано',
    'Итог',
    'Детский сад',
    'Группа',
    'Почему не выше',
  ]).font = { bold: true };
  for (const l of lines)
    outcomes.addRow([
      l.number,
      instant(l.registeredAt, timeZone),
      l.outcome,
      l.kindergarten,
      l.group,
      l.reasons,
    ]);
  outcomes.columns.forEach((c, k) => {
    c.width = [18, 20, 36, 34, 22, 80][k];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
