import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { Grant } from '../../platform/access/actor.ts';
import { scopeNodes } from '../../platform/access/policy.ts';
import { runPrepared } from '../../platform/db/prepared.ts';
import type { DB } from '../../platform/db/schema.ts';
import { accessGraceDays, coversRegion } from './person-scope.ts';
import type { personCardSchema } from './persons.schemas.ts';

export type PersonCardView = z.infer<typeof personCardSchema>;
export type PersonCard = PersonCardView | null;

type CardRow = {
  card: PersonCardView;
  access: 'full' | 'archival';
  hidden: string[] | null;
  own: string[] | null;
};

/**
 * The whole person record except health: core fields, current documents, addresses, contacts,
 * hardships, representation links both ways and enrollments. It is read from the person_cards read
 * model (migration 0007), one index probe; the card only displays. Access is decided in the same call
 * from person_access (migrations 0009, 0016): out of scope reads as absent; a former organization after
 * the grace period gets the archival level; linked persons outside the actor's scope are listed so the
 * presenter can drop them.
 */
function cardQuery(id: unknown, grants: Grant[]) {
  // Region-wide: no access to decide, a plain probe that plans in no time.
  if (coversRegion(grants)) {
    return sql<CardRow>`SELECT pc.card, 'full' AS access, NULL AS hidden, NULL AS own
      FROM person_cards pc WHERE pc.person_id = ${id}`;
  }
  return sql<CardRow>`SELECT card, access, hidden, own
    FROM person_card_read(${id}::uuid, ${scopeNodes(grants)}::uuid[], ${accessGraceDays()}::int)`;
}

/** What the actor may see of a card row: everything, less the linked persons out of scope, or the archive. */
function present(row: CardRow | undefined): PersonCard {
  if (!row) return null;
  const c = row.card;
  if (row.access === 'archival') {
    const own = new Set(row.own ?? []);
    return {
      ...c,
      birthPlace: null,
      citizenship: { codes: [], stateless: false },
      snils: null,
      documents: [],
      addresses: [],
      contacts: [],
      hardships: [],
      representatives: [],
      represents: [],
      enrollments: c.enrollments.filter((e) => own.has(e.id)),
      access: 'archival',
    };
  }
  const hidden = new Set(row.hidden ?? []);
  if (hidden.size === 0) return { ...c, access: 'full' };
  return {
    ...c,
    representatives: c.representatives.filter((r) => !hidden.has(r.person.id)),
    represents: c.represents.filter((r) => !hidden.has(r.person.id)),
    access: 'full',
  };
}

export async function readPersonCard(db: Kysely<DB>, id: string, grants: Grant[]) {
  const r = await cardQuery(id, grants).execute(db);
  return present(r.rows[0]);
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
  const rows = await runPrepared<CardRow>(
    pool,
    `person-card-${shape}`,
    entry.query,
    entry.bind(id, scopeNodes(grants)),
  );
  return present(rows[0]);
}

/** Persons whose data a card shows: the subject and the linked people, for the access log. */
export const cardSubjects = (c: NonNullable<PersonCard>) => [
  c.id,
  ...c.representatives.map((r) => r.person.id),
  ...c.represents.map((r) => r.person.id),
];

/** The card's own data as history keeps it: without links, which are other persons' records. */
export function personSnapshot(c: NonNullable<PersonCard>) {
  const { representatives, represents, enrollments, createdAt, updatedAt, version, access, ...own } =
    c as Record<string, unknown>;
  return own;
}

/**
 * Cards of many persons at once, each as readPersonCard gives it (the change feed renders a page of
 * persons in one statement); persons without a readable card are absent from the map.
 */
export async function readPersonCards(db: Kysely<DB>, ids: string[], grants: Grant[]) {
  const out = new Map<string, NonNullable<PersonCard>>();
  if (ids.length === 0) return out;
  const r = coversRegion(grants)
    ? await sql<CardRow & { person_id: string }>`SELECT pc.person_id, pc.card, 'full' AS access,
          NULL AS hidden, NULL AS own FROM person_cards pc WHERE pc.person_id = ANY(${ids}::uuid[])`.execute(
        db,
      )
    : await sql<CardRow & { person_id: string }>`SELECT x.id AS person_id, c.*
          FROM unnest(${ids}::uuid[]) x(id)
          CROSS JOIN LATERAL person_card_read(x.id, ${scopeNodes(grants)}::uuid[], ${accessGraceDays()}::int) c`.execute(
        db,
      );
  for (const row of r.rows) out.set(row.person_id, present(row)!);
  return out;
}
