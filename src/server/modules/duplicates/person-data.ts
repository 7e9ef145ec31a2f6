import type { PersonTable } from '../../platform/person-data/types.ts';

/** Decisions about records, not data given about the person: the operators' own work. */
const hidden = { hidden: "an operator's decision about two records, not data about the person" };
const notExported = { none: 'decisions about records' };

export const DUPLICATES_DATA: PersonTable[] = [
  {
    table: 'person_distinctions',
    module: 'duplicates',
    refs: [{ column: 'person_a' }, { column: 'person_b' }],
    merge: {
      rule: 'keep',
      reason: 'a decision about the merged-away record; the duplicate report skips aliases',
    },
    erase: { rule: 'delete' },
    category: 'duplicate_decisions',
    citizen: hidden,
    export: notExported,
  },
  {
    table: 'person_merges',
    module: 'duplicates',
    refs: [{ column: 'survivor_id' }, { column: 'merged_id' }],
    merge: { rule: 'keep', reason: 'the merge record itself, kept for undo' },
    erase: { rule: 'delete' },
    category: 'merge_records',
    citizen: hidden,
    export: notExported,
  },
];
