import { auditInTx, type Ctx } from '../../platform/context.ts';
import { afterCommit, withTransaction } from '../../platform/db/tx.ts';
import { notFound } from '../../platform/errors.ts';
import { listApiTokens } from './api-tokens.queries.ts';

export const revokeApiToken = (ctx: Ctx, id: string, onChange: () => void) =>
  withTransaction(ctx.db, async (tx) => {
    const visible = (await listApiTokens({ ...ctx, db: tx })).find((t) => t.id === id);
    if (!visible || visible.revokedAt)
      throw notFound('API-токен').audited('apiToken.manage', 'api_token', id);
    await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    await auditInTx(tx, ctx, { action: 'api_token.revoke', objectType: 'api_token', objectId: id });
    afterCommit(tx, onChange);
  });
