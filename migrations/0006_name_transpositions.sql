-- Two neighbouring letters typed the other way round (Денис → Денси) are one slip, but Levenshtein
-- counts them as two edits: a five-letter name then scores 1 - 2/5 = 0.6 and misses the 0.7 bar of
-- person_name_score, so the swap was neither a fuzzy candidate on create nor a pair of the report.
-- name_part_similarity now counts a single adjacent swap as one edit, as optimal string alignment does.
--
-- Nothing stored depends on the function (no index or generated column; person_name_score and the
-- report's query call it by name), so replacing it is enough. Pairs of earlier report runs keep the
-- scores they were computed with; the next run finds the swaps.

-- Whether b is a with one pair of different neighbouring letters swapped. Only an adjacent swap leaves
-- a and b equal up to their first difference, crossed at it and equal after it; the first difference is
-- found by a binary search on prefixes (a few comparisons for any name length).
--
-- COST 1, not plpgsql's default 100: the planner orders a WHERE clause's conditions by their declared
-- cost and counts this call in every inlined name_part_similarity, although it runs for few pairs.
CREATE FUNCTION name_adjacent_swap(a text, b text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT COST 1 AS $$
DECLARE
  same int := 0;
  upper_bound int := length(a) - 2;
  mid int;
BEGIN
  WHILE same < upper_bound LOOP
    mid := (same + upper_bound + 1) / 2;
    IF left(a, mid) = left(b, mid) THEN
      same := mid;
    ELSE
      upper_bound := mid - 1;
    END IF;
  END LOOP;
  RETURN a <> b
     AND substr(a, same + 1, 1) = substr(b, same + 2, 1) AND substr(a, same + 2, 1) = substr(b, same + 1, 1)
     AND substr(a, same + 3) = substr(b, same + 3);
END
$$;

-- Stays a single SQL expression so that PostgreSQL inlines it into the report's query. Levenshtein is
-- computed once: a swap is exactly two Levenshtein edits, so it takes one off. The swap test runs only
-- for pairs that can be a swap — the same byte length (constant time, unlike counting characters) and
-- no letter of a missing from b — about one in a hundred pairs of names sharing their first three letters.
CREATE OR REPLACE FUNCTION name_part_similarity(a text, b text) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a = b THEN 1::real
              WHEN a = '' OR b = '' THEN 0::real
              ELSE greatest(similarity(a, b),
                            1 - (levenshtein(a, b)
                                 - CASE WHEN octet_length(a) = octet_length(b) AND translate(a, b, '') = ''
                                             AND name_adjacent_swap(a, b)
                                        THEN 1 ELSE 0 END)::real
                                / greatest(length(a), length(b)))::real END
$$;

-- The report's WHERE clause tests the name parts with name_part_similarity so that person_name_score runs
-- only for the pairs that pass, and relies on the planner putting the cheaper condition first. At the
-- default COST 100 the longer inlined expression above looked dearer than two person_name_score calls, so
-- person_name_score ran first for every pair of a block and the report took twice as long. Measured, a
-- call of it (not inlinable: a CTE, nine name comparisons) costs some thirty inlined comparisons.
ALTER FUNCTION person_name_score(text, text, text, text, text, text) COST 500;
