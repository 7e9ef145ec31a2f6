-- The change feed carries what the e-journals sent (issue 12 item 4): attendance days and results, by
-- their organization, as enrollments and orders are. Captured by the same generic statement trigger
-- (0036), which reads its transition tables through EXECUTE (0040). A resend with equal values changes no
-- row and so adds no change; a correction is one change of its record.

CREATE TRIGGER attendance_days_changes_ins AFTER INSERT ON attendance_days REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('attendance', 'SELECT id, organization_id FROM $rows');
CREATE TRIGGER attendance_days_changes_upd AFTER UPDATE ON attendance_days
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('attendance', 'SELECT id, organization_id FROM $rows');
CREATE TRIGGER attendance_days_changes_del AFTER DELETE ON attendance_days REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('attendance', 'SELECT id, organization_id FROM $rows');

CREATE TRIGGER learner_results_changes_ins AFTER INSERT ON learner_results REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('result', 'SELECT id, organization_id FROM $rows');
CREATE TRIGGER learner_results_changes_upd AFTER UPDATE ON learner_results
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('result', 'SELECT id, organization_id FROM $rows');
CREATE TRIGGER learner_results_changes_del AFTER DELETE ON learner_results REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('result', 'SELECT id, organization_id FROM $rows');
