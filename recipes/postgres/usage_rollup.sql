-- slaretro usage rollup for PostgreSQL: daily use of each asset by each team, from a platform audit table.
-- Output columns match `slaretro import usage FILE.csv --rollup`: date,asset,team,users,accesses,queries,views,first_access.
-- first_access is the instant of the day's first access: `slaretro rightsize` reads when consumers first open the
-- data from it. Days are cut in the time zone named below; set it to your agreements' zone so that "the day's
-- first read" means the consumers' morning, not UTC's.
-- Assumes an audit table platform_audit.access_log (occurred_at timestamptz, asset text, user_name text,
-- action text: 'query' | 'view' | 'export' | 'api') fed by pgaudit, the BI tool or the platform's API gateway,
-- and platform_audit.members (user_name text, team text) mapping people to slaretro team ids.
-- Export: psql -X -c "\copy ($(cat usage_rollup.sql | sed 's/;$//')) TO 'rollups.csv' WITH CSV HEADER"
SELECT
  (l.occurred_at AT TIME ZONE 'Europe/Berlin')::date AS date,
  l.asset,
  COALESCE(m.team, '') AS team,
  COUNT(DISTINCT l.user_name) AS users,
  COUNT(*) AS accesses,
  COUNT(*) FILTER (WHERE l.action = 'query') AS queries,
  COUNT(*) FILTER (WHERE l.action = 'view') AS views,
  to_char(MIN(l.occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS first_access
FROM platform_audit.access_log AS l
LEFT JOIN platform_audit.members AS m ON m.user_name = l.user_name
WHERE l.occurred_at >= now() - interval '90 days'
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
