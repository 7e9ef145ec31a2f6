import type { PersonTable } from '../../platform/person-data/types.ts';
import { personGiaResults } from './gia.queries.ts';
import { EXAM_KIND_TITLES } from './gia-rows.ts';

/** A learner's ГИА results as the citizen's view of their data shows them. */
// biome-ignore lint/suspicious/noExplicitAny: presenters read with whatever database handle they are given
async function readForCitizen(db: any, ids: string[]) {
  const byPerson = await personGiaResults(db, ids);
  return new Map(
    [...byPerson].map(([id, items]) => [
      id,
      items.map((r) => ({ ...r, examKindTitle: EXAM_KIND_TITLES[r.examKind] })),
    ]),
  );
}

/**
 * Results of the state final attestation name the learner they were matched to. The imports and their
 * reports of unmatched rows are the exam centre's files: they name nobody in the registry.
 */
export const GIA_DATA: PersonTable[] = [
  {
    table: 'gia_results',
    module: 'gia',
    refs: [{ column: 'person_id' }],
    // A result is identified by its exam and document, not by the person: it follows the survivor.
    merge: { rule: 'move', key: 'id' },
    erase: { rule: 'delete' },
    category: 'gia_results',
    historyEntity: 'gia_result',
    citizen: { section: 'giaResults', present: readForCitizen },
    export: { none: 'the contingent export lists enrollments; exam results go to ФИС ГИА, not to it' },
  },
];
