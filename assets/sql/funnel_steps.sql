-- funnel_steps.sql: per person, the time each step of an ordered, closed funnel was reached
-- (analytics.md 2.3.1): entry t1 = the person's first step-1 event; for j > 1, t_j = the first
-- step-j event with t_j >= t_(j-1) and t_j - t1 <= window (window_ms = 0: no limit). NULL from
-- the first step not reached on. Portable: joins, GROUP BY, no window function needed. The core
-- (or a spreadsheet) then counts each step (COUNT(t_j)) and takes the medians and p90 of
-- t_j - t_(j-1), which portable SQL can not (README.md, "Percentiles").
--
-- Parameters are tables, so the query text never changes:
--   funnel_steps(step INTEGER, stage TEXT)   -- step 1..8 and the events.stage value it matches
--   funnel_params(window_ms BIGINT)          -- one row
-- Up to eight steps; a step with no row in funnel_steps matches nothing (a shorter funnel just
-- stops). Steps match on events.stage here (a funnel across the map's stages); match on
-- touchpoint_id instead for a funnel across cards.
WITH s1 AS (
  SELECT e.person_id, MIN(e.ts_ms) AS t1
  FROM events e JOIN funnel_steps f ON f.step = 1 AND e.stage = f.stage
  GROUP BY e.person_id
),
s2 AS (
  SELECT s.person_id, MIN(e.ts_ms) AS t2
  FROM s1 s CROSS JOIN funnel_params p
  JOIN events e ON e.person_id = s.person_id
  JOIN funnel_steps f ON f.step = 2 AND e.stage = f.stage
  WHERE e.ts_ms >= s.t1 AND (p.window_ms = 0 OR e.ts_ms - s.t1 <= p.window_ms)
  GROUP BY s.person_id
),
s3 AS (
  SELECT s.person_id, MIN(e.ts_ms) AS t3
  FROM s2 s JOIN s1 ON s1.person_id = s.person_id CROSS JOIN funnel_params p
  JOIN events e ON e.person_id = s.person_id
  JOIN funnel_steps f ON f.step = 3 AND e.stage = f.stage
  WHERE e.ts_ms >= s.t2 AND (p.window_ms = 0 OR e.ts_ms - s1.t1 <= p.window_ms)
  GROUP BY s.person_id
),
s4 AS (
  SELECT s.person_id, MIN(e.ts_ms) AS t4
  FROM s3 s JOIN s1 ON s1.person_id = s.person_id CROSS JOIN funnel_params p
  JOIN events e ON e.person_id = s.person_id
  JOIN funnel_steps f ON f.step = 4 AND e.stage = f.stage
  WHERE e.ts_ms >= s.t3 AND (p.window_ms = 0 OR e.ts_ms - s1.t1 <= p.window_ms)
  GROUP BY s.person_id
),
s5 AS (
  SELECT s.person_id, MIN(e.ts_ms) AS t5
  FROM s4 s JOIN s1 ON s1.person_id = s.person_id CROSS JOIN funnel_params p
  JOIN events e ON e.person_id = s.person_id
  JOIN funnel_steps f ON f.step = 5 AND e.stage = f.stage
  WHERE e.ts_ms >= s.t4 AND (p.window_ms = 0 OR e.ts_ms - s1.t1 <= p.window_ms)
  GROUP BY s.person_id
),
s6 AS (
  SELECT s.person_id, MIN(e.ts_ms) AS t6
  FROM s5 s JOIN s1 ON s1.person_id = s.person_id CROSS JOIN funnel_params p
  JOIN events e ON e.person_id = s.person_id
  JOIN funnel_steps f ON f.step = 6 AND e.stage = f.stage
  WHERE e.ts_ms >= s.t5 AND (p.window_ms = 0 OR e.ts_ms - s1.t1 <= p.window_ms)
  GROUP BY s.person_id
),
s7 AS (
  SELECT s.person_id, MIN(e.ts_ms) AS t7
  FROM s6 s JOIN s1 ON s1.person_id = s.person_id CROSS JOIN funnel_params p
  JOIN events e ON e.person_id = s.person_id
  JOIN funnel_steps f ON f.step = 7 AND e.stage = f.stage
  WHERE e.ts_ms >= s.t6 AND (p.window_ms = 0 OR e.ts_ms - s1.t1 <= p.window_ms)
  GROUP BY s.person_id
),
s8 AS (
  SELECT s.person_id, MIN(e.ts_ms) AS t8
  FROM s7 s JOIN s1 ON s1.person_id = s.person_id CROSS JOIN funnel_params p
  JOIN events e ON e.person_id = s.person_id
  JOIN funnel_steps f ON f.step = 8 AND e.stage = f.stage
  WHERE e.ts_ms >= s.t7 AND (p.window_ms = 0 OR e.ts_ms - s1.t1 <= p.window_ms)
  GROUP BY s.person_id
)
SELECT s1.person_id, s1.t1, s2.t2, s3.t3, s4.t4, s5.t5, s6.t6, s7.t7, s8.t8
FROM s1
LEFT JOIN s2 ON s2.person_id = s1.person_id
LEFT JOIN s3 ON s3.person_id = s1.person_id
LEFT JOIN s4 ON s4.person_id = s1.person_id
LEFT JOIN s5 ON s5.person_id = s1.person_id
LEFT JOIN s6 ON s6.person_id = s1.person_id
LEFT JOIN s7 ON s7.person_id = s1.person_id
LEFT JOIN s8 ON s8.person_id = s1.person_id
ORDER BY s1.person_id;
