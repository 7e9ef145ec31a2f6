import { z } from 'zod';
import { DISABILITY_CATEGORIES, LONG_TERM_TREATMENTS, PE_GROUPS } from '../health-dictionary.ts';
import { isoDate, pastDate, text, uuid } from './primitives.ts';

export * from '../health-dictionary.ts';

// List rows carry their id when a read record is sent back; lists are replaced, so it is ignored.
export const disabilitySchema = z
  .strictObject({
    id: uuid().optional(),
    category: z.enum(DISABILITY_CATEGORIES, 'Выберите категорию: ребенок-инвалид или инвалид'),
    group: z.number().int().min(1, 'Группа инвалидности: 1, 2 или 3').max(3).nullable().default(null),
    validFrom: pastDate(),
    validUntil: isoDate().nullable().default(null),
    cause: text(500).nullable().default(null),
    ipraNumber: text(50).nullable().default(null),
    ipraDate: pastDate().nullable().default(null),
  })
  .superRefine((d, ctx) => {
    if (d.validUntil && d.validUntil < d.validFrom) {
      ctx.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: 'Срок окончания инвалидности раньше даты установления',
        params: { code: 'before_start' },
      });
    }
    // Groups I–III are established for adults; a child is «ребенок-инвалид» without a group.
    if (d.category === 'child' && d.group !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['group'],
        message: 'Группа инвалидности устанавливается только для категории «инвалид»',
        params: { code: 'group_for_child' },
      });
    }
    if (d.category === 'adult' && d.group === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['group'],
        message: 'Укажите группу инвалидности',
        params: { code: 'required' },
      });
    }
  });

/** Заключение психолого-медико-педагогической комиссии (ОВЗ). */
export const specialNeedSchema = z
  .strictObject({
    id: uuid().optional(),
    pmpkDate: pastDate(),
    pmpkNumber: text(50),
    recommendedProgram: text(500).nullable().default(null),
    validUntil: isoDate().nullable().default(null),
  })
  .superRefine((n, ctx) => {
    if (n.validUntil && n.validUntil < n.pmpkDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: 'Срок действия заключения ПМПК раньше даты заключения',
        params: { code: 'before_start' },
      });
    }
  });

export const healthFields = {
  healthGroup: z
    .number()
    .int()
    .min(1, 'Группа здоровья: от I до V')
    .max(5, 'Группа здоровья: от I до V')
    .nullable()
    .default(null),
  peGroup: z.enum(PE_GROUPS, 'Выберите медицинскую группу для занятий физкультурой').nullable().default(null),
  needsAdaptedProgram: z.boolean().default(false),
  longTermTreatment: z.enum(LONG_TERM_TREATMENTS, 'Выберите форму обучения').nullable().default(null),
  disabilities: z.array(disabilitySchema).max(10).default([]),
  specialNeeds: z.array(specialNeedSchema).max(10).default([]),
};

/**
 * The whole health record, replaced at once; version 0 creates it, otherwise the current version.
 * A record as read may be sent back: personId is ignored (the path names the person).
 */
export const putHealthSchema = z.strictObject({
  personId: uuid().optional(),
  version: z.number().int().min(0).max(1_000_000),
  ...healthFields,
});
export type PutHealthInput = z.infer<typeof putHealthSchema>;

export const healthViewSchema = z.object({
  personId: z.string(),
  version: z.number(),
  healthGroup: z.number().nullable(),
  peGroup: z.enum(PE_GROUPS).nullable(),
  needsAdaptedProgram: z.boolean(),
  longTermTreatment: z.enum(LONG_TERM_TREATMENTS).nullable(),
  disabilities: z.array(
    z.object({
      id: z.string(),
      category: z.enum(DISABILITY_CATEGORIES),
      group: z.number().nullable(),
      validFrom: z.string(),
      validUntil: z.string().nullable(),
      cause: z.string().nullable(),
      ipraNumber: z.string().nullable(),
      ipraDate: z.string().nullable(),
    }),
  ),
  specialNeeds: z.array(
    z.object({
      id: z.string(),
      pmpkDate: z.string(),
      pmpkNumber: z.string(),
      recommendedProgram: z.string().nullable(),
      validUntil: z.string().nullable(),
    }),
  ),
});
export type HealthView = z.infer<typeof healthViewSchema>;
