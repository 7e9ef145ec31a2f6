import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { FieldChange } from '../../platform/history.ts';
import { personInScope } from './person-scope.ts';

/** Person ids a history change points at: a linked representative, the other record of a merge. */
function referencedIds(c: FieldChange): string[] {
  const ids: string[] = [];
  for (const side of [c.before, c.after]) {
    if (!side || typeof side !== 'object') continue;
    const v = side as Record<string, unknown>;
    if (c.field === 'representative' && typeof v.representativeId === 'string') ids.push(v.representativeId);
    if (c.field === 'merge') {
      if (typeof v.mergedId === 'string') ids.push(v.mergedId);
      if (typeof v.survivorId === 'string') ids.push(v.survivorId);
    }
  }
  return ids;
}

/**
 * Names («Иванова А. П.») of the people history entries point at, for the reader's sentences: only
 * people in the reader's scope (a merged-away record counts through the record it was merged into);
 * anyone else stays unnamed. The entries were redacted before, so an analyst's carry no ids at all.
 */
export async function historyNames(ctx: Ctx, entries: { changes: FieldChange[] }[]) {
  const ids = [...new Set(entries.flatMap((e) => e.changes.flatMap(referencedIds)))];
  if (ids.length === 0) return {};
  const r = await sql<{ id: string; name: string }>`
    SELECT p.id, p.last_name || ' ' || left(p.first_name, 1) || '.'
           || coalesce(' ' || left(nullif(p.middle_name, ''), 1) || '.', '') AS name
      FROM persons p
     WHERE p.id = ANY(${ids}::uuid[]) AND p.status <> 'destroyed'
       AND (${personInScope('p.id', ctx.actor!.grants)}
         OR (p.merged_into_id IS NOT NULL AND ${personInScope('p.merged_into_id', ctx.actor!.grants)}))`.execute(
    ctx.db,
  );
  return Object.fromEntries(r.rows.map((x) => [x.id, x.name])) as Record<string, string>;
}
