import { z } from 'zod';
import { GROUP_FOCUSES, STAY_MODES } from '../../../common/education-dictionary.ts';
import { RELATIONS, RELATIONS_NEEDING_AUTHORITY } from '../../../common/person-dictionary.ts';
import { APPLICATION_STATUSES, RIGHT_KINDS } from '../../../common/queue-dictionary.ts';
import { documentSchema, personInputSchema } from '../../../common/schemas/person.ts';
import { identifier, pastDate, text, uuid } from '../../../common/schemas/primitives.ts';
import { fileApplicationSchema } from '../queue/applications/applications.schemas.ts';
import { REFERRAL_STATUSES } from '../queue/referrals/referrals.schemas.ts';

const person = personInputSchema.shape;

/**
 * A Russian birth certificate, checked by the same rules as on the operator's person form (series in
 * Roman numerals and two Cyrillic letters, six-digit number); the series comes back normalised.
 */
const birthCertificate = z
  .strictObject({
    series: text(20),
    number: text(30),
    issuedOn: pastDate(),
    issuer: text(500).optional(),
  })
  .transform((c, ctx) => {
    const checked = documentSchema.safeParse({ type: '03', ...c });
    if (checked.success) return { ...c, series: checked.data.series ?? c.series };
    for (const issue of checked.error.issues)
      ctx.addIssue({
        code: 'custom',
        path: issue.path,
        message: issue.message,
        params: (issue as { params?: Record<string, unknown> }).params,
      });
    return z.NEVER;
  });

/** A child the parent registers with the application: the fields Order 236 asks of the child. */
export const citizenNewChildSchema = z
  .strictObject({
    lastName: person.lastName,
    firstName: person.firstName,
    middleName: person.middleName,
    birthDate: person.birthDate,
    sex: person.sex,
    snils: identifier('snils').optional(),
    birthCertificate,
    relation: z.enum(RELATIONS, 'Укажите, кем вы приходитесь ребёнку'),
    authorityDocument: text(300).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.birthCertificate.issuedOn < c.birthDate)
      ctx.addIssue({
        code: 'custom',
        path: ['birthCertificate', 'issuedOn'],
        message: 'Свидетельство не может быть выдано раньше даты рождения',
        params: { code: 'issued_before_birth' },
      });
    if (RELATIONS_NEEDING_AUTHORITY.includes(c.relation) && !c.authorityDocument)
      ctx.addIssue({
        code: 'custom',
        path: ['authorityDocument'],
        message: 'Укажите документ, подтверждающий полномочия законного представителя',
        params: { code: 'required' },
      });
  });
export type CitizenNewChild = z.infer<typeof citizenNewChildSchema>;

/**
 * The application as a parent files it through Госуслуги: a child they represent (childId) or a new
 * child (newChild), never both. The applicant is the parent themselves; when the registry has no
 * record of them yet, `applicant` adds what ЕСИА's name and СНИЛС do not give (birth date, sex).
 */
export const citizenFileApplicationSchema = fileApplicationSchema
  .omit({ childId: true, applicantId: true, transferFromId: true })
  .extend({
    childId: uuid().optional(),
    newChild: citizenNewChildSchema.optional(),
    applicant: z.strictObject({ birthDate: person.birthDate, sex: person.sex }).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.childId === !v.newChild)
      ctx.addIssue({
        code: 'custom',
        path: ['childId'],
        message: 'Выберите ребёнка или укажите сведения о новом ребёнке',
        params: { code: v.childId ? 'both' : 'required' },
      });
  });
export type CitizenFileApplicationInput = z.infer<typeof citizenFileApplicationSchema>;

export const kindergartenQuery = z.strictObject({ municipalityId: uuid() });

export const preschoolOptionsSchema = z.object({
  municipalities: z.array(z.object({ id: z.string(), name: z.string() })),
  maxPreferences: z.number().int(),
});

export const kindergartenListSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), address: z.string().nullable() })),
});

const statusTitle = z.string().describe('Статус по-русски, как его видит заявитель');

/**
 * An application as the parent sees it. The other parent, when they filed it, is named only: their
 * birth date and documents are their own data.
 */
export const citizenApplicationSchema = z.object({
  id: z.string(),
  number: z.string(),
  registeredAt: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  statusTitle,
  epguCode: z.number().int(),
  municipality: z.object({ id: z.string(), name: z.string() }),
  desiredOn: z.string(),
  child: z.object({
    id: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    birthDate: z.string(),
  }),
  applicant: z.object({ fullName: z.string(), isMe: z.boolean() }),
  preferences: z.array(z.object({ rank: z.number().int(), organizationId: z.string(), name: z.string() })),
  groupFocus: z.enum(GROUP_FOCUSES),
  stayMode: z.enum(STAY_MODES),
  language: z.string(),
  acceptsAlternatives: z.boolean(),
  rights: z.array(
    z.object({
      categoryTitle: z.string(),
      right: z.enum(RIGHT_KINDS),
      documentTitle: z.string(),
      status: z.enum(['pending', 'confirmed', 'rejected']),
      decisionReason: z.string().nullable(),
    }),
  ),
  history: z.array(
    z.object({ at: z.string(), status: z.enum(APPLICATION_STATUSES), statusTitle, reason: z.string() }),
  ),
  referrals: z
    .array(
      z.object({
        number: z.string(),
        kind: z
          .enum(['placement', 'offer'])
          .describe('placement — в выбранный семьей детский сад; offer — предложение иного детского сада'),
        kindergarten: z.object({ name: z.string(), address: z.string().nullable() }),
        groupName: z.string(),
        issuedOn: z.string(),
        expiresOn: z.string().describe('Последний день, когда семья может прийти с документами'),
        status: z.enum(REFERRAL_STATUSES),
        statusTitle,
      }),
    )
    .describe('Направления в детский сад по заявлению: действующее первым, затем закрытые'),
});
export type CitizenApplication = z.infer<typeof citizenApplicationSchema>;

export const citizenApplicationListSchema = z.object({
  items: z.array(citizenApplicationSchema),
  timeZone: z.string(),
});
