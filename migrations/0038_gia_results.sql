-- ГИА results (issue 12, item 3): the regional exam centre's (РЦОИ) files of ОГЭ, ЕГЭ and ГВЭ results,
-- one import per file, matched to learners by document and name.
--
-- A result is identified by what the exam centre identifies it by: the exam kind, the subject, the exam
-- date and the participant's document. A re-import of the same file or row updates the result (the new
-- import's id and row number, the scores), never adds a second one. Rows that match nobody, or that are
-- invalid, are kept with the import as its report, with the Russian reason per row.

CREATE TABLE gia_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_name text CONSTRAINT gia_imports_file_name_check CHECK (length(file_name) BETWEEN 1 AND 255),
  format text NOT NULL CONSTRAINT gia_imports_format_check CHECK (format IN ('xlsx', 'csv')),
  file_sha256 text NOT NULL CONSTRAINT gia_imports_sha_check CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  -- The node of the grant the file was imported under: the import is seen within that node's scope.
  scope_node_id uuid NOT NULL REFERENCES territories (id),
  total_rows integer NOT NULL,
  inserted integer NOT NULL,
  updated integer NOT NULL,
  unchanged integer NOT NULL,
  rejected integer NOT NULL,
  exam_kinds text[] NOT NULL DEFAULT '{}',
  subjects text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  CONSTRAINT gia_imports_counts_check CHECK (
    least(total_rows, inserted, updated, unchanged, rejected) >= 0
    AND inserted + updated + unchanged + rejected = total_rows)
);
CREATE INDEX gia_imports_scope_idx ON gia_imports (scope_node_id, created_at DESC, id DESC);
CREATE INDEX gia_imports_created_idx ON gia_imports (created_at DESC, id DESC);

-- The rows of a file that were not written: the values as read (each cut to 500 characters) and why.
-- They name people the registry did not find, by the file's words only: no link to persons.
CREATE TABLE gia_import_rejects (
  import_id uuid NOT NULL REFERENCES gia_imports (id) ON DELETE CASCADE,
  row_number integer NOT NULL,
  reason text NOT NULL CONSTRAINT gia_import_rejects_reason_check CHECK (length(reason) BETWEEN 1 AND 2000),
  "values" jsonb NOT NULL,
  CONSTRAINT gia_import_rejects_pkey PRIMARY KEY (import_id, row_number)
);

CREATE TABLE gia_results (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons (id),
  exam_kind text NOT NULL CONSTRAINT gia_results_exam_kind_check CHECK (exam_kind IN ('oge', 'ege', 'gve')),
  subject text NOT NULL CONSTRAINT gia_results_subject_check CHECK (length(subject) BETWEEN 1 AND 100),
  exam_date date NOT NULL,
  -- The participant's document as the file names it, normalised as the registry keeps documents.
  document_type text NOT NULL
    CONSTRAINT gia_results_document_type_check CHECK (document_type IN ('03', '23', '21', '10', '12', '15', '19', '13', '91')),
  document_series text NOT NULL DEFAULT ''
    CONSTRAINT gia_results_document_series_check CHECK (length(document_series) <= 20),
  document_number text NOT NULL
    CONSTRAINT gia_results_document_number_check CHECK (length(document_number) BETWEEN 1 AND 30),
  primary_score smallint CONSTRAINT gia_results_primary_score_check CHECK (primary_score BETWEEN 0 AND 100),
  -- The hundred-point score of the ЕГЭ; the five-point mark of the ОГЭ, the ГВЭ and the basic ЕГЭ in mathematics.
  test_score smallint CONSTRAINT gia_results_test_score_check CHECK (test_score BETWEEN 0 AND 100),
  mark smallint CONSTRAINT gia_results_mark_check CHECK (mark BETWEEN 2 AND 5),
  school_code text CONSTRAINT gia_results_school_code_check CHECK (length(school_code) BETWEEN 1 AND 50),
  import_id uuid NOT NULL REFERENCES gia_imports (id),
  source_row integer NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT gia_results_score_check CHECK (
    (exam_kind = 'ege' AND (test_score IS NOT NULL OR mark IS NOT NULL))
    OR (exam_kind <> 'ege' AND test_score IS NULL AND mark IS NOT NULL))
);
CREATE UNIQUE INDEX gia_results_key_uq
  ON gia_results (exam_kind, subject, exam_date, document_type, document_series, document_number);
CREATE INDEX gia_results_person_idx ON gia_results (person_id, exam_date DESC);
CREATE INDEX gia_results_import_idx ON gia_results (import_id);
