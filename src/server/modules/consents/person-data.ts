import type { PersonTable } from '../../platform/person-data/types.ts';
import { readSubjectsConsents } from './consents-citizen-view.ts';

export const CONSENTS_DATA: PersonTable[] = [
  {
    table: 'consents',
    module: 'consents',
    refs: [
      {
        column: 'subject_id',
        // The row stays as evidence that processing had a lawful basis (purpose, scope, dates) but loses
        // what identifies anyone: the free-text document reference, the revocation reason and the link
        // to the representative, a living person who, with sex and birth year, would point at the child.
        erase: {
          rule: 'anonymise',
          set: { document: null, revocation_reason: null, representative_id: null },
        },
      },
      {
        column: 'representative_id',
        erase: {
          rule: 'keep',
          reason:
            "another subject's consent keeps who gave it (a stub without a name by then): blanked, it would read as given by the subject",
        },
      },
    ],
    merge: { rule: 'move', key: 'id' },
    erase: { rule: 'keep', reason: 'each column says' },
    category: 'consent_details',
    historyEntity: 'consent',
    citizen: { section: 'consents', present: readSubjectsConsents },
    export: { none: 'consents are not part of the pseudonymised extract' },
  },
];
