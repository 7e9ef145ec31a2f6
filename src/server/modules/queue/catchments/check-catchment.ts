import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tx.ts';
import { AppError, type FieldProblem } from '../../../platform/errors.ts';
import type { CatchmentInput } from './catchments.schemas.ts';

/**
 * A catchment's settlements lie in its municipality (their ОКТМО shares the municipality's first five
 * digits) and belong to no other catchment of it; its kindergartens are working kindergartens of the
 * municipality; its neighbours are other catchments of the municipality.
 */
export async function checkCatchment(
  tx: Tx,
  municipalityId: string,
  input: CatchmentInput,
  selfId: string | null,
) {
  const errors: FieldProblem[] = [];
  const add = (path: string, code: string, message: string) => errors.push({ path, code, message });
  const mun = await tx
    .selectFrom('territories')
    .select(['kind', 'oktmo'])
    .where('id', '=', municipalityId)
    .executeTakeFirst();
  if (mun?.kind !== 'municipality' || !mun.oktmo)
    throw new AppError('validation_failed', 'Закреплённые территории ведёт муниципальное образование', [
      {
        path: 'body.municipalityId',
        code: 'not_municipality',
        message: 'Выберите муниципальное образование',
      },
    ]);
  const seen = new Set<string>();
  const taken = new Map(
    (
      await sql<{ code: string; name: string }>`
        SELECT unnest(oktmo) AS code, name FROM catchments
         WHERE municipality_id = ${municipalityId} AND id IS DISTINCT FROM ${selfId}::uuid`.execute(tx)
    ).rows.map((r) => [r.code, r.name]),
  );
  input.oktmo.forEach((code, i) => {
    const at = `body.oktmo.${i}`;
    if (seen.has(code)) add(at, 'duplicate', 'Код уже указан');
    seen.add(code);
    if (code.slice(0, 5) !== mun.oktmo!.slice(0, 5))
      add(at, 'outside_municipality', 'Населённый пункт не относится к этому муниципальному образованию');
    const other = taken.get(code);
    if (other) add(at, 'in_other_catchment', `Населённый пункт уже закреплён за территорией «${other}»`);
  });
  const kindergartens = new Set(
    (
      await sql<{ id: string }>`
        SELECT o.id FROM organizations o
         WHERE o.id = ANY(${input.kindergartenIds}::uuid[]) AND o.kind = 'preschool' AND o.status <> 'liquidated'
           AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${municipalityId})`.execute(
        tx,
      )
    ).rows.map((r) => r.id),
  );
  input.kindergartenIds.forEach((id, i) => {
    if (!kindergartens.has(id))
      add(
        `body.kindergartenIds.${i}`,
        'outside_municipality',
        'Детский сад не найден среди детских садов муниципалитета',
      );
  });
  if (new Set(input.kindergartenIds).size !== input.kindergartenIds.length)
    add('body.kindergartenIds', 'duplicate', 'Детский сад указан дважды');
  const neighbours = new Set(
    (
      await sql<{ id: string }>`
        SELECT id FROM catchments WHERE municipality_id = ${municipalityId}
           AND id = ANY(${input.neighbours}::uuid[]) AND id IS DISTINCT FROM ${selfId}::uuid`.execute(tx)
    ).rows.map((r) => r.id),
  );
  input.neighbours.forEach((id, i) => {
    if (!neighbours.has(id))
      add(`body.neighbours.${i}`, 'not_found', 'Соседняя территория не найдена в этом муниципалитете');
  });
  if (errors.length) throw new AppError('validation_failed', 'Проверьте закреплённую территорию', errors);
}
