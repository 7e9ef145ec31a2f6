import { z } from 'zod';
import { cursorQuery, isoDate, uuid } from '../../../common/schemas/primitives.ts';

const codePart = (what: string) => z.string().regex(/^[0-9A-Za-z._-]{1,20}$/, `Некорректный код ${what}`);

export const formParams = z.strictObject({ code: codePart('формы'), edition: codePart('редакции') });
export const cellParams = formParams.extend({ row: codePart('строки'), column: codePart('графы') });

const scopeQuery = {
  organizationId: uuid().optional().describe('Организация, по которой считается форма'),
  territoryId: uuid().optional().describe('Территория (муниципалитет, регион) — вместо организации'),
  asOf: isoDate().optional().describe('Отчетная дата (по умолчанию — по правилу формы)'),
};
export const reportQuery = z.strictObject(scopeQuery);
/** A row's or column's own unit of count, when it differs from the section's. */
const countOverride = z.enum(['persons', 'enrollments', 'units', 'days']).nullable();

export const learnersQuery = z.strictObject({ ...scopeQuery, ...cursorQuery });

const formSummary = z.object({
  code: z.string(),
  edition: z.string(),
  title: z.string(),
  approvedBy: z.object({
    authority: z.string(),
    date: z.string().nullable(),
    number: z.string().nullable(),
    title: z.string(),
    source: z.string().nullable(),
  }),
  referenceDate: z.object({ month: z.number().int(), day: z.number().int(), label: z.string() }),
});

export const formsSchema = z.object({
  items: z.array(
    formSummary.extend({ sections: z.array(z.object({ code: z.string(), title: z.string() })) }),
  ),
});

const scopeSchema = z.object({
  kind: z.enum(['organization', 'territory']),
  id: z.string(),
  name: z.string(),
});
const cellRef = z.object({ row: z.string(), column: z.string() });

export const reportSchema = z.object({
  form: formSummary,
  asOf: z.string(),
  scope: scopeSchema,
  sections: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      ageRule: z.object({ code: z.string(), label: z.string() }).nullable(),
      ageDate: z.string().nullable(),
      count: z.enum(['persons', 'enrollments', 'units', 'days']),
      rows: z.array(
        z.object({
          code: z.string(),
          label: z.string(),
          count: countOverride,
          manual: z.boolean().describe('Строка вводится организацией вручную'),
        }),
      ),
      columns: z.array(
        z.object({
          code: z.string(),
          label: z.string(),
          count: countOverride,
          manual: z.boolean().describe('Графа вводится организацией вручную'),
        }),
      ),
      cells: z.array(
        z.object({
          row: z.string(),
          column: z.string(),
          value: z
            .number()
            .int()
            .nullable()
            .describe('null — ячейка вводится вручную и еще не заполнена (у территории — не рассчитывается)'),
          manual: z.boolean().describe('Ячейку заполняет организация, а не расчет по реестру'),
        }),
      ),
    }),
  ),
  controlFailures: z.array(
    z.object({
      section: z.string(),
      control: z.string(),
      label: z.string(),
      op: z.enum(['=', '<=', '>=']),
      left: z.array(cellRef),
      right: z.array(cellRef),
      leftValue: z.number().int(),
      rightValue: z.number().int(),
    }),
  ),
  controlsNotChecked: z
    .array(
      z.object({
        section: z.string(),
        control: z.string(),
        label: z.string(),
        emptyCells: z.array(cellRef),
      }),
    )
    .describe('Контроли, которые нельзя проверить: не заполнены ячейки, вводимые вручную'),
  manualEntry: z
    .object({ version: z.number().int(), updatedAt: z.string(), updatedBy: z.string().nullable() })
    .nullable()
    .describe('Ячейки, введенные организацией вручную: версия для сохранения, кто и когда изменил'),
});

export const unitsSchema = z.object({
  asOf: z.string(),
  cell: z.object({ section: z.string(), row: z.string(), column: z.string() }),
  scope: scopeSchema,
  items: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      organizationId: z.string(),
      organizationName: z.string(),
      learners: z.number().int().describe('Обучающихся этой ячейки в классе (группе)'),
    }),
  ),
  totalCount: z.number().int(),
  nextCursor: z.string().nullable(),
});

export const learnersSchema = z.object({
  asOf: z.string(),
  cell: z.object({
    section: z.string(),
    row: z.string(),
    column: z.string(),
    count: z.enum(['persons', 'enrollments', 'days']),
  }),
  scope: scopeSchema,
  items: z.array(
    z.object({
      personId: z.string(),
      enrollmentId: z.string(),
      lastName: z.string(),
      firstName: z.string(),
      middleName: z.string().nullable(),
      birthDate: z.string(),
      sex: z.enum(['male', 'female']),
      age: z.number().int(),
      organizationId: z.string(),
      organizationName: z.string(),
      unitId: z.string().nullable(),
      unitName: z.string().nullable(),
      days: z
        .number()
        .int()
        .nullable()
        .describe('Дней ребенка в ячейке, если ячейка считает дни посещаемости'),
    }),
  ),
  totalCount: z.number().int(),
  totalDays: z
    .number()
    .int()
    .nullable()
    .describe('Сумма дней всех детей ячейки (равна ячейке), если ячейка считает дни посещаемости'),
  nextCursor: z.string().nullable(),
});
