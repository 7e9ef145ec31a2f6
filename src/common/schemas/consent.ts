import { z } from 'zod';
import { CONSENT_PURPOSE_CODES, consentPurpose, DATA_CATEGORY_TITLES } from '../consent-purposes.ts';
import { pastDate, text, uuid } from './primitives.ts';

/** A consent as given: for which purpose, to which data, when, on which document, signed by whom. */
export const giveConsentSchema = z
  .strictObject({
    purpose: z.enum(CONSENT_PURPOSE_CODES, 'Выберите цель обработки'),
    scope: z.array(z.string().max(50)).min(1, 'Укажите хотя бы одну категорию данных').max(20),
    givenOn: pastDate(),
    document: text(500).optional(),
    representativeId: uuid().optional(),
  })
  .superRefine((c, ctx) => {
    const purpose = consentPurpose(c.purpose);
    if (!purpose) return;
    if (purpose.basis !== 'consent') {
      ctx.addIssue({
        code: 'custom',
        path: ['purpose'],
        message: `Для цели «${purpose.title}» согласие не требуется: обработка ведется на основании ${purpose.lawReference}`,
        params: { code: 'basis_is_law' },
      });
      return;
    }
    const allowed = new Set<string>(purpose.dataCategories);
    c.scope.forEach((cat, i) => {
      if (!allowed.has(cat)) {
        ctx.addIssue({
          code: 'custom',
          path: ['scope', i],
          message: Object.hasOwn(DATA_CATEGORY_TITLES, cat)
            ? `Категория «${DATA_CATEGORY_TITLES[cat as keyof typeof DATA_CATEGORY_TITLES]}» не относится к цели «${purpose.title}»`
            : `Неизвестная категория данных «${cat}»`,
          params: { code: 'scope_not_in_purpose' },
        });
      } else if (c.scope.indexOf(cat) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['scope', i],
          message: 'Категория указана дважды',
          params: { code: 'duplicate' },
        });
      }
    });
  });
export type GiveConsentInput = z.infer<typeof giveConsentSchema>;

export const revokeConsentSchema = z.strictObject({
  revokedOn: pastDate(),
  reason: text(500).optional(),
});
export type RevokeConsentInput = z.infer<typeof revokeConsentSchema>;

export const consentItemSchema = z.object({
  id: z.string(),
  purpose: z.string(),
  purposeTitle: z.string(),
  basis: z.enum(['consent', 'law']),
  scope: z.array(z.string()),
  givenOn: z.string(),
  document: z.string().nullable(),
  representative: z.object({ id: z.string(), fullName: z.string() }).nullable(),
  revokedOn: z.string().nullable(),
  revocationReason: z.string().nullable(),
});
export type ConsentItem = z.infer<typeof consentItemSchema>;

export const legalBasisSchema = z.object({
  code: z.string(),
  title: z.string(),
  basis: z.enum(['consent', 'law']),
  lawReference: z.string(),
  dataCategories: z.array(z.string()),
});

export const consentListSchema = z.object({
  items: z.array(consentItemSchema),
  legalBases: z.array(legalBasisSchema),
});
