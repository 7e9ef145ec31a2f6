import type { PersonTable } from '../../platform/person-data/types.ts';

export const PRIVACY_DATA: PersonTable[] = [
  {
    table: 'destruction_acts',
    module: 'privacy',
    refs: [{ column: 'person_id' }],
    merge: { rule: 'keep', reason: 'a destroyed record is never merged' },
    erase: {
      rule: 'keep',
      reason: 'the act confirms the destruction (Приказ РКН № 179); it names the stub, not the person',
    },
    citizen: { hidden: 'written when the data is gone; the citizen has no view of a destroyed record' },
    export: { none: 'acts are not part of the pseudonymised extract' },
  },
];
