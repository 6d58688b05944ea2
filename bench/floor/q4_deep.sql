-- Q4 (bench/queries/q4_deep.graphql, national variables) compiled by hand into one MariaDB
-- statement that returns the response's JSON (see q1_nested.sql). MariaDB has no LATERAL, so
-- per-parent pages are correlated subqueries, which it runs once per outer row.
SELECT JSON_OBJECT('region', JSON_OBJECT('id', pv.id, 'code', pv.code, 'name', pv.name, 'cities', JSON_OBJECT(
  'totalCount', (SELECT COUNT(*) FROM regions c WHERE c.parent_id = pv.id),
  'nodes', (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', c.id, 'code', c.code, 'name', c.name, 'counties', JSON_OBJECT(
     'totalCount', (SELECT COUNT(*) FROM regions k WHERE k.parent_id = c.id),
     'nodes', (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', k.id, 'code', k.code, 'name', k.name, 'townships', JSON_OBJECT(
        'totalCount', (SELECT COUNT(*) FROM regions t WHERE t.parent_id = k.id),
        'nodes', (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', t.id, 'code', t.code, 'name', t.name) ORDER BY t.id LIMIT 5)
                  FROM regions t WHERE t.parent_id = k.id))) ORDER BY k.id LIMIT 5)
        FROM regions k WHERE k.parent_id = c.id))) ORDER BY c.id LIMIT 5)
     FROM regions c WHERE c.parent_id = pv.id)))) AS data
FROM regions pv WHERE pv.code = '110000000000';
