import type { PersonTable } from '../../platform/person-data/types.ts';

/**
 * Cases of children out of education. A merge moves them to the survivor, except a case the survivor
 * already has open of the same kind (one open case per child and kind): that one is closed as a twin.
 * Destruction deletes them with their history: they describe the child and nothing else.
 */
export const OUT_OF_EDUCATION_DATA: PersonTable[] = [
  {
    table: 'out_of_education_cases',
    module: 'out-of-education',
    refs: [{ column: 'person_id' }],
    merge: {
      rule: 'dedupe',
      key: 'id',
      twin: (m, rows) =>
        rows.some(
          (s) =>
            s.kind === m.kind &&
            (s.episode === m.episode || (s.status !== 'closed' && m.status !== 'closed')),
        ),
      resolve: { action: 'deleted' },
    },
    // The history rows go with their case (ON DELETE CASCADE).
    erase: { rule: 'delete' },
    citizen: { hidden: 'the municipality’s working file about the child, not data the family provided' },
    export: { none: 'the pseudonymised export lists enrollments; these cases are not part of its format' },
  },
];
