import type { PersonTable } from '../../platform/person-data/types.ts';
import { readSubjectsHealth } from './health-citizen-view.ts';

/** The parent sees the child's health data under ст. 14; no staff health permission applies there. */
const health = { section: 'health', present: readSubjectsHealth } as const;
const notExported = { none: 'special-category data (152-ФЗ ст. 10) stays out of the extract' };

/**
 * Special-category health data (152-ФЗ ст. 10): the health flag makes merges move these rows only
 * with health.write over both records, and makes outputs hide them without health.read.
 */
export const PERSON_HEALTH_DATA: PersonTable[] = [
  {
    table: 'person_health',
    module: 'person-health',
    refs: [{ column: 'person_id' }],
    health: true,
    // One health record per person: the survivor's stays, the other's content is kept in the merge record.
    merge: {
      rule: 'dedupe',
      key: 'person_id',
      twin: (_m, survivorRows) => survivorRows.length > 0,
      resolve: { action: 'deleted' },
    },
    erase: { rule: 'delete' },
    category: 'health',
    citizen: health,
    export: notExported,
  },
  {
    table: 'person_disabilities',
    module: 'person-health',
    refs: [{ column: 'person_id' }],
    health: true,
    merge: { rule: 'move', key: 'id' },
    erase: { rule: 'delete' },
    category: 'disabilities',
    citizen: health,
    export: notExported,
  },
  {
    table: 'person_special_needs',
    module: 'person-health',
    refs: [{ column: 'person_id' }],
    health: true,
    merge: { rule: 'move', key: 'id' },
    erase: { rule: 'delete' },
    category: 'special_needs',
    citizen: health,
    export: notExported,
  },
];
