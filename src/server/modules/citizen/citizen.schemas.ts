import { z } from 'zod';
import { healthViewSchema } from '../../../common/schemas/health.ts';
import { cursorQuery } from '../../../common/schemas/primitives.ts';
import { trajectorySchema } from '../orders/read-trajectory.ts';
import { personCardSchema, representationLinkSchema } from '../persons/persons.schemas.ts';

export const accessLogQuery = z.strictObject({ ...cursorQuery });

/** A person on a link: other people than the citizen and their children show without СНИЛС/birth date. */
const link = representationLinkSchema.extend({
  person: representationLinkSchema.shape.person.extend({ birthDate: z.string().nullable() }),
});

/** The kind of each enrollment's organization: the cabinet names the school before a club. */
const enrollment = personCardSchema.shape.enrollments.element.extend({
  organizationKind: z.string().nullable().optional(),
});

export const citizenCardSchema = personCardSchema.extend({
  representatives: z.array(link),
  represents: z.array(link),
  enrollments: z.array(enrollment),
});

const healthView = healthViewSchema.shape;

/** The health record as its subject reads it: the operator's view less ids and version. */
export const healthSchema = z
  .object({
    healthGroup: healthView.healthGroup,
    peGroup: healthView.peGroup,
    needsAdaptedProgram: healthView.needsAdaptedProgram,
    longTermTreatment: healthView.longTermTreatment,
    disabilities: z.array(healthView.disabilities.element.omit({ id: true })),
    specialNeeds: z.array(healthView.specialNeeds.element.omit({ id: true })),
  })
  .nullable();

export const consentSchema = z.object({
  id: z.string(),
  purpose: z.string(),
  purposeTitle: z.string(),
  scope: z.array(z.string()),
  givenOn: z.string(),
  document: z.string().nullable(),
  revokedOn: z.string().nullable(),
  revocationReason: z.string().nullable(),
  representative: z.object({ id: z.string(), fullName: z.string() }).nullable(),
});

export const citizenViewSchema = z.object({
  person: citizenCardSchema.nullable(),
  health: healthSchema,
  consents: z.array(consentSchema),
  trajectory: trajectorySchema.nullable(),
  children: z.array(
    z.object({
      card: citizenCardSchema,
      health: healthSchema,
      consents: z.array(consentSchema),
      trajectory: trajectorySchema.nullable(),
    }),
  ),
  adultChildren: z.number().int().describe('Представляемые, достигшие 18 лет: их сведения не показываются'),
  timeZone: z.string().describe('Часовой пояс региона (IANA), в котором показываются все моменты времени'),
});

export const accessLogItemSchema = z.object({
  at: z.string(),
  actorRole: z.string(),
  organization: z.string().nullable(),
  action: z.string(),
  actionCode: z.string(),
  subject: z.object({ id: z.string(), fullName: z.string() }),
});

export const accessLogPageSchema = z.object({
  items: z.array(accessLogItemSchema),
  nextCursor: z.string().nullable(),
});
