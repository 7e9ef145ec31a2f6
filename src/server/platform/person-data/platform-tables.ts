import { sql } from 'kysely';
import type { PersonTable } from './types.ts';

/** Person-linked tables of the platform kernel: the change history and the audit log. */
export const PLATFORM_DATA: PersonTable[] = [
  {
    table: 'change_history',
    module: 'platform',
    refs: [{ column: 'entity_id', soft: 'the id of an entity of any type, named by entity_type' }],
    merge: { rule: 'keep', reason: 'history is append-only; the merge writes history rows of its own' },
    erase: {
      rule: 'custom',
      reason:
        'history rows hold former values: those of the person and of the rows that go with it are deleted',
      // Entity types are listed by a loose index scan, so the delete uses the (entity_type, entity_id) index.
      run: async (tx, plan) => {
        await sql`
          WITH RECURSIVE types AS (
            SELECT min(entity_type) AS t FROM change_history
            UNION ALL
            SELECT (SELECT min(entity_type) FROM change_history WHERE entity_type > types.t) FROM types
             WHERE types.t IS NOT NULL)
          DELETE FROM change_history
           WHERE entity_type IN (SELECT t FROM types WHERE t IS NOT NULL)
             AND entity_id = ANY(${plan.historyIds}::uuid[])`.execute(tx);
      },
      // What the destruction writes afterwards: that it happened, and the act's id.
      remains: sql<boolean>`t.action = 'destroy'`,
    },
    category: 'change_history',
    categoryAlways: true,
    citizen: { hidden: 'former values are shown to staff as the record history, not to the citizen' },
    export: { none: 'history' },
  },
  {
    table: 'audit_log',
    module: 'platform',
    refs: [{ column: 'subject_ids', soft: 'an array of the persons an event concerned', array: true }],
    merge: { rule: 'keep', reason: 'append-only and hash-chained: events stay as they were recorded' },
    erase: {
      rule: 'keep',
      reason:
        'the audit log is kept by law (152-ФЗ ст. 19, ПП № 1119) and holds ids only, which point at the stub',
    },
    citizen: { section: 'accessLog' },
    export: { none: 'audit log' },
  },
];
