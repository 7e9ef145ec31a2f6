import { z } from 'zod';
import {
  ADDITIONAL_KINDS,
  CLASS_TYPES,
  FUNDING_SOURCES,
  GROUP_FOCUSES,
  IMPAIRMENT_TYPES,
  PROGRAMME_FOCUSES,
  PROGRAMME_LEVELS,
  SPO_TYPES,
  STAY_MODES,
  STUDY_FORMS,
  UNIT_KINDS,
} from '../../../common/education-dictionary.ts';
import { isoDate, text, uuid } from '../../../common/schemas/primitives.ts';

const pick = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, 'Значение не из справочника');
const int = (min: number, max: number, message: string) =>
  z.number(message).int(message).min(min, message).max(max, message);

export const idParams = z.strictObject({ id: uuid() });

// ── academic years ──
export const academicYearSchema = z.object({
  id: z.string(),
  name: z.string().describe('Например, 2026/27'),
  startsOn: z.string(),
  endsOn: z.string(),
  current: z.boolean().describe('Идет сегодня (по времени региона)'),
});
export const academicYearList = z.object({ items: z.array(academicYearSchema) });
export const createAcademicYearSchema = z.strictObject({
  startYear: int(2000, 2099, 'Год начала от 2000 до 2099').describe('2026 — учебный год 2026/27'),
  startsOn: isoDate().optional().describe('По умолчанию 1 сентября года начала'),
  endsOn: isoDate().optional().describe('По умолчанию 31 августа следующего года'),
});
export type CreateAcademicYearInput = z.infer<typeof createAcademicYearSchema>;

// ── programmes ──
// ОКСО: the shape here; the перечень and the СПО type are checked by the use case (okso_unknown).
const oksoCode = z.string().superRefine((v, ctx) => {
  if (!/^\d{2}\.\d{2}\.\d{2}$/.test(v)) {
    ctx.addIssue({
      code: 'custom',
      message: 'Код ОКСО имеет вид NN.NN.NN, например 09.02.07',
      params: { code: 'okso_format' },
    });
  }
});

const programmeFields = {
  name: text(300),
  level: pick(PROGRAMME_LEVELS),
  focus: pick(PROGRAMME_FOCUSES).nullable().optional().describe('Направленность ДО'),
  additionalKind: pick(ADDITIONAL_KINDS)
    .nullable()
    .optional()
    .describe('ДО: общеразвивающая или предпрофессиональная'),
  spoType: pick(SPO_TYPES).nullable().optional().describe('СПО: ППКРС или ППССЗ'),
  oksoCode: oksoCode.nullable().optional().describe('СПО: код профессии или специальности по ОКСО'),
  qualification: text(300).nullable().optional(),
  baseGrade: z
    .union([z.literal(9), z.literal(11)], 'Прием на базе 9 или 11 классов')
    .nullable()
    .optional(),
  adapted: z.boolean().optional().describe('Адаптированная программа'),
  distance: z.boolean().optional().describe('С применением дистанционных технологий'),
  durationMonths: int(1, 180, 'Нормативный срок от 1 до 180 месяцев'),
};
export const createProgrammeSchema = z.strictObject(programmeFields);
export const updateProgrammeSchema = z.strictObject({
  ...Object.fromEntries(Object.entries(programmeFields).map(([k, v]) => [k, v.optional()])),
  version: z.number().int().min(1),
}) as unknown as z.ZodType<{ version: number } & Partial<CreateProgrammeInput>>;
export type CreateProgrammeInput = z.infer<typeof createProgrammeSchema>;
export type UpdateProgrammeInput = { version: number } & Partial<CreateProgrammeInput>;

export const programmeSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  level: z.enum(PROGRAMME_LEVELS),
  focus: z.string().nullable(),
  additionalKind: z.string().nullable(),
  spoType: z.string().nullable(),
  oksoCode: z.string().nullable(),
  oksoName: z.string().nullable(),
  qualification: z.string().nullable(),
  baseGrade: z.number().nullable(),
  adapted: z.boolean(),
  distance: z.boolean(),
  durationMonths: z.number(),
  version: z.number(),
});
export const programmeList = z.object({ items: z.array(programmeSchema) });

// ── units ──
const unitFields = {
  kind: pick(UNIT_KINDS),
  name: text(100).optional().describe('Для класса по умолчанию — номер и литера, например 5А'),
  grade: int(0, 12, 'Номер класса от 1 до 12 (0 — первый дополнительный)')
    .nullable()
    .optional()
    .describe('0 — «1 дополнительный» класс для обучающихся с интеллектуальными нарушениями'),
  letter: text(10).nullable().optional(),
  classType: pick(CLASS_TYPES).nullable().optional(),
  profileName: text(100).nullable().optional(),
  shift: int(1, 3, 'Смена: 1, 2 или 3').nullable().optional(),
  teachingLanguage: text(50).nullable().optional(),
  ageFrom: int(0, 18, 'Возраст от 0 до 18 лет').nullable().optional(),
  ageTo: int(0, 18, 'Возраст от 0 до 18 лет').nullable().optional(),
  groupFocus: pick(GROUP_FOCUSES).nullable().optional(),
  stayMode: pick(STAY_MODES).nullable().optional(),
  impairmentType: pick(IMPAIRMENT_TYPES).nullable().optional(),
  programmeId: uuid().nullable().optional(),
  course: int(1, 6, 'Курс от 1 до 6').nullable().optional(),
  studyForm: pick(STUDY_FORMS).nullable().optional(),
  funding: pick(FUNDING_SOURCES).nullable().optional(),
  capacity: int(1, 1000, 'Наполняемость от 1 до 1000').nullable().optional(),
};
export const createUnitSchema = z.strictObject({ academicYearId: uuid(), ...unitFields });
export type CreateUnitInput = z.infer<typeof createUnitSchema>;
const { kind: _kind, ...editableUnitFields } = unitFields;
export const updateUnitSchema = z.strictObject({ ...editableUnitFields, version: z.number().int().min(1) });
export type UpdateUnitInput = z.infer<typeof updateUnitSchema>;

export const unitSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  academicYearId: z.string(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  grade: z.number().nullable(),
  letter: z.string().nullable(),
  classType: z.string().nullable(),
  profileName: z.string().nullable(),
  shift: z.number().nullable(),
  teachingLanguage: z.string().nullable(),
  ageFrom: z.number().nullable(),
  ageTo: z.number().nullable(),
  groupFocus: z.string().nullable(),
  stayMode: z.string().nullable(),
  impairmentType: z.string().nullable(),
  programmeId: z.string().nullable(),
  programmeName: z.string().nullable(),
  course: z.number().nullable(),
  studyForm: z.string().nullable(),
  funding: z.string().nullable(),
  capacity: z.number().nullable(),
  version: z.number(),
});
export const unitList = z.object({ items: z.array(unitSchema) });
export const unitListQuery = z.strictObject({ yearId: uuid().optional() });

export const copyUnitsSchema = z.strictObject({ fromYearId: uuid(), toYearId: uuid() });
export const copyUnitsResult = z.object({
  created: z.array(z.object({ id: z.string(), name: z.string(), fromUnitId: z.string() })),
  alreadyCopied: z.number().int().describe('Классы и группы, скопированные раньше: повтор ничего не создает'),
  notCopied: z
    .array(z.object({ fromUnitId: z.string(), name: z.string(), reason: z.string() }))
    .describe('Выпускные классы и группы последнего курса, а также занятые названия'),
  message: z.string(),
});

// ── as of a date ──
const asOf = isoDate().optional().describe('Дата (ГГГГ-ММ-ДД); по умолчанию — сегодня по времени региона');
export const asOfQuery = z.strictObject({ asOf });
export const contingentByUnitQuery = z.strictObject({ asOf, yearId: uuid().optional() });

export const unitLearnersSchema = z.object({
  unit: unitSchema,
  asOf: z.string(),
  items: z.array(
    z.object({
      personId: z.string(),
      enrollmentId: z.string(),
      lastName: z.string(),
      firstName: z.string(),
      middleName: z.string().nullable(),
      birthDate: z.string(),
      status: z.enum(['enrolled', 'academic_leave', 'conditional_promotion', 'exited']),
      placedOn: z.string(),
    }),
  ),
});

const levelTotal = z.object({
  level: z.string().describe('preschool, noo, ooo, soo, spo, additional'),
  units: z.number().int(),
  learners: z.number().int(),
  capacity: z.number().int(),
});
export const contingentByUnitSchema = z.object({
  asOf: z.string(),
  academicYear: academicYearSchema.nullable(),
  items: z.array(unitSchema.extend({ learners: z.number().int(), level: z.string() })),
  totals: z.object({ byLevel: z.array(levelTotal), overall: levelTotal.omit({ level: true }) }),
});

export const learnerCountsSchema = z.object({
  asOf: z.string(),
  territory: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  items: z.array(
    z.object({
      organizationId: z.string(),
      shortName: z.string(),
      kind: z.string(),
      territoryName: z.string(),
      learners: z.number().int(),
    }),
  ),
  total: z.number().int(),
});
