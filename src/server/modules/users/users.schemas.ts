import { z } from 'zod';
import { passwordPolicyMessage, passwordProblems } from '../../../common/password-policy.ts';
import { ROLES } from '../../../common/roles.ts';
import { cursorQuery, text } from '../../../common/schemas/primitives.ts';

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

export const grantRoleSchema = z.strictObject({
  role: z.enum(ROLES).refine((r) => r !== 'citizen', 'Роль гражданина назначается при входе через Госуслуги'),
  scopeNodeId: z.uuid('Укажите область действия роли'),
  healthAccess: z.boolean().optional(),
});

export const setPasswordSchema = z.strictObject({ password: passwordSchema });

export const userIdParams = z.strictObject({ id: z.uuid('Некорректный идентификатор') });
export const roleParams = z.strictObject({ id: z.uuid(), assignmentId: z.uuid() });
export const userListQuery = z.strictObject({ q: z.string().trim().max(200).optional(), ...cursorQuery });

export const createTokenSchema = z.strictObject({
  name: text(200),
  organizationIds: z.array(z.uuid()).min(1, 'Укажите хотя бы одну организацию').max(500),
  expiresOn: z.iso.date().optional(),
});
export const tokenIdParams = z.strictObject({ id: z.uuid() });

const roleView = z.object({
  assignmentId: z.string(),
  role: z.enum(ROLES),
  scopeNodeId: z.string().nullable(),
  scopeName: z.string().nullable(),
  healthAccess: z.boolean(),
});
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
});
