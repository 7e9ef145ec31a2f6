import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { filterSql, present, selectCases, todayOf } from './cases.queries.ts';
import { OutOfEducationActions as A } from './out-of-education.policy.ts';
import type { CaseFilters } from './out-of-education.schemas.ts';

export const KIND_NAMES: Record<string, string> = {
  not_started: 'Не приступил к обучению',
  left_not_arrived: 'Выбыл и не прибыл',
  stopped_attending: 'Прекратил посещение',
  preschool_absent: 'Не посещает ДОО',
};
export const STATUS_NAMES: Record<string, string> = {
  detected: 'Выявлен',
  checking: 'Проверка',
  cause_found: 'Причина установлена',
  measures_taken: 'Меры приняты',
  closed: 'Закрыт',
};
const RECIPIENTS = {
  kdn: 'Комиссия по делам несовершеннолетних и защите их прав',
  guardianship: 'Орган опеки и попечительства',
};
/** The most rows one file carries; a region's open cases fit many times over. */
const MAX_ROWS = 50_000;

const ru = (d: string | null) => (d ? `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}` : '');

/** The list for КДН or опека as an XLSX file: the filtered cases of the caller's municipalities. */
export async function exportCases(ctx: Ctx, q: CaseFilters & { recipient: 'kdn' | 'guardianship' }) {
  const grants = authorize(ctx.actor!, A['out_of_education.read']);
  const today = todayOf(ctx);
  const r = await sql`${selectCases(grants, filterSql(q, today))}
    ORDER BY t.name, c.kind, p.last_name, p.first_name LIMIT ${MAX_ROWS}`.execute(ctx.db);
  // biome-ignore lint/suspicious/noExplicitAny: the scoped base's row type
  const items = (r.rows as any[]).map((x) => present(x, today));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'АИС «Контингент»';
  const ws = wb.addWorksheet('Список');
  ws.addRow([`Сведения о детях, не получающих образование, для: ${RECIPIENTS[q.recipient]}`]).font = {
    bold: true,
  };
  ws.addRow([`Сформировано ${ru(today)}; записей: ${items.length}`]);
  ws.addRow([]);
  const head = ws.addRow([
    '№',
    'Фамилия',
    'Имя',
    'Отчество',
    'Дата рождения',
    'Муниципалитет',
    'Организация',
    'Вид',
    'Статус',
    'Выявлен',
    'Срок',
    'Ответственный',
  ]);
  head.font = { bold: true };
  items.forEach((i, k) => {
    ws.addRow([
      k + 1,
      i.person.lastName,
      i.person.firstName,
      i.person.middleName ?? '',
      ru(i.person.birthDate),
      i.municipality.name,
      i.organization?.name ?? '',
      KIND_NAMES[i.kind],
      STATUS_NAMES[i.status],
      ru(i.detectedOn),
      ru(i.deadline),
      i.responsible?.name ?? '',
    ]);
  });
  ws.columns.forEach((c, k) => {
    c.width = [5, 18, 14, 18, 13, 24, 28, 24, 20, 12, 12, 24][k] ?? 14;
  });
  await auditNow(ctx, {
    action: 'out_of_education.exported',
    objectType: 'out_of_education_case',
    subjectIds: items.length > 0 ? items.map((i) => i.person.id) : null,
    details: { count: items.length, recipient: q.recipient },
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
