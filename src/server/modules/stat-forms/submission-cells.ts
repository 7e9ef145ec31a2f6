import type { StatFormReport } from './compute-report.ts';

/**
 * A signed form's figures: section → "row|column" → value, as the report computed them and the
 * organization entered its manual cells (signing refuses a form with an empty one, so none is null).
 */
export type SubmissionCells = Record<string, Record<string, number>>;

export const cellsOf = (report: Pick<StatFormReport, 'sections'>): SubmissionCells =>
  Object.fromEntries(
    report.sections.map((s) => [
      s.code,
      Object.fromEntries(
        s.cells.flatMap((c) => (c.value === null ? [] : [[`${c.row}|${c.column}`, c.value]])),
      ),
    ]),
  );

export type SubmissionRow = {
  id: string;
  form_code: string;
  edition: string;
  organization_id: string;
  as_of: string;
  status: string;
  cells: unknown;
  signed_by: string;
  signed_at: Date;
  returned_at: Date | null;
  return_reason: string | null;
  version: number;
};

export const presentSubmission = (s: SubmissionRow, signerName: string | null) => ({
  id: s.id,
  form: s.form_code,
  edition: s.edition,
  organizationId: s.organization_id,
  asOf: s.as_of,
  status: s.status as 'signed' | 'returned',
  signedAt: s.signed_at.toISOString(),
  signedBy: signerName,
  returnedAt: s.returned_at?.toISOString() ?? null,
  returnReason: s.return_reason,
  version: s.version,
  cells: s.cells as SubmissionCells,
});
