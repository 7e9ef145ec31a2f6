import type { z } from 'zod';
import { todayIso } from '../../../common/schemas/primitives.ts';
import { authorize } from '../../platform/access/policy.ts';
import { API_TOKEN_PREFIX } from '../../platform/auth/api-tokens.ts';
import { randomToken, sha256 } from '../../platform/auth/sessions.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { invalidField } from '../../platform/errors.ts';
import { checkAssignable } from './role-scope.ts';
import { UserActions } from './users.policy.ts';
import type { createTokenSchema } from './users.schemas.ts';

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A token lives at most maxDays: an expiry today or earlier would be dead on arrival, one beyond the
 * maximum is refused, and a token issued without a date expires after the maximum.
 */
export function tokenExpiry(expiresOn: string | undefined, maxDays: number, today = todayIso()): string {
  const latest = addDays(today, maxDays);
  if (expiresOn === undefined) return latest;
  if (expiresOn <= today) {
    throw invalidField(
      'body.expiresOn',
      'Срок действия токена должен заканчиваться позже сегодняшнего дня',
      'too_early',
    );
  }
  if (expiresOn > latest) {
    throw invalidField(
      'body.expiresOn',
      `Срок действия токена — не более ${maxDays} дн. (до ${latest.split('-').reverse().join('.')})`,
      'too_late',
    );
  }
  return expiresOn;
}

/**
 * An integration client is a service account with the integration_client role in each named
 * organization; the token is shown once and stored only as its SHA-256.
 */
export const createApiToken = (ctx: Ctx, input: z.infer<typeof createTokenSchema>) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, UserActions['apiToken.manage']);
    const expiresOn = tokenExpiry(input.expiresOn, ctx.config.apiTokenMaxDays);
    const orgIds = [...new Set(input.organizationIds)];
    let grant = grants[0]!;
    for (const orgId of orgIds) grant = await checkAssignable(tx, grants, 'integration_client', orgId);
    const user = await tx
      .insertInto('users')
      .values({ full_name: input.name, is_service: true, created_by: ctx.actor!.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('role_assignments')
      .values(
        orgIds.map((id) => ({
          user_id: user.id,
          role: 'integration_client',
          scope_node_id: id,
          created_by: ctx.actor!.userId,
        })),
      )
      .execute();
    const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
    const row = await tx
      .insertInto('api_tokens')
      .values({
        user_id: user.id,
        name: input.name,
        token_hash: sha256(token),
        token_prefix: token.slice(0, 10),
        created_by: ctx.actor!.userId,
        expires_at: new Date(`${expiresOn}T23:59:59Z`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditInTx(tx, ctx, {
      action: 'api_token.create',
      objectType: 'api_token',
      objectId: row.id,
      grant,
      details: { organizations: orgIds.length },
    });
    return { id: row.id, token };
  });
