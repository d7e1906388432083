-- slaretro usage rollup for BigQuery: daily use of each table by each team, from INFORMATION_SCHEMA.JOBS.
-- Output columns match `slaretro import usage FILE.csv --rollup`: date,asset,team,users,accesses,queries,views,first_access.
-- first_access is the instant of the day's first access: `slaretro rightsize` reads when consumers first open the
-- data from it. Days are cut in the time zone named below; set it to your agreements' zone so that "the day's
-- first read" means the consumers' morning, not UTC's.
-- Replace `region-eu` with your region and `my_project.people.members` (user_email, team) with your own mapping
-- of people to slaretro team ids; assets are named project.dataset.table (add them as aliases: in the catalog).
-- Export: bq query --use_legacy_sql=false --format=csv < usage_rollup.sql > rollups.csv
DECLARE since DATE DEFAULT DATE_SUB(CURRENT_DATE(), INTERVAL 90 DAY);
DECLARE zone STRING DEFAULT 'Europe/Berlin';

WITH reads AS (
  SELECT DISTINCT
    DATE(j.creation_time, zone) AS date,
    j.creation_time,
    CONCAT(t.project_id, '.', t.dataset_id, '.', t.table_id) AS asset,
    j.user_email,
    j.job_id
  FROM `region-eu`.INFORMATION_SCHEMA.JOBS AS j,
       UNNEST(j.referenced_tables) AS t
  WHERE j.job_type = 'QUERY'
    AND j.state = 'DONE'
    AND DATE(j.creation_time, zone) >= since
)
SELECT
  r.date,
  r.asset,
  COALESCE(m.team, '') AS team,
  COUNT(DISTINCT r.user_email) AS users,
  COUNT(*) AS accesses,
  COUNT(*) AS queries,
  0 AS views,
  FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', MIN(r.creation_time)) AS first_access
FROM reads AS r
LEFT JOIN `my_project.people.members` AS m ON m.user_email = r.user_email
GROUP BY r.date, r.asset, team
ORDER BY r.date, r.asset, team;
