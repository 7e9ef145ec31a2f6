import { sql } from 'kysely';
import type { z } from 'zod';
import { dateInZone } from '../../../common/dates/working-days.ts';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { IntakeActions } from './intake.policy.ts';
import type { BatchResult } from './intake.schemas.ts';

export type Reject = { index: number; sourceId: string | null; code: string; message: string };
export type Kind = 'attendance' | 'results' | 'achievements';

/** The same Russian message for a code everywhere: the answer, the log and the tests. */
export const REJECT_MESSAGES: Record<string, string> = {
  unknown_learner: 'Обучающийся не найден в реестре',
  snils_mismatch: 'СНИЛС не совпадает со СНИЛС обучающегося с этим идентификатором',
  learner_not_held: 'Обучающийся не числится в организациях, к которым привязан ключ доступа',
  not_enrolled_on_date: 'Обучающийся не зачислен в организацию на эту дату',
  organization_out_of_scope: 'Организация не входит в организации, к которым привязан ключ доступа',
  ambiguous_organization: 'Обучающийся зачислен в несколько организаций ключа: укажите organizationId',
  future_date: 'Дата в будущем',
  before_birth: 'Дата раньше даты рождения обучающегося',
  too_old: 'Дата старше допустимого срока приема данных',
  duplicate_in_batch: 'Идентификатор записи источника повторяется в пакете',
  duplicate_day_in_batch: 'День обучающегося повторяется в пакете под разными идентификаторами',
  day_already_recorded: 'День обучающегося уже отмечен другой записью источника',
  source_id_reassigned:
    'Запись источника с этим идентификатором относится к другому обучающемуся или организации',
  month_unavailable: 'Месяц закрыт для приема (передан в архив)',
  lessons_in_kindergarten: 'Для детского сада посещаемость передается днями, без уроков',
  invalid_grade: 'Отметка не соответствует шкале оценивания',
};

export const reject = (index: number, sourceId: string | null, code: string, message?: string): Reject => ({
  index,
  sourceId,
  code,
  message: message ?? REJECT_MESSAGES[code] ?? code,
});

/** A batch over the configured limit is refused whole, before anything is read. */
export function checkBatchSize(ctx: Ctx, n: number) {
  const max = ctx.config.intakeMaxBatch;
  if (n > max) {
    const message = `В пакете ${n} элементов, допустимо не более ${max}: разделите пакет`;
    throw new AppError('payload_too_large', message, [
      { path: 'body.items', code: 'batch_too_large', message },
    ]);
  }
}

/**
 * Each item against its schema: the parsed ones with their index, and a reject for each of the rest.
 * `fast` may accept the common, plainly valid item shape without the schema (a few µs instead of tens
 * at 10,000 items); whatever it does not accept goes through the schema, which gives the reason.
 */
export function parseItems<T>(
  schema: z.ZodType<T>,
  items: unknown[],
  rejects: Reject[],
  fast?: (raw: unknown) => T | null,
) {
  const parsed: { index: number; item: T }[] = [];
  items.forEach((raw, index) => {
    const quick = fast?.(raw);
    if (quick) {
      parsed.push({ index, item: quick });
      return;
    }
    const r = schema.safeParse(raw);
    if (r.success) parsed.push({ index, item: r.data });
    else {
      const issue = r.error.issues[0];
      const sourceId = (raw as { sourceId?: unknown } | null)?.sourceId;
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      rejects.push(
        reject(
          index,
          typeof sourceId === 'string' ? sourceId : null,
          'invalid_item',
          `${where}${issue?.message}`,
        ),
      );
    }
  });
  return parsed;
}

/** Dates: not after the region's today, not older than the intake window. */
export function dateWindow(ctx: Ctx) {
  const today = dateInZone(new Date(), ctx.config.timeZone);
  const oldest = new Date(`${today}T00:00:00Z`);
  oldest.setUTCDate(oldest.getUTCDate() - ctx.config.intakeMaxAgeDays);
  return { today, oldest: oldest.toISOString().slice(0, 10) };
}

/** Items whose (sourceSystem, sourceId) occurs more than once in the batch: all occurrences go. */
export function duplicateKeys<T extends { sourceSystem: string; sourceId: string }>(
  items: { index: number; item: T }[],
) {
  const seen = new Map<string, number>();
  for (const { item } of items) {
    const k = `${item.sourceSystem}\u0000${item.sourceId}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return (item: T) => (seen.get(`${item.sourceSystem}\u0000${item.sourceId}`) ?? 0) > 1;
}

/** The advisory-lock key space of intake (the first key) and the number of organization buckets. */
const LOCK_SPACE = 1_370_212;
const LOCK_BUCKETS = 64;

export type IntakeScope = { grant: Grant; organizations: Map<string, string> };

/**
 * The organizations the token is bound to (and their branches), with their kinds, and advisory locks
 * over them taken in one order: batches for one organization apply one after another, so
 * the checks against rows already stored hold until the commit and concurrent resends never race on a
 * unique key. Batches of different organizations run side by side.
 */
export async function lockScope(tx: Tx, ctx: Ctx): Promise<IntakeScope> {
  const grants = authorize(ctx.actor!, IntakeActions['intake.write']);
  const r = await sql<{ id: string; kind: string }>`
    SELECT o.id, o.kind FROM organizations o
     WHERE o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${scopeNodes(grants)}::uuid[]))
     ORDER BY o.id`.execute(tx);
  // One lock per bucket of organizations, not per organization: a token of a whole municipality's
  // e-journal holds at most LOCK_BUCKETS locks (the shared lock table is small), in ascending order.
  await sql`SELECT pg_advisory_xact_lock(${LOCK_SPACE}, b)
              FROM (SELECT DISTINCT abs(hashtextextended(id::text, 0) % ${LOCK_BUCKETS})::int AS b
                      FROM unnest(${r.rows.map((o) => o.id)}::uuid[]) AS u(id) ORDER BY 1) s ORDER BY b`.execute(
    tx,
  );
  return { grant: grants[0]!, organizations: new Map(r.rows.map((o) => [o.id, o.kind])) };
}

type Applied = {
  index: number;
  sourceId: string;
  sourceSystem: string;
  organizationId: string;
  personId: string;
};

/** The applied items of a batch as its log and audit name them. */
export const appliedOf = (
  rows: {
    index: number;
    item: { sourceId: string; sourceSystem: string };
    organizationId: string;
    personId: string;
  }[],
): Applied[] =>
  rows.map((r) => ({
    index: r.index,
    sourceId: r.item.sourceId,
    sourceSystem: r.item.sourceSystem,
    organizationId: r.organizationId,
    personId: r.personId,
  }));

/** The batch's log row, the per-source summary, the audit record, and the answer. */
export async function finishBatch(
  tx: Tx,
  ctx: Ctx,
  p: {
    kind: Kind;
    batchId: string;
    scope: IntakeScope;
    received: number;
    applied: Applied[];
    outcomes: Map<number, 'inserted' | 'updated' | 'unchanged'>;
    rejects: Reject[];
    itemOrg: Map<number, { sourceSystem: string; organizationId: string | null }>;
  },
): Promise<BatchResult> {
  const rejects = [...p.rejects].sort((a, b) => a.index - b.index);
  const accepted = p.applied
    .map((a) => ({ index: a.index, sourceId: a.sourceId, outcome: p.outcomes.get(a.index) ?? 'unchanged' }))
    .sort((a, b) => a.index - b.index);
  const count = (o: string) => accepted.filter((a) => a.outcome === o).length;
  const counts = {
    accepted: accepted.length,
    rejected: rejects.length,
    inserted: count('inserted'),
    updated: count('updated'),
    unchanged: count('unchanged'),
  };
  const orgIds = [...p.scope.organizations.keys()];
  const sources = [...new Set([...p.itemOrg.values()].map((o) => o.sourceSystem))].sort();
  await sql`INSERT INTO intake_batches (id, kind, user_id, organization_ids, source_systems, items, accepted,
                                        rejected, inserted, updated, errors)
            VALUES (${p.batchId}, ${p.kind}, ${ctx.actor!.userId}, ${orgIds}::uuid[], ${sources}::text[], ${p.received},
                    ${counts.accepted}, ${counts.rejected}, ${counts.inserted}, ${counts.updated},
                    ${JSON.stringify(rejects.slice(0, 100))}::jsonb)`.execute(tx);
  // Per organization and source system: accepted items by their organization; rejected ones by the
  // organization they named or were found in, else by the token's only organization.
  const only = orgIds.length === 1 ? orgIds[0]! : null;
  const tally = new Map<string, { org: string; source: string; accepted: number; rejected: number }>();
  const add = (org: string | null, source: string, field: 'accepted' | 'rejected') => {
    if (!org) return;
    const k = `${org}\u0000${source}`;
    const t = tally.get(k) ?? { org, source, accepted: 0, rejected: 0 };
    t[field]++;
    tally.set(k, t);
  };
  for (const a of p.applied) add(a.organizationId, a.sourceSystem, 'accepted');
  for (const r of rejects) {
    const at = p.itemOrg.get(r.index);
    if (at) add(at.organizationId ?? only, at.sourceSystem, 'rejected');
  }
  const rows = [...tally.values()].sort((a, b) => (a.org + a.source < b.org + b.source ? -1 : 1));
  if (rows.length > 0) {
    await sql`
      INSERT INTO intake_sources AS s (organization_id, source_system, kind, last_batch_id, last_at, last_accepted,
                                       last_rejected, total_accepted, total_rejected)
      SELECT t.org, t.source, ${p.kind}, ${p.batchId}, now(), t.accepted, t.rejected, t.accepted, t.rejected
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS t(org uuid, source text, accepted int, rejected int)
         WHERE t.org = ANY(${orgIds}::uuid[])
      ON CONFLICT (organization_id, source_system, kind) DO UPDATE SET
        last_batch_id = EXCLUDED.last_batch_id, last_at = EXCLUDED.last_at,
        last_accepted = EXCLUDED.last_accepted, last_rejected = EXCLUDED.last_rejected,
        total_accepted = s.total_accepted + EXCLUDED.total_accepted,
        total_rejected = s.total_rejected + EXCLUDED.total_rejected`.execute(tx);
  }
  const subjects = [...new Set(p.applied.map((a) => a.personId))];
  await auditInTx(tx, ctx, {
    action: `intake.${p.kind}`,
    objectType: 'intake_batch',
    objectId: p.batchId,
    subjectIds: subjects.length > 0 ? subjects : null,
    grant: p.scope.grant,
    details: { ...counts, received: p.received },
  });
  return { batchId: p.batchId, received: p.received, accepted, rejected: rejects, counts };
}
