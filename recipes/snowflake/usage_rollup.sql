-- slaretro usage rollup for Snowflake: daily use of each table by each team, from ACCOUNT_USAGE.ACCESS_HISTORY.
-- Output columns match `slaretro import usage FILE.csv --rollup`: date,asset,team,users,accesses,queries,views,first_access.
-- first_access is the instant of the day's first access: `slaretro rightsize` reads when consumers first open the
-- data from it. Days are cut in the time zone named below; set it to your agreements' zone so that "the day's
-- first read" means the consumers' morning, not UTC's.
-- Replace ANALYTICS.PEOPLE.MEMBERS (USER_NAME, TEAM) with your mapping of users to slaretro team ids; assets are
-- named DATABASE.SCHEMA.TABLE (add them as aliases: in the catalog).
-- Export, e.g.: snowsql -f usage_rollup.sql -o output_format=csv -o header=true -o friendly=false > rollups.csv
WITH reads AS (
  SELECT
    TO_DATE(CONVERT_TIMEZONE('Europe/Berlin', ah.query_start_time)) AS date,
    ah.query_start_time,
    obj.value:"objectName"::STRING AS asset,
    ah.user_name,
    ah.query_id
  FROM SNOWFLAKE.ACCOUNT_USAGE.ACCESS_HISTORY AS ah,
       LATERAL FLATTEN(input => ah.base_objects_accessed) AS obj
  WHERE ah.query_start_time >= DATEADD(day, -90, CURRENT_DATE())
    AND obj.value:"objectDomain"::STRING IN ('Table', 'View', 'Materialized view')
)
SELECT
  r.date AS "date",
  r.asset AS "asset",
  COALESCE(m.team, '') AS "team",
  COUNT(DISTINCT r.user_name) AS "users",
  COUNT(DISTINCT r.query_id) AS "accesses",
  COUNT(DISTINCT r.query_id) AS "queries",
  0 AS "views",
  TO_VARCHAR(CONVERT_TIMEZONE('UTC', MIN(r.query_start_time)), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "first_access"
FROM reads AS r
LEFT JOIN ANALYTICS.PEOPLE.MEMBERS AS m ON m.user_name = r.user_name
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
