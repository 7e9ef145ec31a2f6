import { auditNow, type Ctx } from '../../platform/context.ts';
import { type AccessLogItem, readAccessLog } from './access-log.ts';
import { type CitizenView, readCitizenView } from './read-citizen-view.ts';

/** An export holds at most this many access-log entries, newest first; the JSON says when it is cut. */
export const EXPORT_ACCESS_LOG_LIMIT = 10_000;

export type CitizenExport = CitizenView & {
  generatedAt: string;
  legalNote: string;
  accessLog: AccessLogItem[];
  accessLogTruncated: boolean;
};

const LEGAL_NOTE =
  'Оператор обрабатывает персональные данные обучающихся и их законных представителей для учета ' +
  'контингента обучающихся на основании Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании ' +
  'в Российской Федерации» (ст. 98) и Федерального закона от 27.07.2006 № 152-ФЗ «О персональных ' +
  'данных» (ст. 6 ч. 1 п. 2–4); сведения о здоровье — на основании письменного согласия (ст. 10). ' +
  'Сведения поступают от образовательных организаций и органов управления образованием. Вы вправе ' +
  'требовать уточнения, блокирования или уничтожения неполных, устаревших, неточных или незаконно ' +
  'полученных сведений, отозвать согласие и обжаловать действия оператора в Роскомнадзоре или в суде ' +
  '(ст. 14, 21, 17 152-ФЗ).';

/** Everything the citizen view shows plus who accessed it, as one document for download. */
export async function buildCitizenExport(ctx: Ctx, format: 'json' | 'pdf'): Promise<CitizenExport> {
  const { view, subjectIds } = await readCitizenView(ctx);
  const own = [view.person?.id, ...view.children.map((c) => c.card.id)].filter((x): x is string => !!x);
  const log = await readAccessLog(ctx, own, { limit: EXPORT_ACCESS_LOG_LIMIT });
  await auditNow(ctx, {
    action: 'citizen.export',
    objectType: 'person',
    objectId: view.person?.id ?? null,
    subjectIds: subjectIds.length > 0 ? subjectIds : null,
    details: { format, children: view.children.length, accessLogEntries: log.items.length },
  });
  return {
    generatedAt: new Date().toISOString(),
    legalNote: LEGAL_NOTE,
    ...view,
    accessLog: log.items,
    accessLogTruncated: log.nextCursor !== null,
  };
}
