-- Bulk contingent import (issue 12): an organization joins the registry with the lists it keeps in its
-- own system. An uploaded file is staged row by row (contingent_import_rows) in the request that takes
-- it, then a durable job checks and writes the rows in chunks. Each chunk is one transaction that also
-- moves the import's checkpoint (next_row), so a job resumed after a crash continues after the last
-- committed chunk and never writes a row twice.

CREATE TABLE contingent_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  file_name text CONSTRAINT contingent_imports_file_name_check CHECK (length(file_name) BETWEEN 1 AND 255),
  format text NOT NULL CONSTRAINT contingent_imports_format_check CHECK (format IN ('xlsx', 'csv')),
  file_sha256 text NOT NULL CONSTRAINT contingent_imports_sha_check CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  status text NOT NULL DEFAULT 'queued'
    CONSTRAINT contingent_imports_status_check CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  job_id uuid,
  total_rows integer NOT NULL,
  -- The checkpoint: rows with row_index below it are decided and committed.
  next_row integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  linked integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  held integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  finished_at timestamptz,
  CONSTRAINT contingent_imports_counts_check CHECK (
    least(total_rows, next_row, created, linked, unchanged, rejected, held) >= 0
    AND next_row <= total_rows
    AND created + linked + unchanged + rejected + held <= total_rows)
);
CREATE INDEX contingent_imports_org_idx ON contingent_imports (organization_id, created_at DESC, id DESC);
-- The same file for the same organization is taken once at a time: a second upload while it runs is a conflict.
CREATE UNIQUE INDEX contingent_imports_running_uq ON contingent_imports (organization_id, file_sha256)
  WHERE status IN ('queued', 'running');

-- The rows of a file as read (each cell cut to 500 characters) and what became of them.
CREATE TABLE contingent_import_rows (
  -- Names the row in a merge record (its undo moves it back).
  id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT contingent_import_rows_id_uq UNIQUE,
  import_id uuid NOT NULL REFERENCES contingent_imports (id) ON DELETE CASCADE,
  row_index integer NOT NULL,
  row_number integer NOT NULL,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  cells jsonb NOT NULL,
  -- What makes a re-upload of the same row a no-op: the hash of its normalised values, and the learner's id
  -- in the organization's own system when the file gives one.
  content_hash text NOT NULL CONSTRAINT contingent_import_rows_hash_check CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  source_id text CONSTRAINT contingent_import_rows_source_id_check CHECK (length(source_id) BETWEEN 1 AND 100),
  outcome text CONSTRAINT contingent_import_rows_outcome_check
    CHECK (outcome IN ('created', 'linked', 'unchanged', 'rejected', 'held')),
  -- For rejected rows: [{ column, message }] in Russian.
  errors jsonb,
  person_id uuid REFERENCES persons (id),
  representative_id uuid REFERENCES persons (id),
  -- A weak near-duplicate held for the operator's decision.
  candidate_person_id uuid REFERENCES persons (id),
  candidate_score real,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  CONSTRAINT contingent_import_rows_pkey PRIMARY KEY (import_id, row_index)
);
CREATE INDEX contingent_import_rows_hash_idx ON contingent_import_rows (organization_id, content_hash)
  WHERE outcome IN ('created', 'linked');
CREATE INDEX contingent_import_rows_source_idx ON contingent_import_rows (organization_id, source_id)
  WHERE outcome IN ('created', 'linked') AND source_id IS NOT NULL;
CREATE INDEX contingent_import_rows_person_idx ON contingent_import_rows (person_id);
CREATE INDEX contingent_import_rows_rep_idx ON contingent_import_rows (representative_id);
CREATE INDEX contingent_import_rows_candidate_idx ON contingent_import_rows (candidate_person_id);
