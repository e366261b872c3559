-- path_counts.duckdb.sql: DuckDB (string_agg with ORDER BY inside the aggregate; tested, 1.5).
-- Input: events(person_id, ts_ms, event, session_id, channel, touchpoint_id, stage, value, conversion).
-- Output: path, total_conversions, total_null, total_conversion_value: the aggregated paths
-- layout (ChannelAttribution, Fractribution) that `journeymap analyze attribution --paths FILE`
-- and the editor read. Steps joined with " > ". Everything but the ordered string aggregation
-- is portable (window functions, GROUP BY); that one piece differs per engine, hence one file per
-- dialect (README.md).
WITH
-- Journeys exactly as the core's journeys_from_events (attribution.h): per person, in time order,
-- the touches (events with a channel) up to and including a conversion (conversion = 1) form one
-- converting journey, its value that conversion's value; the touches after the last conversion
-- form one non-converting journey. A journey without any touch is left out. Steps are not
-- collapsed (the paths file keeps repeats; the core's models collapse where they need to).
numbered AS (
  SELECT person_id, ts_ms, event, channel, conversion, value,
         -- journey number: conversions strictly before this event
         COALESCE(SUM(CASE WHEN conversion = 1 THEN 1 ELSE 0 END)
                    OVER (PARTITION BY person_id ORDER BY ts_ms, event, channel
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS journey
  FROM events
),
outcomes AS (
  SELECT person_id, journey,
         MAX(CASE WHEN conversion = 1 THEN 1 ELSE 0 END) AS converted,
         SUM(CASE WHEN conversion = 1 THEN COALESCE(value, 0) ELSE 0 END) AS value
  FROM numbered
  GROUP BY person_id, journey
),
touches AS (
  SELECT person_id, journey, channel,
         ROW_NUMBER() OVER (PARTITION BY person_id, journey ORDER BY ts_ms, event, channel) AS pos,
         COUNT(*) OVER (PARTITION BY person_id, journey) AS len
  FROM numbered
  WHERE channel IS NOT NULL AND channel <> ''
),
journey_paths AS (
  SELECT person_id, journey, string_agg(channel, ' > ' ORDER BY pos) AS path
  FROM touches
  GROUP BY person_id, journey
)
SELECT j.path,
       SUM(o.converted) AS total_conversions,
       SUM(1 - o.converted) AS total_null,
       SUM(o.value) AS total_conversion_value
FROM journey_paths j
JOIN outcomes o ON o.person_id = j.person_id AND o.journey = j.journey
GROUP BY j.path
ORDER BY j.path;
