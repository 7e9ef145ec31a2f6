import type {
  AttendancePanel,
  ContingentPanel,
  DataQualityPanel,
  OccupancyPanel,
  QueuePanel,
  SignOffPanel,
} from './dashboards.schemas.ts';
import type { PanelSheet } from './panel-xlsx.ts';

/** Column titles shared with the screen (src/web/components/dashboards/labels.ts keeps the same words). */
export const LEVEL_TITLES = {
  preschool: 'Дошкольное',
  noo: 'НОО',
  ooo: 'ООО',
  soo: 'СОО',
  spo: 'СПО',
  additional: 'Дополнительное',
  unknown: 'Уровень не указан',
} as const;
export const KIND_TITLES = {
  preschool: 'Детские сады',
  school: 'Школы',
  additional: 'Дополнительное образование',
  vocational: 'Профессиональные',
} as const;
const LEVELS = Object.keys(LEVEL_TITLES) as (keyof typeof LEVEL_TITLES)[];
const ru = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;

export const contingentSheet = (p: ContingentPanel): PanelSheet => ({
  title: 'Контингент по уровням образования',
  tables: [
    {
      heading: 'Обучающиеся с действующим зачислением, человек',
      columns: ['Муниципалитет', ...LEVELS.map((l) => LEVEL_TITLES[l]), 'Всего (человек)'],
      rows: [
        ...p.rows.map((r) => [r.name, ...LEVELS.map((l) => r.byLevel[l]), r.total]),
        ['Итого', ...LEVELS.map((l) => p.totals[l]), p.totals.total],
      ],
    },
  ],
});

const occupancyColumns = [
  'Организаций',
  'Без данных о вместимости',
  'Вместимость, мест',
  'Обучающихся',
  'Загрузка, %',
  'Сверх вместимости, организаций',
];
export const occupancySheet = (p: OccupancyPanel): PanelSheet => ({
  title: 'Загрузка детских садов и школ',
  tables: [
    {
      heading: 'По видам организаций',
      columns: ['Вид', ...occupancyColumns],
      rows: p.byKind.map((k) => [
        KIND_TITLES[k.kind],
        k.organizations,
        k.withoutCapacity,
        k.capacity,
        k.learners,
        k.loadPercent,
        k.overCapacity,
      ]),
    },
    {
      heading: 'По муниципалитетам',
      columns: ['Муниципалитет', 'Вид', ...occupancyColumns],
      rows: p.rows.map((r) => [
        r.name,
        KIND_TITLES[r.kind],
        r.organizations,
        r.withoutCapacity,
        r.capacity,
        r.learners,
        r.loadPercent,
        r.overCapacity,
      ]),
    },
    {
      heading: 'Организации сверх вместимости',
      columns: ['Организация', 'Вид', 'Муниципалитет', 'Вместимость, мест', 'Обучающихся', 'Загрузка, %'],
      rows: p.top.map((o) => [
        o.name,
        KIND_TITLES[o.kind],
        o.municipality,
        o.capacity,
        o.learners,
        o.loadPercent,
      ]),
    },
  ],
});

export const queueSheet = (p: QueuePanel): PanelSheet => ({
  title: `Очередь в детские сады по возрасту на ${ru(p.referenceDate)}`,
  tables: [
    {
      heading: 'По возрасту (полных лет на 1 сентября)',
      columns: ['Возраст, лет', 'Ожидают места', 'Предложено мест'],
      rows: [
        ...p.bands.map((b) => [b.age, b.waiting, b.offered]),
        ['Итого', p.totals.waiting, p.totals.offered],
      ],
    },
    {
      heading: 'По муниципалитетам',
      columns: ['Муниципалитет', 'Ожидают места', 'Предложено мест'],
      rows: p.rows.map((r) => [r.name, r.waiting, r.offered]),
    },
  ],
});

const attendanceColumns = ['Отмечено дней', 'Присутствовали', 'Посещаемость, %'];
export const attendanceSheet = (p: AttendancePanel): PanelSheet => ({
  title: `Посещаемость с ${ru(p.from)} по ${ru(p.to)}`,
  tables: [
    {
      heading: 'По видам организаций',
      columns: ['Вид', ...attendanceColumns],
      rows: [
        ...p.byKind.map((k) => [KIND_TITLES[k.kind], k.days, k.present, k.sharePercent]),
        ['Итого', p.summary.days, p.summary.present, p.summary.sharePercent],
      ],
    },
    {
      heading: 'По муниципалитетам',
      columns: ['Муниципалитет', ...attendanceColumns],
      rows: p.rows.map((r) => [r.name, r.days, r.present, r.sharePercent]),
    },
    {
      heading: 'По неделям',
      columns: ['Неделя с', ...attendanceColumns],
      rows: p.weeks.map((w) => [ru(w.weekStart), w.days, w.present, w.sharePercent]),
    },
  ],
});

export const dataQualitySheet = (p: DataQualityPanel): PanelSheet => ({
  title: p.run
    ? `Качество данных: проверка за ${p.run.month.slice(0, 7)}`
    : 'Качество данных: проверок еще не было',
  tables: [
    {
      heading: 'По муниципалитетам',
      columns: ['Муниципалитет', 'Обучающихся', 'Оценка'],
      rows: [
        ...p.rows.map((r) => [r.name, r.learners, r.score]),
        ['Итого', p.summary?.learners ?? 0, p.summary?.score ?? null],
      ],
    },
    {
      heading: 'Организации с низшей оценкой',
      columns: ['Организация', 'Обучающихся', 'Ошибок', 'Предупреждений', 'Оценка'],
      rows: p.worst.map((o) => [o.name, o.learners, o.errors, o.warnings, o.score]),
    },
    {
      heading: 'Оценка по месяцам',
      columns: ['Месяц', 'Оценка'],
      rows: p.trend.map((x) => [x.month.slice(0, 7), x.score]),
    },
  ],
});

export const signOffSheet = (p: SignOffPanel): PanelSheet => ({
  title: 'Подписание статистических форм',
  tables: [
    {
      heading: 'По формам на их отчетные даты',
      columns: ['Форма', 'Редакция', 'Отчетная дата', 'Ожидается', 'Подписано', 'Возвращено', 'Не подписано'],
      rows: p.forms.map((f) => [
        f.name,
        f.edition,
        ru(f.referenceDate),
        f.expected,
        f.signed,
        f.returned,
        f.missing,
      ]),
    },
  ],
});
