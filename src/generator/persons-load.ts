import { withoutExclusions } from './exclusions.ts';
import { type CopyClient, copyRows } from './load.ts';
import {
  type AddressRow,
  type ConsentRow,
  type ContactRow,
  type DisabilityRow,
  type DocumentRow,
  type EnrollmentRow,
  emptyTruth,
  type HardshipRow,
  type HealthRow,
  PERSON_TABLES,
  type PersonChunk,
  type PersonRow,
  type PersonsOptions,
  type PersonTable,
  type RepresentationRow,
  type SpecialNeedsRow,
} from './person-types.ts';
import { absorb, generatePersonSteps, type PersonsTruth } from './persons.ts';
import type { GeneratedRegion } from './types.ts';

// The generated name keys of persons are left out: PostgreSQL computes them.
const COLUMNS = {
  persons: [
    'id',
    'last_name',
    'first_name',
    'middle_name',
    'birth_date',
    'birth_place',
    'sex',
    'citizenship_codes',
    'stateless',
    'snils',
  ] satisfies (keyof PersonRow)[],
  person_documents: [
    'id',
    'person_id',
    'type',
    'series',
    'number',
    'issued_on',
    'issuer',
    'issuer_code',
    'act_record_number',
  ] satisfies (keyof DocumentRow)[],
  person_addresses: ['id', 'person_id', 'kind', 'text', 'oktmo', 'valid_from'] satisfies (keyof AddressRow)[],
  person_contacts: ['id', 'person_id', 'kind', 'value'] satisfies (keyof ContactRow)[],
  person_hardships: ['id', 'person_id', 'category', 'started_on', 'ended_on'] satisfies (keyof HardshipRow)[],
  representations: [
    'id',
    'learner_id',
    'representative_id',
    'relation',
    'authority_document',
    'valid_from',
  ] satisfies (keyof RepresentationRow)[],
  enrollments: ['id', 'person_id', 'organization_id', 'started_on'] satisfies (keyof EnrollmentRow)[],
  person_health: [
    'person_id',
    'health_group',
    'pe_group',
    'needs_adapted_program',
    'long_term_treatment',
  ] satisfies (keyof HealthRow)[],
  person_disabilities: [
    'id',
    'person_id',
    'category',
    'disability_group',
    'valid_from',
    'valid_until',
    'cause',
    'ipra_number',
    'ipra_date',
  ] satisfies (keyof DisabilityRow)[],
  person_special_needs: [
    'id',
    'person_id',
    'pmpk_date',
    'pmpk_number',
    'recommended_program',
    'valid_until',
  ] satisfies (keyof SpecialNeedsRow)[],
  consents: [
    'id',
    'subject_id',
    'representative_id',
    'purpose',
    'scope',
    'given_on',
    'document',
  ] satisfies (keyof ConsentRow)[],
} as const satisfies Record<PersonTable, readonly string[]>;

export type PersonsLoadResult = PersonsTruth & { rows: Record<PersonTable, number> };

// Families drawn between two turns of the event loop: small enough to keep the COPY stream fed.
const FAMILIES_PER_TURN = 100;

async function copyChunk(client: CopyClient, chunk: PersonChunk, rows: Record<PersonTable, number>) {
  for (const table of PERSON_TABLES) {
    const list = chunk.tables[table] as object[];
    if (list.length === 0) continue;
    const columns = COLUMNS[table] as readonly string[] as readonly (keyof object)[];
    rows[table] += await copyRows(client, table, columns, list);
  }
}

/** Chunks of persons, drawn a few families per event-loop turn so that a running COPY keeps streaming. */
async function* cooperativeChunks(region: GeneratedRegion, options: PersonsOptions) {
  let families = 0;
  for (const step of generatePersonSteps(region, options)) {
    if (step !== null) yield step;
    if (++families % FAMILIES_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Streams generated persons into the database in one transaction, chunk by chunk with COPY, so memory stays
 * flat for a million learners; the next chunk is drawn while PostgreSQL takes the previous one. Refuses to
 * load into a registry that already has persons.
 */
export async function loadPersons(
  client: CopyClient,
  region: GeneratedRegion,
  options: PersonsOptions,
): Promise<PersonsLoadResult> {
  const rows = Object.fromEntries(PERSON_TABLES.map((t) => [t, 0])) as Record<PersonTable, number>;
  const result: PersonsLoadResult = {
    ...emptyTruth(),
    rows,
  };
  await client.query('BEGIN');
  let copying: Promise<void> = Promise.resolve();
  try {
    await client.query('LOCK TABLE persons IN SHARE ROW EXCLUSIVE MODE');
    const existing = await client.query('SELECT 1 FROM persons LIMIT 1');
    if ((existing.rowCount ?? 0) > 0) {
      throw new Error('The registry already has persons; refusing to load generated persons into it.');
    }
    // Larger batches for the trigram indexes' pending lists, whose flushes are a good part of the cost.
    await client.query(`SET LOCAL gin_pending_list_limit = '64MB'`);
    await client.query(`SET LOCAL work_mem = '256MB'`);
    // Person cards and access (migrations 0007, 0009) are assembled once for the whole load instead of
    // per COPY. Only the tables' owner may defer them; the application's role never can.
    await client.query(`SET LOCAL kontingent.person_cards = 'deferred'`);
    // Each enrollment row would otherwise make its first period by trigger, and that period's trigger
    // would project the dates back onto the row (0026): two row-level round trips per enrollment, which
    // turned a million-learner load from minutes into hours. The periods are written below in one
    // statement; ALTER TABLE is transactional, so the triggers are off for this transaction only.
    await client.query(`ALTER TABLE enrollments DISABLE TRIGGER enrollments_0_first_period`);
    for await (const chunk of cooperativeChunks(region, options)) {
      await copying;
      copying = copyChunk(client, chunk, rows);
      // A failed COPY is reported by the await above or below; this only keeps it from going unhandled.
      copying.catch(() => {});
      absorb(result, chunk);
    }
    await copying;
    // The registry had no persons, so every enrollment is this load's (no anti-join: a NOT EXISTS probe
    // planned on the empty table rescans the rows this very statement inserts, quadratic for a million).
    // The generator's enrollments are all open: one enrolled period each, as the trigger would write it,
    // whose projection is the row's own dates, so the projection trigger has nothing to change.
    await client.query(
      `ALTER TABLE enrollment_status_periods DISABLE TRIGGER enrollment_status_periods_project`,
    );
    await withoutExclusions(client, ['enrollment_status_periods'], () =>
      client.query(`INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from, valid_to)
                    SELECT id, 'enrolled', started_on, ended_on FROM enrollments`),
    );
    await client.query(
      `ALTER TABLE enrollment_status_periods ENABLE TRIGGER enrollment_status_periods_project`,
    );
    await client.query(`ALTER TABLE enrollments ENABLE TRIGGER enrollments_0_first_period`);
    await client.query('SELECT person_cards_rebuild()');
    await client.query('SELECT person_access_rebuild()');
    await client.query('COMMIT');
  } catch (err) {
    await copying.catch(() => {});
    await client.query('ROLLBACK');
    throw err;
  }
  return result;
}
