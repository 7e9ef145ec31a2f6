import type { PersonTable } from '../../platform/person-data/types.ts';

/** Movements name the learner they change; the enrollment they changed carries the same history. */
export const ORDERS_DATA: PersonTable[] = [
  {
    table: 'movements',
    module: 'orders',
    refs: [{ column: 'person_id' }],
    // A duplicate's orders are the survivor's history: the movements follow the enrollments they changed.
    merge: { rule: 'move', key: 'id' },
    erase: {
      rule: 'keep',
      reason: 'signed orders are archival records of the organization; the person row is a stub by then',
    },
    citizen: { hidden: 'shown through the enrollments on the card' },
    export: { none: 'order register' },
  },
];
