-- A statistical form signed off by its respondent organization for a reference date.
--
-- The signed figures are kept as they were at signing (`cells`): a correction entered later to an earlier
-- date changes what the form computes, not what was signed. A municipality or the region may return a
-- signed form with a reason; the organization signs it again (the figures of that moment), and `version`
-- guards both steps against a concurrent one.
CREATE TABLE stat_form_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_code text NOT NULL CONSTRAINT stat_form_submissions_form_code_check CHECK (form_code ~ '^[a-z0-9-]{1,20}$'),
  edition text NOT NULL CONSTRAINT stat_form_submissions_edition_check CHECK (edition ~ '^[a-z0-9-]{1,20}$'),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  as_of date NOT NULL,
  status text NOT NULL CONSTRAINT stat_form_submissions_status_check CHECK (status IN ('signed', 'returned')),
  -- { "<section>": { "<row>|<column>": n } } as computed when signed.
  cells jsonb NOT NULL,
  signed_by uuid NOT NULL REFERENCES users (id),
  signed_at timestamptz NOT NULL,
  returned_by uuid REFERENCES users (id),
  returned_at timestamptz,
  return_reason text CONSTRAINT stat_form_submissions_return_reason_check CHECK (char_length(return_reason) BETWEEN 1 AND 1000),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT stat_form_submissions_returned_check
    CHECK ((status = 'returned') = (returned_at IS NOT NULL AND returned_by IS NOT NULL AND return_reason IS NOT NULL)),
  CONSTRAINT stat_form_submissions_uq UNIQUE (form_code, edition, as_of, organization_id)
);

CREATE INDEX stat_form_submissions_organization_idx ON stat_form_submissions (organization_id);
