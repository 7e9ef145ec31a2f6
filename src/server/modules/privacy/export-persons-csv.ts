import { PassThrough, type Readable } from 'node:stream';
import { type RawBuilder, sql } from 'kysely';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { PERSON_DATA } from '../../platform/person-data/registry.ts';
import { type ExportFormat, exportWriter } from './export-formats.ts';
import { PrivacyActions } from './privacy.policy.ts';
import { loadPseudonymKey, pseudonymizer } from './pseudonym-key.ts';

export type ExportFilters = {
  territoryId?: string | undefined;
  organizationKind?: 'preschool' | 'school' | 'additional' | 'vocational' | undefined;
  format?: ExportFormat | undefined;
};

/**
 * The file's columns: the pseudonym, then the columns the person-data registry declares for the
 * export, in their declared places. A table declares none unless its data belongs in the extract.
 */
const COLUMNS = PERSON_DATA.exportColumns;

const BATCH = 5000;

type Row = { person_id: string } & Record<string, string | boolean | null>;

/**
 * Organizations of the actor's scope (and of the filter), each with the ОКТМО of its municipality.
 * Exported enrollments are only those of these organizations.
 */
function exportOrganizations(nodes: string[], f: ExportFilters): RawBuilder<unknown> {
  const below = (ids: string[]) =>
    sql`o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${ids}::uuid[]))`;
  return sql`
    SELECT o.id, o.kind,
           coalesce((SELECT t.oktmo FROM scope_closure c JOIN territories t ON t.id = c.ancestor_id
                      WHERE c.descendant_id = o.id AND t.kind = 'municipality' LIMIT 1),
                    (SELECT left(t.oktmo, 8) FROM territories t WHERE t.id = o.territory_id)) AS oktmo
      FROM organizations o
     WHERE ${below(nodes)}
       AND ${f.territoryId ? below([f.territoryId]) : sql`true`}
       AND ${f.organizationKind ? sql`o.kind = ${f.organizationKind}` : sql`true`}`;
}

/**
 * One row per enrollment of an active person. Generalised on the way out: months instead of dates,
 * the municipality level of ОКТМО (8 digits) instead of the address, flags instead of categories.
 * The organizations are materialised first, so each one's municipality is looked up once. The flags
 * are EXISTS, not IN: PostgreSQL hashes either only while the set fits work_mem, and past that an IN
 * rescans the whole set per row, while an EXISTS falls back to one index probe.
 */
function exportQuery(orgs: RawBuilder<unknown>) {
  const from = sql`FROM enrollments e JOIN o ON o.id = e.organization_id
                   JOIN persons p ON p.id = e.person_id AND p.status = 'active'`;
  const columns = sql.join(COLUMNS.map((c) => sql`${c.sql} AS ${sql.ref(c.name)}`));
  const select = sql`
    WITH o AS MATERIALIZED (${orgs})
    SELECT e.person_id, ${columns}
      ${from}`;
  return {
    count: sql<{ n: string }>`WITH o AS MATERIALIZED (${orgs}) SELECT count(*)::text AS n ${from}`,
    select,
  };
}

/**
 * Opens the pseudonymised export: checks the filters, counts the rows and audits the export before
 * the first row leaves, then streams the rows through a server-side cursor in one read-only
 * snapshot (the count and the rows agree), in the file format asked for (export-formats.ts).
 * Memory stays flat for a million learners.
 */
export async function openPersonsExport(
  ctx: Ctx,
  f: ExportFilters,
): Promise<{ rows: number; stream: Readable }> {
  const action = PrivacyActions['person.export'];
  const grants = authorize(ctx.actor!, action);
  const nodes = scopeNodes(grants);
  if (f.territoryId) {
    const t = await sql<{ inside: boolean }>`
      SELECT EXISTS (SELECT 1 FROM scope_closure WHERE descendant_id = t.id
                       AND ancestor_id = ANY(${nodes}::uuid[])) AS inside
        FROM territories t WHERE t.id = ${f.territoryId}`.execute(ctx.db);
    if (!t.rows[0]) throw notFound('Территория');
    if (!t.rows[0].inside) {
      throw forbidden('Территория вне вашей области доступа').audited(action, 'territory', f.territoryId);
    }
  }
  const pseudonym = pseudonymizer(
    await loadPseudonymKey(ctx.config.pseudonymKeyFile, (m) => ctx.log.warn(m)),
  );
  const q = exportQuery(exportOrganizations(nodes, f));
  const out = new PassThrough();
  const writer = exportWriter(f.format ?? 'excel', out, COLUMNS);
  // Fastify listens once it has the stream; this keeps a late failure from becoming uncaught.
  out.on('error', (err) => ctx.log.error({ err: err.message }, 'persons export stream failed'));
  let opened = false;
  const ready = new Promise<number>((resolve, reject) => {
    ctx.db
      .connection()
      .execute(async (conn) => {
        await sql`BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY`.execute(conn);
        try {
          // Every row is read, so plan for the whole result (hash joins), not for the first rows.
          await sql`SET LOCAL cursor_tuple_fraction = 1`.execute(conn);
          const rows = Number((await q.count.execute(conn)).rows[0]!.n);
          // The export is pseudonymised, so the audit row names no subjects: listing up to a million
          // ids would copy the export into the log, and every learner's access log would show an
          // analyst's extract that discloses nothing identifying about them.
          await auditNow(ctx, {
            action,
            objectType: 'person',
            grant: grants[0]!,
            details: {
              rows,
              format: f.format ?? 'excel',
              filters: { territoryId: f.territoryId ?? null, kind: f.organizationKind ?? null },
            },
          });
          await sql`DECLARE persons_export NO SCROLL CURSOR FOR ${q.select}`.execute(conn);
          opened = true;
          resolve(rows);
          writer.head();
          while (!out.destroyed) {
            const batch = await sql<Row>`FETCH ${sql.raw(String(BATCH))} FROM persons_export`.execute(conn);
            if (batch.rows.length === 0) break;
            await writer.rows(
              batch.rows.map((r) => ({
                pseudonym: pseudonym(r.person_id),
                values: COLUMNS.map((c) => r[c.name]),
              })),
            );
          }
          await sql`COMMIT`.execute(conn);
          // A client that went away destroyed the stream; there is nothing left to end.
          await writer.end();
        } catch (err) {
          await sql`ROLLBACK`.execute(conn).catch(() => {});
          throw err;
        }
      })
      .catch((err: Error) => {
        if (opened) out.destroy(err);
        else reject(err);
      });
  });
  return { rows: await ready, stream: out };
}
