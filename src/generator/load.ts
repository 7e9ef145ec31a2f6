import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { GeneratedRegion, OrganizationRow, TerritoryRow } from './types.ts';

export type CopyClient = Client | PoolClient;

const TERRITORY_COLUMNS = [
  'id',
  'kind',
  'name',
  'oktmo',
  'municipality_type',
  'parent_id',
] as const satisfies readonly (keyof TerritoryRow)[];

const ORGANIZATION_COLUMNS = [
  'id',
  'kind',
  'full_name',
  'short_name',
  'legal_form',
  'inn',
  'kpp',
  'ogrn',
  'territory_id',
  'parent_organization_id',
  'founder',
  'legal_address',
  'actual_address',
  'head',
  'contacts',
  'licence',
  'accreditation',
  'capacity',
  'status',
  'status_changed_on',
  'liquidated_on',
  'successor_organization_id',
] as const satisfies readonly (keyof OrganizationRow)[];

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One field in COPY text format: \N for null, JSON for objects, backslash escapes for the rest. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\n\r\t]/g, (ch) => ESCAPES[ch] as string);
}

// Rows go out in ~64 KB chunks: one stream write per row would dominate the cost for millions of persons.
function* copyLines<T>(rows: Iterable<T>, columns: readonly (keyof T)[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += '\t';
      line += copyField(row[columns[i] as keyof T]);
    }
    chunk += `${line}\n`;
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Streams rows into a table with COPY … FROM STDIN (text format). Row triggers still fire, so the scope
 * closure stays right. Column names are trusted: they come from this module's constants, never from input.
 */
export async function copyRows<T>(
  client: CopyClient,
  table: string,
  columns: readonly (keyof T & string)[],
  rows: Iterable<T>,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyLines(rows, columns)), stream);
  return stream.rowCount;
}

export type LoadResult = { territories: number; organizations: number };

/**
 * Writes a generated region in one transaction. Refuses when the region's territory (by ОКТМО) is already
 * there, so a second run cannot seed the registry twice.
 */
export async function loadRegion(client: CopyClient, region: GeneratedRegion): Promise<LoadResult> {
  const root = region.territories.find((t) => t.kind === 'region');
  if (!root?.oktmo) throw new Error('generated region has no region territory');
  await client.query('BEGIN');
  try {
    // Two concurrent loaders would both pass the check below without this lock.
    await client.query('LOCK TABLE territories IN SHARE ROW EXCLUSIVE MODE');
    const existing = await client.query('SELECT id FROM territories WHERE oktmo = $1', [root.oktmo]);
    if ((existing.rowCount ?? 0) > 0) {
      throw new Error(
        `Territory with ОКТМО ${root.oktmo} (${root.name}) is already in the database; ` +
          'refusing to load the synthetic region twice. Use an empty database.',
      );
    }
    const territories = await copyRows(client, 'territories', TERRITORY_COLUMNS, region.territories);
    const organizations = await copyRows(client, 'organizations', ORGANIZATION_COLUMNS, region.organizations);
    await client.query('COMMIT');
    return { territories, organizations };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}
