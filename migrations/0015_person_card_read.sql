-- The person card as the application reads it: the cached card, the actor's access level decided from
-- person_access, the linked persons outside the actor's scope (to leave off the card) and, at the
-- archival level, the enrollments at the actor's own organizations.
--
-- It is a PL/pgSQL function with a forced generic plan because the same statement sent as a prepared
-- statement was planned afresh on every call (its generic plan looked dearer to the planner than the
-- custom ones), and planning cost more than running it. p_nodes NULL means a region-wide actor.
CREATE FUNCTION person_card_read(p_id uuid, p_nodes uuid[], p_grace integer)
RETURNS TABLE (card json, access text, hidden uuid[], own uuid[])
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF p_nodes IS NULL THEN
    RETURN QUERY SELECT pc.card, 'full'::text, NULL::uuid[], NULL::uuid[]
      FROM person_cards pc WHERE pc.person_id = p_id;
    RETURN;
  END IF;
  RETURN QUERY
  SELECT pc.card, lvl.access,
    CASE WHEN lvl.access = 'full' THEN ARRAY(
      SELECT k.pid FROM (SELECT (l->'person'->>'id')::uuid AS pid
                           FROM json_array_elements(pc.card->'representatives') l
                         UNION ALL SELECT (l->'person'->>'id')::uuid
                           FROM json_array_elements(pc.card->'represents') l) k
       WHERE (SELECT true FROM person_access a
               WHERE a.node_id = ANY(p_nodes) AND a.person_id = k.pid
                 AND (a.last_day IS NULL OR a.last_day >= current_date - p_grace) LIMIT 1) IS NULL) END,
    CASE WHEN lvl.access = 'archival' THEN ARRAY(
      SELECT (en->>'id')::uuid FROM json_array_elements(pc.card->'enrollments') en
       WHERE (SELECT true FROM scope_closure sc
               WHERE sc.descendant_id = (en->>'organizationId')::uuid AND sc.ancestor_id = ANY(p_nodes)
               LIMIT 1) IS NOT NULL) END
    FROM person_cards pc
    CROSS JOIN LATERAL (
      SELECT CASE WHEN bool_or(a.last_day IS NULL OR a.last_day >= current_date - p_grace) THEN 'full'
                  WHEN bool_or(a.learner_id = a.person_id) THEN 'archival' END AS access
        FROM person_access a WHERE a.node_id = ANY(p_nodes) AND a.person_id = pc.person_id) lvl
   WHERE pc.person_id = p_id AND lvl.access IS NOT NULL;
END $$;

-- Every lookup of person_access names the scope nodes, which lead its key; a probe is then answered from
-- the key's index alone (it includes last_day), where the index on person_id alone sent each probe to
-- the table.
DROP INDEX person_access_person_idx;
