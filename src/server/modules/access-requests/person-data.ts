import type { PersonTable } from '../../platform/person-data/types.ts';

const hidden = { hidden: "an organization's request for access, part of the operators' workflow" };

export const ACCESS_REQUESTS_DATA: PersonTable[] = [
  {
    table: 'access_requests',
    module: 'access-requests',
    refs: [{ column: 'person_id' }, { column: 'learner_id' }],
    merge: {
      rule: 'keep',
      reason: 'a request names the record it was made for; it is decided on that record',
    },
    // Requests carry free-text comments and reasons about the person.
    erase: { rule: 'delete' },
    citizen: hidden,
    export: { none: 'workflow rows' },
  },
  {
    table: 'match_tokens',
    module: 'access-requests',
    refs: [{ column: 'person_id' }],
    merge: { rule: 'keep', reason: 'short-lived tokens; a token of the merged-away record expires' },
    erase: { rule: 'delete' },
    citizen: hidden,
    export: { none: 'workflow rows' },
  },
];
