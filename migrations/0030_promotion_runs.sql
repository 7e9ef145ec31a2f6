-- Year-end promotion (issue 10): one run of the wizard for a school, a municipality or the region signs one
-- promotion order (and one graduation order) per school at once, and can be undone as a whole until its deadline.
CREATE TABLE promotion_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The organization or territory the run covered.
  scope_node_id uuid NOT NULL,
  from_year_id uuid NOT NULL REFERENCES academic_years (id),
  to_year_id uuid NOT NULL REFERENCES academic_years (id),
  effective_on date NOT NULL,
  undo_deadline date NOT NULL,
  promoted integer NOT NULL DEFAULT 0,
  graduated integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL REFERENCES users (id),
  undone_at timestamptz,
  undone_by uuid REFERENCES users (id),
  CONSTRAINT promotion_runs_years_check CHECK (from_year_id <> to_year_id),
  CONSTRAINT promotion_runs_deadline_check CHECK (undo_deadline >= effective_on),
  CONSTRAINT promotion_runs_undone_check CHECK ((undone_at IS NULL) = (undone_by IS NULL))
);

ALTER TABLE orders ADD COLUMN promotion_run_id uuid REFERENCES promotion_runs (id);
CREATE INDEX orders_promotion_run_idx ON orders (promotion_run_id) WHERE promotion_run_id IS NOT NULL;
