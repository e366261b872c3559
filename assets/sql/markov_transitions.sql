-- markov_transitions.sql: the first-order Markov chain of attribution (analytics.md 2.3.2) as
-- transition counts and probabilities between the states (start), each channel, (conversion)
-- and (null). Consecutive repeats of a channel are collapsed (the removal effects do not change).
-- Portable: window functions and GROUP BY. The core solves the chain from these counts
-- (attribution.h, model "markov"); `journeymap analyze attribution --paths` takes the
-- path_counts*.sql output instead, which carries the same information.
--
-- Journeys exactly as the core's journeys_from_events: per person, in time order, the touches
-- (events with a channel) up to and including a conversion (conversion = 1) form one converting
-- journey; the touches after the last conversion form one non-converting journey. A journey
-- without any touch is left out.
WITH numbered AS (
  SELECT person_id, ts_ms, event, channel, conversion,
         -- journey number: conversions strictly before this event
         COALESCE(SUM(CASE WHEN conversion = 1 THEN 1 ELSE 0 END)
                    OVER (PARTITION BY person_id ORDER BY ts_ms, event, channel
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS journey
  FROM events
),
outcomes AS (
  SELECT person_id, journey, MAX(CASE WHEN conversion = 1 THEN 1 ELSE 0 END) AS converted
  FROM numbered
  GROUP BY person_id, journey
),
touches AS (
  SELECT person_id, journey, ts_ms, event, channel,
         LAG(channel) OVER (PARTITION BY person_id, journey ORDER BY ts_ms, event, channel) AS prev_channel
  FROM numbered
  WHERE channel IS NOT NULL AND channel <> ''
),
collapsed AS (
  SELECT t.person_id, t.journey, t.channel, o.converted,
         ROW_NUMBER() OVER (PARTITION BY t.person_id, t.journey ORDER BY t.ts_ms, t.event, t.channel) AS pos,
         LEAD(t.channel) OVER (PARTITION BY t.person_id, t.journey ORDER BY t.ts_ms, t.event, t.channel) AS next_channel
  FROM touches t
  JOIN outcomes o ON o.person_id = t.person_id AND o.journey = t.journey
  WHERE t.prev_channel IS NULL OR t.prev_channel <> t.channel
),
edges AS (
  SELECT '(start)' AS from_state, channel AS to_state FROM collapsed WHERE pos = 1
  UNION ALL
  SELECT channel AS from_state,
         COALESCE(next_channel, CASE WHEN converted = 1 THEN '(conversion)' ELSE '(null)' END) AS to_state
  FROM collapsed
)
SELECT from_state, to_state, COUNT(*) AS n,
       1.0 * COUNT(*) / SUM(COUNT(*)) OVER (PARTITION BY from_state) AS p
FROM edges
GROUP BY from_state, to_state
ORDER BY from_state, to_state;
