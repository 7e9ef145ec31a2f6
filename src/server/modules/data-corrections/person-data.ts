import type { PersonTable } from '../../platform/person-data/types.ts';

export const DATA_CORRECTIONS_DATA: PersonTable[] = [
  {
    table: 'data_correction_requests',
    module: 'data-corrections',
    refs: [{ column: 'person_id' }],
    merge: {
      rule: 'keep',
      reason: 'a report names the record the citizen saw the mistake in; the organization resolves it there',
    },
    // The citizen's own words about the person's data.
    erase: { rule: 'delete' },
    // Shown to the citizen by its own page (GET /citizen/me/data-corrections), with its state.
    citizen: { section: 'dataCorrections' },
    export: { none: 'workflow rows' },
  },
];
