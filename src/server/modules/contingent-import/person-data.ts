import type { PersonTable } from '../../platform/person-data/types.ts';

/**
 * The staged rows of uploaded files name the persons they were written to (and a held row's
 * candidate). They follow a merge to the survivor and go with a destroyed person: a row holds the
 * file's values about them.
 */
export const CONTINGENT_IMPORT_DATA: PersonTable[] = [
  {
    table: 'contingent_import_rows',
    module: 'contingent-import',
    refs: [{ column: 'person_id' }, { column: 'representative_id' }, { column: 'candidate_person_id' }],
    merge: { rule: 'move', key: 'id' },
    erase: { rule: 'delete', touchesOthers: true },
    citizen: { hidden: 'the organization’s uploaded list; the card shows the records written from it' },
    export: { none: 'an upload report, not part of the contingent export' },
  },
];
