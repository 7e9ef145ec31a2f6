import { sql } from 'kysely';
import { ORGANIZATION_KIND_TITLES } from '../../../common/organization-dictionary.ts';
import { SEX_TITLES } from '../../../common/person-dictionary.ts';
import type { PersonTable, Row } from '../../platform/person-data/types.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
/** Identical but for the row's own identity: entered twice, once on each record. */
const sameContent = (a: Row, b: Row) =>
  Object.keys(a).every((c) => ['id', 'person_id', 'created_at'].includes(c) || same(a[c], b[c]));

/** Shown on the person card; the card is what the citizen's view shows of these tables. */
const onCard = { section: 'card' } as const;

/** Entered identically on both records: kept once; the row itself lives on in the merge record. */
const dedupeIdentical = {
  rule: 'dedupe',
  key: 'id',
  twin: (moved: Row, survivorRows: Row[]) => survivorRows.some((s) => sameContent(moved, s)),
  resolve: { action: 'deleted' },
} as const;

/** An address as a clerk reads it: case, spaces, «д.»/«д» and punctuation aside. */
const addressText = (v: unknown) =>
  String(v ?? '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[.,;:"«»]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * One address of one kind typed on both records (with or without a ГАР code, from another date): the
 * survivor's row stays, the duplicate's is dropped (it lives on in the merge record for undo).
 */
const dedupeAddress = {
  rule: 'dedupe',
  key: 'id',
  twin: (moved: Row, survivorRows: Row[]) =>
    survivorRows.some(
      (s) =>
        s.kind === moved.kind &&
        addressText(s.text) === addressText(moved.text) &&
        (s.valid_to === null || same(s.valid_to, moved.valid_to)),
    ),
  resolve: { action: 'deleted' },
} as const;

const notExported = { none: 'not part of the pseudonymised extract' };

/** The person-linked tables of the persons module. */
export const PERSONS_DATA: PersonTable[] = [
  {
    table: 'persons',
    module: 'persons',
    refs: [{ column: 'merged_into_id' }],
    merge: { rule: 'keep', reason: 'the merge itself points the duplicate at the survivor' },
    // Records merged into the destroyed one are destroyed with it and lose the pointer.
    erase: { rule: 'anonymise', set: { merged_into_id: null } },
    historyEntity: 'person',
    citizen: onCard,
    export: {
      columns: [
        { name: 'sex', title: 'Пол', values: SEX_TITLES, at: 1, sql: sql`p.sex` },
        { name: 'birth_month', title: 'Месяц рождения', at: 2, sql: sql`to_char(p.birth_date, 'YYYY-MM')` },
        {
          name: 'citizenship',
          title: 'Гражданство (ОКСМ)',
          at: 3,
          sql: sql`CASE WHEN p.stateless THEN 'stateless' ELSE array_to_string(p.citizenship_codes, ';') END`,
        },
      ],
    },
    card: ['id'],
  },
  {
    table: 'person_documents',
    module: 'persons',
    refs: [{ column: 'person_id' }],
    merge: {
      rule: 'dedupe',
      key: 'id',
      // The same document entered twice (once without its series) stays once: the survivor's.
      twin: (m, rows) =>
        rows.some(
          (s) =>
            s.invalidated_at === null &&
            s.type === m.type &&
            s.number === m.number &&
            (s.series === m.series || s.series === null || m.series === null),
        ),
      inForce: (row) => row.invalidated_at === null,
      resolve: {
        action: 'invalidated',
        move: false,
        set: (_row, actor) => ({ invalidated_at: sql`now()`, invalidated_by: actor }),
      },
    },
    erase: { rule: 'delete' },
    category: 'documents',
    citizen: onCard,
    export: notExported,
    card: ['person_id'],
  },
  {
    table: 'person_addresses',
    module: 'persons',
    refs: [{ column: 'person_id' }],
    merge: dedupeAddress,
    erase: { rule: 'delete' },
    category: 'addresses',
    citizen: onCard,
    export: {
      columns: [
        {
          name: 'address_oktmo',
          title: 'ОКТМО адреса регистрации',
          at: 4,
          // The municipality of the current registration address, never the address itself.
          sql: sql`(SELECT left(a.oktmo, 8) FROM person_addresses a
             WHERE a.person_id = p.id AND a.kind = 'registration' AND a.oktmo IS NOT NULL
               AND (a.valid_to IS NULL OR a.valid_to >= current_date)
             ORDER BY a.valid_from DESC NULLS LAST LIMIT 1)`,
        },
      ],
    },
    card: ['person_id'],
  },
  {
    table: 'person_contacts',
    module: 'persons',
    refs: [{ column: 'person_id' }],
    merge: dedupeIdentical,
    erase: { rule: 'delete' },
    category: 'contacts',
    citizen: onCard,
    export: notExported,
    card: ['person_id'],
  },
  {
    table: 'person_hardships',
    module: 'persons',
    refs: [{ column: 'person_id' }],
    merge: dedupeIdentical,
    erase: { rule: 'delete' },
    category: 'hardships',
    citizen: onCard,
    export: {
      columns: [
        {
          name: 'hardship',
          title: 'Трудная жизненная ситуация',
          at: 11,
          sql: sql`EXISTS (SELECT 1 FROM person_hardships h WHERE h.person_id = p.id
                      AND (h.ended_on IS NULL OR h.ended_on >= current_date))`,
        },
      ],
    },
    card: ['person_id'],
  },
  {
    table: 'representations',
    module: 'persons',
    refs: [{ column: 'learner_id' }, { column: 'representative_id' }],
    merge: {
      rule: 'dedupe',
      key: 'id',
      // A link between the two records would become a link of the survivor to itself.
      twin: (m, rows) =>
        m.learner_id === m.representative_id ||
        rows.some(
          (s) =>
            s.revoked_at === null &&
            s.learner_id === m.learner_id &&
            s.representative_id === m.representative_id,
        ),
      inForce: (row) => row.revoked_at === null,
      cannotMove: (m) => m.learner_id === m.representative_id,
      resolve: { action: 'revoked', move: false, set: () => ({ revoked_at: sql`now()` }) },
    },
    erase: { rule: 'delete', touchesOthers: true },
    category: 'representations',
    citizen: onCard,
    export: {
      columns: [
        {
          name: 'is_representative',
          title: 'Законный представитель',
          at: 10,
          sql: sql`EXISTS (SELECT 1 FROM representations r
                    WHERE r.representative_id = p.id AND r.revoked_at IS NULL)`,
        },
      ],
    },
    card: ['learner_id', 'representative_id'],
  },
  {
    table: 'enrollments',
    module: 'persons',
    refs: [{ column: 'person_id' }],
    merge: {
      rule: 'dedupe',
      key: 'id',
      // Both records enrolled in one organization: one active enrollment per person and organization
      // (enrollments_active_uq). The other moves too, closed on its first day, so history and undo keep it.
      twin: (m, rows) => rows.some((s) => s.ended_on === null && s.organization_id === m.organization_id),
      inForce: (row) => row.ended_on === null,
      resolve: { action: 'moved', move: true, set: (row) => ({ ended_on: row.started_on }) },
    },
    erase: {
      rule: 'keep',
      reason: 'organization and dates keep counting in statistics; the person row is a stub by then',
    },
    citizen: onCard,
    export: {
      columns: [
        { name: 'organization_id', title: 'Организация (ID)', at: 5, sql: sql`o.id` },
        {
          name: 'organization_kind',
          title: 'Вид организации',
          values: ORGANIZATION_KIND_TITLES,
          at: 6,
          sql: sql`o.kind`,
        },
        { name: 'organization_oktmo', title: 'ОКТМО организации', at: 7, sql: sql`o.oktmo` },
        { name: 'enrolled_on', title: 'Месяц зачисления', at: 8, sql: sql`to_char(e.started_on, 'YYYY-MM')` },
        { name: 'left_on', title: 'Месяц выбытия', at: 9, sql: sql`to_char(e.ended_on, 'YYYY-MM')` },
      ],
    },
    card: ['person_id'],
  },
  {
    table: 'person_cards',
    module: 'persons',
    refs: [{ column: 'person_id' }],
    merge: { rule: 'keep', reason: 'read model: the card triggers rebuild it from the source tables' },
    erase: { rule: 'derived', reason: 'the card refresh drops the card of a destroyed record' },
    citizen: { hidden: 'read model of the card, which the view shows from the source tables' },
    export: { none: 'read model' },
  },
  {
    table: 'person_access',
    module: 'persons',
    refs: [{ column: 'person_id' }, { column: 'learner_id' }],
    merge: { rule: 'keep', reason: 'scope relation: its triggers recompute it from enrollments and links' },
    erase: {
      rule: 'keep',
      reason: 'the scope of the stub follows its enrollments, which stay for statistics; it holds no data',
    },
    citizen: { hidden: 'who may see the record is shown as the access log, not as scope rows' },
    export: { none: 'scope relation' },
  },
  {
    table: 'person_name_keys',
    module: 'persons',
    refs: [],
    merge: { rule: 'keep', reason: 'a dictionary of name spellings, not rows of one person' },
    erase: {
      rule: 'custom',
      reason: 'a key goes when no record that is not destroyed still uses it',
      // Merged records count: undoing a merge makes one active again without rewriting its name. Active
      // records are probed per name part (the name-key index serves the last name, and the first by
      // skip scan), merged ones through the partial index on merged_into_id, which holds only them.
      run: async (tx, plan) => {
        const others = sql`NOT p.id = ANY(${plan.ids}::uuid[])`;
        await sql`
          WITH gone AS (
            SELECT DISTINCT k FROM persons p,
                   unnest(ARRAY[p.last_name_key, p.first_name_key, p.middle_name_key]) AS k
             WHERE p.id = ANY(${plan.ids}::uuid[]) AND k <> '')
          DELETE FROM person_name_keys n USING gone
           WHERE n.key = gone.k
             AND NOT EXISTS (SELECT 1 FROM persons p
                              WHERE p.status = 'active' AND p.last_name_key = gone.k AND ${others})
             AND NOT EXISTS (SELECT 1 FROM persons p
                              WHERE p.status = 'active' AND p.first_name_key = gone.k AND ${others})
             AND NOT EXISTS (SELECT 1 FROM persons p
                              WHERE p.status = 'active' AND p.middle_name_key = gone.k AND ${others})
             AND NOT EXISTS (SELECT 1 FROM persons p
                              WHERE p.merged_into_id IS NOT NULL AND ${others}
                                AND gone.k IN (p.last_name_key, p.first_name_key, p.middle_name_key))`.execute(
          tx,
        );
      },
    },
    citizen: { hidden: 'a search dictionary of name spellings, not data about one person' },
    export: { none: 'search dictionary' },
  },
];
