import type { Kysely } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError, forbidden } from '../../platform/errors.ts';

type Placement = {
  territoryId: string;
  parentOrganizationId?: string | null | undefined;
  inn: string;
  ogrn: string;
};

/**
 * Where an organization may sit: its municipality must be in the actor's scope, and a branch hangs
 * under a head organization (not under another branch) with the same ИНН and ОГРН.
 */
export async function checkPlacement(db: Kysely<DB>, grants: Grant[], p: Placement, selfId?: string) {
  const territory = await db
    .selectFrom('territories')
    .select(['id', 'kind'])
    .where('id', '=', p.territoryId)
    .executeTakeFirst();
  if (!territory || territory.kind === 'region') {
    throw new AppError('validation_failed', 'Укажите муниципальное образование', [
      {
        path: 'body.territoryId',
        code: 'unknown_territory',
        message: 'Муниципальное образование не найдено',
      },
    ]);
  }
  const grant = await grantCovering(db, grants, p.territoryId);
  if (!grant) throw forbidden('Муниципальное образование вне вашей области доступа');
  if (p.parentOrganizationId) {
    const parent = await db
      .selectFrom('organizations')
      .select(['id', 'inn', 'ogrn', 'parent_organization_id', 'territory_id'])
      .where('id', '=', p.parentOrganizationId)
      .executeTakeFirst();
    const problem = (message: string) =>
      new AppError('validation_failed', message, [
        { path: 'body.parentOrganizationId', code: 'invalid_parent', message },
      ]);
    if (!parent || parent.id === selfId) throw problem('Головная организация не найдена');
    if (parent.parent_organization_id) throw problem('Филиал не может иметь собственных филиалов');
    if (!(await grantCovering(db, grants, parent.id)))
      throw forbidden('Головная организация вне вашей области доступа');
    if (parent.inn !== p.inn || parent.ogrn !== p.ogrn) {
      throw new AppError(
        'validation_failed',
        'ИНН и ОГРН филиала совпадают с реквизитами головной организации',
        [
          {
            path: 'body.inn',
            code: 'branch_mismatch',
            message: 'ИНН филиала должен совпадать с ИНН головной организации',
          },
          {
            path: 'body.ogrn',
            code: 'branch_mismatch',
            message: 'ОГРН филиала должен совпадать с ОГРН головной организации',
          },
        ],
      );
    }
  }
  return grant;
}

/** Unique-index violations become a clear 409 naming the field, never a 500. */
export function mapUniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'organizations_inn_kpp_uq') {
    throw new AppError('duplicate_organization', 'Организация с такими ИНН и КПП уже есть в реестре', [
      { path: 'body.kpp', code: 'duplicate', message: 'Сочетание ИНН и КПП уже зарегистрировано' },
    ]);
  }
  if (e.code === '23505' && e.constraint === 'organizations_ogrn_head_uq') {
    throw new AppError('duplicate_organization', 'Организация с таким ОГРН уже есть в реестре', [
      { path: 'body.ogrn', code: 'duplicate', message: 'ОГРН уже зарегистрирован' },
    ]);
  }
  throw err;
}
