import { z } from 'zod';
import { passwordPolicyMessage, passwordProblems } from '../../../common/password-policy.ts';
import { PERSONAL_DATA_ROLES, ROLES } from '../../../common/roles.ts';
import { cursorQuery, searchText, text, uuid } from '../../../common/schemas/primitives.ts';

export const passwordSchema = z
  .string()
  .max(256, 'Не более 256 символов')
  .superRefine((p, ctx) => {
    const problems = passwordProblems(p);
    if (problems.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: passwordPolicyMessage(problems),
        params: { code: 'weak_password' },
      });
  });

export const createUserSchema = z.strictObject({
  login: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,64}$/, 'Логин: 3–64 латинские буквы, цифры, точка, дефис или подчеркивание'),
  fullName: text(300),
  email: z.email('Некорректный адрес электронной почты').max(200).optional(),
  password: passwordSchema,
});

export const updateUserSchema = z.strictObject({
  version: z.number().int().min(1),
  fullName: text(300).optional(),
  email: z.email('Некорректный адрес электронной почты').max(200).nullable().optional(),
  blocked: z.boolean().optional(),
});

export const grantRoleSchema = z
  .strictObject({
    role: z
      .enum(ROLES)
      .refine((r) => r !== 'citizen', 'Роль гражданина назначается при входе через Госуслуги'),
    scopeNodeId: z.uuid('Укажите область действия роли'),
    healthAccess: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    // The analyst works with aggregates only and never sees personal data, let alone health data.
    if (v.healthAccess && !PERSONAL_DATA_ROLES.includes(v.role)) {
      ctx.addIssue({
        code: 'custom',
        path: ['healthAccess'],
        message: 'Эта роль не видит персональных данных, доступ к сведениям о здоровье ей не выдается',
        params: { code: 'health_not_allowed' },
      });
    }
  });

export const setPasswordSchema = z.strictObject({ password: passwordSchema });

export const userIdParams = z.strictObject({ id: uuid() });
export const roleParams = z.strictObject({ id: uuid(), assignmentId: uuid() });
export const userListQuery = z.strictObject({ q: searchText(200).optional(), ...cursorQuery });

export const createTokenSchema = z.strictObject({
  name: text(200),
  organizationIds: z.array(uuid()).min(1, 'Укажите хотя бы одну организацию').max(500),
  expiresOn: z.iso.date().optional(),
});
export const tokenIdParams = z.strictObject({ id: uuid() });

const roleView = z.object({
  assignmentId: z.string(),
  role: z.enum(ROLES),
  scopeNodeId: z.string().nullable(),
  scopeName: z.string().nullable(),
  healthAccess: z.boolean(),
  /** May the caller revoke this grant (it lies inside the caller's scope and role reach). */
  revocable: z.boolean(),
});
/** What the caller may do with this user; the UI shows buttons from it, not from its own rules. */
export const userActionSchema = z.enum([
  'edit',
  'block',
  'unblock',
  'setPassword',
  'grantRole',
  'revokeRole',
]);
export const userSchema = z.object({
  id: z.string(),
  login: z.string().nullable(),
  fullName: z.string(),
  email: z.string().nullable(),
  blocked: z.boolean(),
  isService: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  version: z.number(),
  roles: z.array(roleView),
  /** The caller's scope covers every active grant: only then are account-level actions allowed. */
  fullyManageable: z.boolean(),
  actions: z.array(userActionSchema),
});

/** An API token as its list shows it: never the secret, only its first characters. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  tokenPrefix: z.string(),
  userId: z.string(),
  userFullName: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  organizations: z.array(z.object({ id: z.string(), shortName: z.string() })),
});
