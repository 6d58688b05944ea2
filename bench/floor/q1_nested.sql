-- Q1 (bench/queries/q1_nested.graphql, national variables) compiled by hand into one MariaDB
-- statement that returns the response's JSON, the way PostGraphile compiles it for PostgreSQL:
-- what a server that compiles each request into one statement would ask of MariaDB.
SELECT JSON_OBJECT('region', JSON_OBJECT('id', c.id, 'code', c.code, 'name', c.name, 'townships', JSON_OBJECT('nodes', (
  SELECT JSON_ARRAYAGG(JSON_OBJECT('id', t.id, 'code', t.code, 'name', t.name, 'projects', JSON_OBJECT('nodes', (
     SELECT JSON_ARRAYAGG(JSON_OBJECT('id', p.id, 'name', p.name, 'status', p.status, 'budgetYuan', p.budget_yuan,
        'funder', (SELECT JSON_OBJECT('name', f.name) FROM regions f WHERE f.id = p.funder_region_id)) ORDER BY p.id LIMIT 10)
     FROM projects p WHERE p.region_id = t.id))) ORDER BY t.id LIMIT 20)
  FROM regions t WHERE t.parent_id = c.id)))) AS data
FROM regions c WHERE c.code = '110101000000';
