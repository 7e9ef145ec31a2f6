import type { Kysely } from 'kysely';
import { ROLE_SCOPE, type Role } from '../../../common/roles.ts';
import type { Grant } from '../../platform/access/actor.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { ASSIGNABLE } from './users.policy.ts';

const bad = (message: string) =>
  new AppError('validation_failed', message, [{ path: 'body.scopeNodeId', code: 'invalid_scope', message }]);

/**
 * A role is bound to a node of the right kind (region, municipality, organization), and a manager
 * may hand out only roles it is allowed to, inside its own scope.
 */
export async function checkAssignable(
  db: Kysely<DB>,
  grants: Grant[],
  role: Role,
  node: string,
): Promise<Grant> {
  const kind = ROLE_SCOPE[role];
  const territory = await db
    .selectFrom('territories')
    .select('kind')
    .where('id', '=', node)
    .executeTakeFirst();
  const org = territory
    ? undefined
    : await db.selectFrom('organizations').select('id').where('id', '=', node).executeTakeFirst();
  const nodeKind = territory?.kind ?? (org ? 'organization' : null);
  if (!nodeKind) throw bad('Область действия роли не найдена');
  const fits =
    kind === nodeKind ||
    (kind === 'region_or_municipality' && (nodeKind === 'region' || nodeKind === 'municipality'));
  if (!fits) throw bad('Область действия не подходит для этой роли');
  const allowed = grants.filter((g) => ASSIGNABLE[g.role]?.includes(role));
  const grant = await grantCovering(db, allowed, node);
  if (!grant) throw forbidden('Эту роль в этой области вы назначить не можете');
  return grant;
}
