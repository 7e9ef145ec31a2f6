-- The cells of a statistical form the registry cannot know (a row or column its definition marks
-- `manual`), as the organization entered them for a reference date before signing.
--
-- One entry per form, edition, reference date and organization carries the version every save must
-- name (two clerks saving at once: one wins, the other is told the form changed); its cells say who
-- entered each value and when. Signing copies the values into the submission's cells, so a value
-- changed afterwards does not change a signed form.
CREATE TABLE stat_form_manual_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_code text NOT NULL CONSTRAINT stat_form_manual_entries_form_code_check CHECK (form_code ~ '^[a-z0-9-]{1,20}$'),
  edition text NOT NULL CONSTRAINT stat_form_manual_entries_edition_check CHECK (edition ~ '^[a-z0-9-]{1,20}$'),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  as_of date NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid NOT NULL REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stat_form_manual_entries_uq UNIQUE (form_code, edition, as_of, organization_id)
);

CREATE INDEX stat_form_manual_entries_organization_idx ON stat_form_manual_entries (organization_id);

CREATE TABLE stat_form_manual_cells (
  entry_id uuid NOT NULL REFERENCES stat_form_manual_entries (id) ON DELETE CASCADE,
  section text NOT NULL,
  row_code text NOT NULL,
  column_code text NOT NULL,
  value integer NOT NULL CONSTRAINT stat_form_manual_cells_value_check CHECK (value >= 0),
  entered_by uuid NOT NULL REFERENCES users (id),
  entered_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stat_form_manual_cells_pkey PRIMARY KEY (entry_id, section, row_code, column_code)
);
