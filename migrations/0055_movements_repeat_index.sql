-- ОО-1 counts the learners a promotion order left to repeat the year: about one promotion in a hundred.
-- The statistical forms take them as one set per statement (movements of type «repeat» effective in the
-- year before the reference date); this partial index is that set, so a region's form does not scan all
-- of its movements to find a few thousand.
CREATE INDEX movements_repeat_idx ON movements (effective_on) INCLUDE (enrollment_id, order_id)
  WHERE promotion_type = 'repeat';
