import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { Grant } from '../../platform/access/actor.ts';
import { scopeNodes } from '../../platform/access/policy.ts';
import { runPrepared } from '../../platform/db/prepared.ts';
import type { DB } from '../../platform/db/schema.ts';
import { coversRegion, personInScope } from './person-scope.ts';
import type { personCardSchema } from './persons.schemas.ts';

export type PersonCardView = z.infer<typeof personCardSchema>;
export type PersonCard = PersonCardView | null;

/**
 * The whole person record except health, in one round trip: core fields, current documents,
 * addresses, contacts, hardships, representation links both ways and enrollments. The scope
 * predicate is part of the query, so an out-of-scope id reads as absent.
 */
function cardQuery(id: unknown, grants: Grant[]) {
  return sql<{ card: PersonCardView }>`
    SELECT json_build_object(
      'id', p.id, 'lastName', p.last_name, 'firstName', p.first_name, 'middleName', p.middle_name,
      'birthDate', p.birth_date, 'birthPlace', p.birth_place, 'sex', p.sex,
      'citizenship', json_build_object('codes', p.citizenship_codes, 'stateless', p.stateless),
      'snils', p.snils, 'status', p.status, 'mergedIntoId', p.merged_into_id, 'version', p.version,
      'createdAt', p.created_at, 'updatedAt', p.updated_at,
      'documents', coalesce((SELECT json_agg(json_build_object('id', d.id, 'type', d.type, 'series', d.series,
          'number', d.number, 'issuedOn', d.issued_on, 'issuer', d.issuer, 'issuerCode', d.issuer_code,
          'actRecordNumber', d.act_record_number, 'validUntil', d.valid_until) ORDER BY d.created_at)
        FROM person_documents d WHERE d.person_id = p.id AND d.invalidated_at IS NULL), '[]'),
      'addresses', coalesce((SELECT json_agg(json_build_object('kind', a.kind, 'text', a.text,
          'garGuid', a.gar_guid, 'oktmo', a.oktmo, 'validFrom', a.valid_from, 'validTo', a.valid_to)
          ORDER BY a.kind, a.valid_from NULLS FIRST) FROM person_addresses a WHERE a.person_id = p.id), '[]'),
      'contacts', coalesce((SELECT json_agg(json_build_object('kind', c.kind, 'value', c.value, 'note', c.note)
          ORDER BY c.kind, c.value) FROM person_contacts c WHERE c.person_id = p.id), '[]'),
      'hardships', coalesce((SELECT json_agg(json_build_object('category', h.category, 'startedOn', h.started_on,
          'endedOn', h.ended_on, 'note', h.note) ORDER BY h.started_on) FROM person_hardships h
          WHERE h.person_id = p.id), '[]'),
      'representatives', coalesce((SELECT json_agg(json_build_object('linkId', r.id, 'relation', r.relation,
          'authorityDocument', r.authority_document, 'validFrom', r.valid_from, 'validTo', r.valid_to,
          'person', json_build_object('id', q.id, 'lastName', q.last_name, 'firstName', q.first_name,
            'middleName', q.middle_name, 'birthDate', q.birth_date, 'snils', q.snils)) ORDER BY r.created_at)
        FROM representations r JOIN persons q ON q.id = r.representative_id
        WHERE r.learner_id = p.id AND r.revoked_at IS NULL), '[]'),
      'represents', coalesce((SELECT json_agg(json_build_object('linkId', r.id, 'relation', r.relation,
          'person', json_build_object('id', q.id, 'lastName', q.last_name, 'firstName', q.first_name,
            'middleName', q.middle_name, 'birthDate', q.birth_date, 'snils', q.snils)) ORDER BY q.birth_date)
        FROM representations r JOIN persons q ON q.id = r.learner_id
        WHERE r.representative_id = p.id AND r.revoked_at IS NULL), '[]'),
      'enrollments', coalesce((SELECT json_agg(json_build_object('id', e.id, 'organizationId', e.organization_id,
          'organizationName', o.short_name, 'startedOn', e.started_on, 'endedOn', e.ended_on)
          ORDER BY e.started_on DESC) FROM enrollments e JOIN organizations o ON o.id = e.organization_id
          WHERE e.person_id = p.id), '[]')
    ) AS card
    FROM persons p
    WHERE p.id = ${id} AND p.status <> 'destroyed' AND ${personInScope('p.id', grants)}`;
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
