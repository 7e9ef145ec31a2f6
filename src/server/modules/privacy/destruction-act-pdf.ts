import { SEX_TITLES } from '../../../common/person-dictionary.ts';
import { fieldTable, listTable, renderPdf, ruDate } from '../../platform/pdf/render-pdf.ts';
import type { readDestructionAct } from './destruction-acts.queries.ts';
import { INFORMATION_SYSTEM } from './destruction-terms.ts';

type Act = Awaited<ReturnType<typeof readDestructionAct>>;

/**
 * The act of destruction (Приказ Роскомнадзора от 28.10.2022 № 179, п. 3 and 4). The subject is
 * identified by the internal record number — «иная информация, относящаяся к физическому лицу» in
 * the order's words — not by name: an act that repeated the name, birth date or СНИЛС would keep
 * exactly what was destroyed. The record number ties the act to the audit log and to the stub.
 */
export function destructionActPdf({ act, operator, performerRole, logEntry }: Act): Promise<Buffer> {
  const kept = act.keptStatistics as {
    sex?: 'male' | 'female';
    birthYear?: number;
    municipalityOktmo?: string | null;
    enrollments?: number;
  };
  return renderPdf({
    info: { title: `Акт ${act.actNumber} об уничтожении персональных данных`, author: INFORMATION_SYSTEM },
    content: [
      { text: `АКТ № ${act.actNumber}`, style: 'title', alignment: 'center', margin: [0, 0, 0, 2] },
      { text: 'об уничтожении персональных данных', alignment: 'center', margin: [0, 0, 0, 12] },
      fieldTable([
        ['Дата и время уничтожения', ruDate(act.performedAt)],
        ['Оператор', operator.name],
        ['ИНН / ОГРН оператора', identifiers(operator.inn, operator.ogrn)],
        ['Адрес оператора', operator.address],
        ['Информационная система', INFORMATION_SYSTEM],
        [
          'Субъект персональных данных',
          `Запись реестра № ${act.personId}. ФИО и иные сведения о субъекте в акте не приводятся, ` +
            'так как уничтожены; запись сопоставляется с журналом регистрации событий по этому номеру.',
        ],
        ['Причина уничтожения', act.basisTitle],
        ['Уточнение основания', act.basisDetails],
        ['Способ уничтожения', act.method],
      ]),
      { text: 'Перечень категорий уничтоженных персональных данных', style: 'h3' },
      { ol: act.destroyedCategories.map((c) => c.title), fontSize: 9.5 },
      { text: 'Сохранены обезличенные сведения для статистики', style: 'h3' },
      fieldTable([
        ['Пол', kept.sex ? SEX_TITLES[kept.sex] : null],
        ['Год рождения', kept.birthYear ? String(kept.birthYear) : null],
        ['ОКТМО муниципального образования', kept.municipalityOktmo ?? null],
        ['Число зачислений (организация и даты сохранены)', String(kept.enrollments ?? 0)],
      ]),
      { text: 'Выгрузка из журнала регистрации событий', style: 'h3' },
      logEntry
        ? listTable(
            ['№ записи', 'Время', 'Событие', 'Роль', 'Результат', 'Хэш записи'],
            [
              [
                logEntry.id,
                ruDate(logEntry.at),
                'person.destroy',
                performerRole ?? '—',
                logEntry.outcome === 'success' ? 'успешно' : logEntry.outcome,
                `${logEntry.hash.slice(0, 16)}…`,
              ],
            ],
            [45, 80, 65, 85, 50, '*'],
          )
        : { text: 'Запись журнала не найдена', color: '#b00000' },
      { text: 'Уничтожение выполнил', style: 'h3' },
      fieldTable([
        ['ФИО', act.performedBy?.fullName ?? '—'],
        ['Роль в системе', performerRole],
      ]),
      { text: '\n\nПодпись ____________________ / ____________________ /', margin: [0, 16, 0, 0] },
      { text: 'Должностное лицо оператора', style: 'h3' },
      fieldTable([
        ['Оператор', operator.name],
        ['Должность', operator.signerPosition],
      ]),
      { text: '\n\nПодпись ____________________ / ____________________ /', margin: [0, 16, 0, 0] },
    ],
  });
}

const identifiers = (inn: string | null, ogrn: string | null) =>
  [inn && `ИНН ${inn}`, ogrn && `ОГРН ${ogrn}`].filter(Boolean).join(', ') || null;
