-- A graduation moves the last day of about a million person_access rows (every row of ~100,000 learners
-- and their representatives, at each scope node above their schools). With last_day in the key's index
-- (0014) each such update wrote a new heap tuple and an entry in both indexes, and pages packed full left
-- no room for the new version next to the old: 10 s of the 1,000,000-learner promotion on a warm cache,
-- 35 s under its memory pressure. Without last_day in any index, and with room left on every page, the
-- update stays on its page and touches no index (a heap-only update: 4.5 s for the same rows, ~80 % of
-- them in place).
--
-- The price is the probes that told full access from archival from the index alone: they now read the
-- row's page too — one more buffer per probed (node, person), which the person search and the card
-- benchmarks measure.
--
-- The fill factor applies to pages written from now on. An existing large registry gets it for its
-- current rows with `VACUUM FULL person_access` in a maintenance window (README, Upgrade).
ALTER TABLE person_access SET (fillfactor = 85);
ALTER TABLE person_access DROP CONSTRAINT person_access_pkey;
ALTER TABLE person_access ADD CONSTRAINT person_access_pkey PRIMARY KEY (node_id, person_id, learner_id);
