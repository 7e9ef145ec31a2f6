import type { PersonTable } from '../../platform/person-data/types.ts';
import { readTrajectories } from './read-trajectory.ts';

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
    // The learner's path (enrollments, classes, statuses and the orders behind them) is theirs to see.
    citizen: { section: 'trajectory', present: readTrajectories },
    export: { none: 'order register' },
  },
];
