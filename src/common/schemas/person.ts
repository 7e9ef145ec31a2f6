import { z } from 'zod';
import { normalizeBirthCertSeries, normalizePassportSeries } from '../identifiers/index.ts';
import {
  ADDRESS_KINDS,
  CONTACT_KINDS,
  COUNTRIES,
  DOCUMENT_TYPES,
  HARDSHIP_CATEGORIES,
  RELATIONS,
  RELATIONS_NEEDING_AUTHORITY,
  SEXES,
} from '../person-dictionary.ts';
import { identifier, isoDate, note, pastDate, text, uuid } from './primitives.ts';

const NAME = /^[\p{L}][\p{L}\s'’.-]*$/u;
const namePart = (max = 100) =>
  text(max).refine((v) => NAME.test(v), 'Допустимы буквы, пробел, дефис и апостроф');

const birthDate = pastDate().refine((d) => d >= '1900-01-01', 'Дата рождения раньше 1900 года');

export const citizenshipSchema = z
  .strictObject({
    codes: z
      .array(z.string().regex(/^\d{3}$/, 'Код ОКСМ состоит из 3 цифр'))
      .max(5)
      .superRefine((codes, ctx) => {
        codes.forEach((c, i) => {
          if (!COUNTRIES.has(c))
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: `Код ОКСМ ${c} не найден в классификаторе`,
              params: { code: 'unknown_oksm' },
            });
        });
        if (new Set(codes).size !== codes.length)
          ctx.addIssue({ code: 'custom', message: 'Гражданство указано дважды' });
      }),
    stateless: z.boolean().default(false),
  })
  .refine((c) => c.stateless !== c.codes.length > 0, {
    message: 'Укажите гражданство или отметьте «лицо без гражданства»',
    path: ['codes'],
  });

export const documentSchema = z
  .strictObject({
    id: uuid().optional(),
    type: z.enum(DOCUMENT_TYPES, 'Выберите вид документа'),
    series: text(20).optional(),
    number: text(30),
    issuedOn: pastDate().optional(),
    issuer: text(500).optional(),
    issuerCode: text(10).optional(),
    actRecordNumber: text(30).optional(),
    validUntil: isoDate().optional(),
  })
  .transform((d, ctx) => {
    // Entry is strict for Russian documents: the series and number formats are fixed.
    if (d.type === '03') {
      const series = d.series ? normalizeBirthCertSeries(d.series) : null;
      if (!series)
        ctx.addIssue({
          code: 'custom',
          path: ['series'],
          message: 'Серия свидетельства: римские цифры, дефис и две русские буквы, например IV-АБ',
          params: { code: 'bad_series' },
        });
      if (!/^\d{6}$/.test(d.number))
        ctx.addIssue({
          code: 'custom',
          path: ['number'],
          message: 'Номер свидетельства состоит из 6 цифр',
          params: { code: 'bad_number' },
        });
      return { ...d, series: series ?? d.series };
    }
    if (d.type === '21') {
      const series = d.series ? normalizePassportSeries(d.series) : null;
      if (!series)
        ctx.addIssue({
          code: 'custom',
          path: ['series'],
          message: 'Серия паспорта состоит из 4 цифр',
          params: { code: 'bad_series' },
        });
      if (!/^\d{6}$/.test(d.number))
        ctx.addIssue({
          code: 'custom',
          path: ['number'],
          message: 'Номер паспорта состоит из 6 цифр',
          params: { code: 'bad_number' },
        });
      if (d.issuerCode && !/^\d{3}-\d{3}$/.test(d.issuerCode))
        ctx.addIssue({
          code: 'custom',
          path: ['issuerCode'],
          message: 'Код подразделения в формате 000-000',
        });
      return { ...d, series: series ?? d.series };
    }
    return d;
  });

/**
 * One document may appear once per request: the registry keeps it unique (person_documents_uq), and a
 * request naming it twice is a typing slip to point at, not a conflict with another record.
 */
function noRepeatedDocuments(
  docs: { type: string; series?: string | undefined; number: string }[],
  ctx: z.RefinementCtx,
) {
  const seen = new Set<string>();
  docs.forEach((d, i) => {
    const key = JSON.stringify([d.type, d.series ?? '', d.number]);
    if (seen.has(key)) {
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: 'Этот документ уже указан в списке',
        params: { code: 'duplicate_document' },
      });
    }
    seen.add(key);
  });
}
const documentList = () => z.array(documentSchema).max(20).superRefine(noRepeatedDocuments);

export const addressSchema = z
  .strictObject({
    kind: z.enum(ADDRESS_KINDS),
    text: text(1000),
    garGuid: uuid('Некорректный идентификатор ГАР').optional(),
    oktmo: z
      .string()
      .regex(/^\d{8}(\d{3})?$/, 'ОКТМО состоит из 8 или 11 цифр')
      .optional(),
    validFrom: isoDate().optional(),
    validTo: isoDate().optional(),
  })
  .refine((a) => !a.validFrom || !a.validTo || a.validTo >= a.validFrom, {
    message: 'Окончание действия раньше начала',
    path: ['validTo'],
  });

export const contactSchema = z
  .strictObject({ kind: z.enum(CONTACT_KINDS), value: text(200), note: text(200).optional() })
  .superRefine((c, ctx) => {
    const ok =
      c.kind === 'email' ? z.email().safeParse(c.value).success : /^\+?[\d\s()-]{5,20}$/.test(c.value);
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: c.kind === 'email' ? 'Некорректный адрес электронной почты' : 'Некорректный номер телефона',
      });
  });

export const hardshipSchema = z
  .strictObject({
    category: z.enum(Object.keys(HARDSHIP_CATEGORIES) as [string, ...string[]], 'Выберите категорию ТЖС'),
    startedOn: pastDate(),
    endedOn: isoDate().optional(),
    note: text(500).optional(),
  })
  .refine((h) => !h.endedOn || h.endedOn >= h.startedOn, {
    message: 'Окончание раньше начала',
    path: ['endedOn'],
  });

const personFields = {
  lastName: namePart(),
  firstName: namePart(),
  middleName: namePart().optional(),
  birthDate,
  birthPlace: text(500).optional(),
  sex: z.enum(SEXES, 'Укажите пол'),
  citizenship: citizenshipSchema,
  snils: identifier('snils').optional(),
  documents: documentList().default([]),
  addresses: z.array(addressSchema).max(10).default([]),
  contacts: z.array(contactSchema).max(20).default([]),
  hardships: z.array(hardshipSchema).max(20).default([]),
};

/** Cross-field rules: a document is not issued before its holder was born. */
function documentsAfterBirth(
  p: { birthDate?: string; documents?: { issuedOn?: string }[] },
  ctx: z.RefinementCtx,
) {
  if (!p.birthDate) return;
  p.documents?.forEach((d, i) => {
    if (d.issuedOn && d.issuedOn < p.birthDate!) {
      ctx.addIssue({
        code: 'custom',
        path: ['documents', i, 'issuedOn'],
        message: 'Документ не может быть выдан раньше даты рождения',
        params: { code: 'issued_before_birth' },
      });
    }
  });
}

export const personInputSchema = z.strictObject(personFields).superRefine(documentsAfterBirth);
export type PersonInput = z.infer<typeof personInputSchema>;

/**
 * «These are other persons»: candidates in scope are named by id, those outside by the match token
 * the duplicate answer gave for them.
 */
export const duplicateResolutionSchema = z
  .strictObject({
    candidateIds: z.array(uuid()).max(50).default([]),
    matchTokens: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Некорректный токен совпадения'))
      .max(50)
      .default([]),
    reason: note(500, 5),
  })
  .refine((r) => r.candidateIds.length + r.matchTokens.length > 0, {
    message: 'Укажите записи, о которых принято решение',
    path: ['candidateIds'],
  });

const relation = z.enum(RELATIONS, 'Выберите степень родства');

/** Guardians, trustees and other legal representatives act under a document; parents do not. */
function authorityWhenNeeded(
  l: { relation: (typeof RELATIONS)[number]; authorityDocument?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (RELATIONS_NEEDING_AUTHORITY.includes(l.relation) && !l.authorityDocument) {
    ctx.addIssue({
      code: 'custom',
      path: ['authorityDocument'],
      message: 'Укажите документ, подтверждающий полномочия законного представителя',
    });
  }
}

/**
 * The parent or legal representative registered together with a new learner: a person already in the
 * registry (`existing`, found by search or by duplicate control) or a new one (`new`, entered with the same
 * fields and checks as any person, so its problems point at `body.representative.lastName` and so on).
 */
export const learnerRepresentativeSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({
        kind: z.literal('existing'),
        personId: uuid(),
        relation,
        authorityDocument: text(500).optional(),
      }),
      z
        .strictObject({
          kind: z.literal('new'),
          ...personFields,
          relation,
          authorityDocument: text(500).optional(),
          duplicateResolution: duplicateResolutionSchema.optional(),
        })
        .superRefine(documentsAfterBirth),
    ],
    { error: 'Выберите существующего представителя или введите нового' },
  )
  .superRefine(authorityWhenNeeded);
export type LearnerRepresentativeInput = z.infer<typeof learnerRepresentativeSchema>;

/** The learner and a new representative are two persons: the same СНИЛС or document is a slip. */
function representativeIsAnotherPerson(
  p: {
    snils?: string | undefined;
    documents: { type: string; series?: string | undefined; number: string }[];
    representative?: LearnerRepresentativeInput | undefined;
  },
  ctx: z.RefinementCtx,
) {
  const r = p.representative;
  if (r?.kind !== 'new') return;
  if (p.snils && r.snils === p.snils)
    ctx.addIssue({
      code: 'custom',
      path: ['representative', 'snils'],
      message: 'СНИЛС совпадает со СНИЛС обучающегося',
    });
  const key = (d: { type: string; series?: string | undefined; number: string }) =>
    JSON.stringify([d.type, d.series ?? '', d.number]);
  const learnerDocs = new Set(p.documents.map(key));
  r.documents.forEach((d, i) => {
    if (learnerDocs.has(key(d)))
      ctx.addIssue({
        code: 'custom',
        path: ['representative', 'documents', i, 'number'],
        message: 'Этот документ указан у обучающегося',
      });
  });
}

export const createPersonSchema = z
  .strictObject({
    ...personFields,
    enrollment: z.strictObject({ organizationId: uuid(), startedOn: isoDate() }).optional(),
    duplicateResolution: duplicateResolutionSchema.optional(),
    representative: learnerRepresentativeSchema.optional(),
  })
  .superRefine(documentsAfterBirth)
  .superRefine(representativeIsAnotherPerson);
export type CreatePersonInput = z.infer<typeof createPersonSchema>;

export const updatePersonSchema = z
  .strictObject({
    version: z.number().int().min(1),
    lastName: namePart().optional(),
    firstName: namePart().optional(),
    middleName: namePart().nullable().optional(),
    birthDate: birthDate.optional(),
    birthPlace: text(500).nullable().optional(),
    sex: z.enum(SEXES).optional(),
    citizenship: citizenshipSchema.optional(),
    snils: identifier('snils').nullable().optional(),
    documents: documentList().optional(),
    addresses: z.array(addressSchema).max(10).optional(),
    contacts: z.array(contactSchema).max(20).optional(),
    hardships: z.array(hardshipSchema).max(20).optional(),
  })
  .superRefine(documentsAfterBirth);
export type UpdatePersonInput = z.infer<typeof updatePersonSchema>;

export const linkRepresentativeSchema = z
  .strictObject({
    relation,
    representativeId: uuid().optional(),
    representative: personInputSchema.optional(),
    authorityDocument: text(500).optional(),
    validFrom: isoDate().optional(),
    validTo: isoDate().optional(),
    duplicateResolution: duplicateResolutionSchema.optional(),
  })
  .superRefine((l, ctx) => {
    if (!l.representativeId === !l.representative) {
      ctx.addIssue({
        code: 'custom',
        path: ['representativeId'],
        message: 'Выберите существующего представителя или введите нового',
      });
    }
    authorityWhenNeeded(l, ctx);
    if (l.validFrom && l.validTo && l.validTo < l.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'Окончание полномочий раньше начала' });
    }
  });
export type LinkRepresentativeInput = z.infer<typeof linkRepresentativeSchema>;
