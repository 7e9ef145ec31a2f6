/** Reading the duplicate-control answers (409) of the persons API. */
import { isApiError } from '../../api/http.ts';
import type { DuplicateCandidate, DuplicateResolution } from '../../api/person-types.ts';

/** Candidates of a 409 duplicate_candidates, or null for any other outcome. */
export function duplicateCandidatesOf(err: unknown): DuplicateCandidate[] | null {
  if (!isApiError(err) || err.code !== 'duplicate_candidates') return null;
  const candidates = (err.problem as { candidates?: DuplicateCandidate[] }).candidates;
  return Array.isArray(candidates) && candidates.length > 0 ? candidates : null;
}

/** The id of the record that already holds the СНИЛС or document (409 duplicate_person, in scope). */
export function existingPersonOf(err: unknown): string | null {
  if (!isApiError(err) || err.code !== 'duplicate_person') return null;
  const id = (err.problem as { existingPersonId?: string }).existingPersonId;
  return typeof id === 'string' ? id : null;
}

/** The match token of a 409 duplicate_person about a record outside the caller's scope. */
export function matchTokenOf(err: unknown): string | null {
  if (!isApiError(err) || err.code !== 'duplicate_person') return null;
  const token = (err.problem as { matchToken?: string }).matchToken;
  return typeof token === 'string' ? token : null;
}

/** «These are other persons»: in-scope candidates by id, the others by their match tokens. */
export const differentFrom = (candidates: DuplicateCandidate[], reason: string): DuplicateResolution => ({
  candidateIds: candidates.flatMap((c) => (c.inScope ? [c.id] : [])),
  matchTokens: candidates.flatMap((c) => (c.inScope ? [] : [c.matchToken])),
  reason,
});

/** The new-learner form sends two persons: true when the problem is about the representative. */
export const aboutRepresentative = (err: unknown): boolean =>
  isApiError(err) && Object.keys(err.fieldErrors()).some((k) => k.startsWith('representative.'));
