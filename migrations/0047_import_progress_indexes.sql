-- The import's progress view (polled by the screen while the job runs) lists the first rejected rows
-- and the rows held for a decision. Without these it walked the import's every staged row in order
-- to find them: at 100,000 rows each poll competed with the job that writes them.
CREATE INDEX contingent_import_rows_rejected_idx ON contingent_import_rows (import_id, row_index)
  WHERE outcome = 'rejected';
CREATE INDEX contingent_import_rows_held_idx ON contingent_import_rows (import_id, row_index)
  WHERE outcome = 'held' OR decided_at IS NOT NULL;
