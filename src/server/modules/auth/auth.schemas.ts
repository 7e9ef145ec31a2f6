import { z } from 'zod';
import { ROLES } from '../../../common/roles.ts';

export const loginBodySchema = z.strictObject({
  login: z.string().trim().toLowerCase().min(1, 'Введите логин').max(64),
  password: z.string().min(1, 'Введите пароль').max(256),
});

export const sessionSchema = z.object({
  user: z.object({ id: z.string(), login: z.string().nullable(), fullName: z.string() }),
  roles: z.array(
    z.object({
      assignmentId: z.string(),
      role: z.enum(ROLES),
      scopeNodeId: z.string().nullable(),
      scopeName: z.string().nullable(),
    }),
  ),
  permissions: z.array(z.string()),
  authMethod: z.enum(['password', 'esia']).nullable(),
  csrfToken: z.string(),
  timeZone: z
    .string()
    .describe('Часовой пояс региона (IANA): экраны показывают моменты времени в нём, с подписью'),
});

/**
 * What ЕСИА sends back to the redirect URI (OpenID Connect authorization response); further parameters
 * are let through to openid-client, which checks the response as a whole.
 */
export const esiaCallbackQuerySchema = z
  .object({
    code: z.string().max(4000).optional().describe('Код авторизации'),
    state: z.string().max(4000).optional().describe('Значение state, выданное при начале входа'),
    error: z.string().max(4000).optional(),
    error_description: z.string().max(4000).optional(),
    iss: z.string().max(4000).optional(),
  })
  .catchall(z.string().max(4000));
