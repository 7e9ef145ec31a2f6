import { PRIORITY_TITLES, RUN_KIND_TITLES, RUN_STATUS_TITLES } from '../../../../common/queue-dictionary.ts';
import { fieldTable, listTable, renderPdf, ruDate } from '../../../platform/pdf/render-pdf.ts';
import type { ProtocolData } from './run-protocol-data.ts';
import { runHeading } from './run-titles.ts';

/**
 * The protocol as a PDF for signing: the run, its input hash, the groups and the referrals it issued.
 * Applications left without a place are counted here and listed with their reasons in the workbook,
 * which a municipality of thousands of waiting children needs rather than hundreds of pages.
 */
export function protocolPdf({ run, lines }: ProtocolData): Promise<Buffer> {
  const given = lines.filter((l) => l.kindergarten !== '');
  const s = run.stats;
  return renderPdf({
    info: { title: runHeading(run), author: 'Контингент' },
    pageOrientation: 'landscape',
    content: [
      { text: runHeading(run), style: 'title' },
      fieldTable([
        ['Вид', RUN_KIND_TITLES[run.kind]],
        ['Возраст детей определяется на', ruDate(run.referenceDate)],
        ['Состояние', RUN_STATUS_TITLES[run.status]],
        ['Очередь зафиксирована', ruDate(run.computedAt)],
        ['Решение', ruDate(run.decidedAt)],
        [
          'Итоги',
          s
            ? `заявлений ${s.applications}, направлено ${s.placed}, предложены иные детские сады ${s.offered}, без места ${s.applications - s.placed - s.offered}`
            : null,
        ],
        ['SHA-256 входных данных', run.inputSha256],
      ]),
      { text: 'Группы', style: 'h2' },
      listTable(
        ['Детский сад', 'Группа', 'Возраст', 'Свободно', 'Направлено', 'Предложено', 'Последний принятый'],
        run.groups.map((g) => [
          g.organizationName,
          g.unitName,
          `${g.ageFrom}–${g.ageTo}`,
          String(g.free),
          String(g.placed),
          String(g.offered),
          g.cutoff ? `${PRIORITY_TITLES[g.cutoff.priority]}, № ${g.cutoff.number ?? '—'}` : 'места остались',
        ]),
        ['*', 90, 45, 50, 60, 60, 150],
      ),
      { text: 'Направления и предложения', style: 'h2' },
      listTable(
        ['Номер заявления', 'Зарегистрировано', 'Итог', 'Детский сад', 'Группа'],
        given.map((l) => [l.number, ruDate(l.registeredAt), l.outcome, l.kindergarten, l.group]),
        [90, 95, 140, '*', 110],
      ),
    ],
  });
}
