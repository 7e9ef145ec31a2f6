import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { Grant } from '../../platform/access/actor.ts';
import { scopeNodes } from '../../platform/access/policy.ts';
import { runPrepared } from '../../platform/db/prepared.ts';
import type { DB } from '../../platform/db/schema.ts';
import { cardInScope, coversRegion } from './person-scope.ts';
import type { personCardSchema } from './persons.schemas.ts';

export type PersonCardView = z.infer<typeof personCardSchema>;
export type PersonCard = PersonCardView | null;

/**
 * The whole person record except health: core fields, current documents, addresses, contacts,
 * hardships, representation links both ways and enrollments. It is read from the person_cards read
 * model, which triggers keep current in the same transaction as every change (migration 0007), so
 * a read is one index probe. The scope predicate is part of the query: out of scope reads as absent.
 */
function cardQuery(id: unknown, grants: Grant[]) {
  return sql<{ card: PersonCardView }>`
    SELECT pc.card FROM person_cards pc
     WHERE pc.person_id = ${id} AND ${cardInScope('pc.scope_node_ids', grants)}`;
}

export async function readPersonCard(db: Kysely<DB>, id: string, grants: Grant[]) {
  const r = await cardQuery(id, grants).execute(db);
  return r.rows[0]?.card ?? null;
}

const ID = Symbol('id');
const compiled = new Map<
  string,
  { query: CompiledQuery; bind: (id: string, nodes: string[]) => unknown[] }
>();

/**
 * The card as a named prepared statement, planned once per connection. The statement has two
 * shapes, region-wide and scoped; each is compiled once with markers that show where the id and
 * the scope nodes go.
 */
export async function readPersonCardPrepared(db: Kysely<DB>, pool: Pool, id: string, grants: Grant[]) {
  const shape = coversRegion(grants) ? 'region' : 'scoped';
  let entry = compiled.get(shape);
  if (!entry) {
    const nodesMark = ['00000000-0000-0000-0000-000000000000'];
    const markedGrants =
      shape === 'region' ? grants : grants.map((g) => ({ ...g, scopeNodeId: nodesMark[0]! }));
    const query = cardQuery(ID, markedGrants).compile(db);
    const slots = query.parameters.map((p) => (p === ID ? 'id' : Array.isArray(p) ? 'nodes' : 'const'));
    entry = {
      query: { ...query, parameters: [] },
      bind: (pid, nodes) =>
        slots.map((k, i) => (k === 'id' ? pid : k === 'nodes' ? nodes : query.parameters[i])),
    };
    compiled.set(shape, entry);
  }
  const rows = await runPrepared<{ card: PersonCardView }>(
    pool,
    `person-card-${shape}`,
    entry.query,
    entry.bind(id, scopeNodes(grants)),
  );
  return rows[0]?.card ?? null;
}

/** Persons whose data a card shows: the subject and the linked people, for the access log. */
export const cardSubjects = (c: NonNullable<PersonCard>) => [
  c.id,
  ...c.representatives.map((r) => r.person.id),
  ...c.represents.map((r) => r.person.id),
];

/** The card's own data as history keeps it: without links, which are other persons' records. */
export function personSnapshot(c: NonNullable<PersonCard>) {
  const { representatives, represents, enrollments, createdAt, updatedAt, version, ...own } = c as Record<
    string,
    unknown
  >;
  return own;
}
