-- pgTAP: ids of one type (issue 12 item 5, docs/clients.md): every id the
-- extension stores, takes or returns is integer, so that a client gets one
-- type for all of them (node-postgres: numbers, JDBC: Integer, psycopg2:
-- int with type code 23); the counts its functions return are integer too.
-- Found through pg_depend, so a new table, view or function is covered.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(9);

CREATE TEMP VIEW ext_rel AS
SELECT c.oid, c.relname, c.relkind
FROM pg_depend AS d JOIN pg_class AS c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'perfeval');
CREATE TEMP VIEW ext_proc AS
SELECT p.oid, p.proname, p.prorettype, p.proargtypes, p.proallargtypes, p.proargnames, p.proargmodes
FROM pg_depend AS d JOIN pg_proc AS p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'perfeval');

-- columns named id or ..._id of tables and views (not the handbook rule
-- ids H-..., text, nor measurement_history.xact_id, a transaction id)
CREATE TEMP VIEW id_col AS
SELECT r.relname, a.attname, a.atttypid, a.atttypmod
FROM ext_rel AS r JOIN pg_attribute AS a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE r.relkind IN ('r', 'v', 'p') AND (a.attname = 'id' OR a.attname LIKE '%\_id')
  AND a.attname NOT IN ('rule_id', 'handbook_id', 'xact_id');
SELECT is((SELECT array_agg(a.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                            ORDER BY a.relname, a.attname)
           FROM id_col AS a WHERE a.atttypid <> 'integer'::regtype),
          NULL, 'every id column of a table or view is integer');
SELECT cmp_ok((SELECT count(*)::int FROM id_col), '>', 100,
              '... (more than 100 such columns are checked)');
-- the sequences behind them count in integer (serial, not bigserial)
SELECT is((SELECT array_agg(r.relname ORDER BY r.relname)
           FROM ext_rel AS r JOIN pg_sequence AS s ON s.seqrelid = r.oid
           WHERE s.seqtypid <> 'integer'::regtype),
          NULL, 'every sequence is an integer sequence (serial)');
-- foreign keys: both ends of one type
SELECT is((SELECT array_agg(c.conname::text ORDER BY c.conname)
           FROM pg_constraint AS c JOIN ext_rel AS r ON r.oid = c.conrelid
           WHERE c.contype = 'f' AND EXISTS (
               SELECT 1 FROM unnest(c.conkey, c.confkey) AS k(a, b)
               JOIN pg_attribute AS x ON x.attrelid = c.conrelid AND x.attnum = k.a
               JOIN pg_attribute AS y ON y.attrelid = c.confrelid AND y.attnum = k.b
               WHERE x.atttypid <> y.atttypid)),
          NULL, 'every foreign key joins columns of one type');
-- every parameter (and OUT or TABLE column) named id or ..._id is integer
SELECT is((SELECT array_agg(p.oid::regprocedure::text || ' ' || a.name || ' ' || format_type(a.typ, NULL)
                            ORDER BY p.oid::regprocedure::text, a.name)
           FROM ext_proc AS p,
                unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames) AS a(typ, name)
           WHERE (a.name = 'id' OR a.name LIKE '%\_id') AND a.name NOT IN ('rule_id', 'handbook_id', 'xact_id')
             AND a.typ <> 'integer'::regtype),
          NULL, 'every function parameter and result column named id or ..._id is integer');
SELECT cmp_ok((SELECT count(*)::int FROM ext_proc AS p,
                      unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames) AS a(typ, name)
               WHERE a.name = 'id' OR a.name LIKE '%\_id'), '>', 50,
              '... (more than 50 such parameters are checked)');
-- a function that returns a bare bigint would hand a client a string
-- (node-postgres): none does but those listed, which return no id
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
           FROM ext_proc AS p
           WHERE (p.prorettype = 'int8'::regtype
                  OR 'int8'::regtype = ANY (coalesce(p.proallargtypes, p.proargtypes::oid[])))
             AND p.proname NOT LIKE 'dimension\_subtotals\_%'   -- int8[] aggregate state, below
             AND p.proname <> 'indicator_bits'),                 -- a bit set of indicator ids (evaluate's internal)
          NULL, 'no function takes or returns bigint but those that carry no id');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
           FROM ext_proc AS p
           WHERE p.prorettype = 'int8[]'::regtype
              OR 'int8[]'::regtype = ANY (coalesce(p.proallargtypes, p.proargtypes::oid[]))),
          ARRAY['perfeval.dimension_subtotals_accum(bigint[],text,integer,double precision)',
                'perfeval.dimension_subtotals_combine(bigint[],bigint[])',
                'perfeval.dimension_subtotals_final(bigint[])',
                'perfeval.elapsed_accum(bigint[],timestamp with time zone,timestamp with time zone)',
                'perfeval.event_avg_seconds_final(bigint[])',
                'perfeval.event_pair_combine(bigint[],bigint[])',
                'perfeval.event_ratio_final(bigint[])',
                'perfeval.ratio_accum(bigint[],boolean,boolean)',
                'perfeval.reply_accum(bigint[],timestamp with time zone,timestamp with time zone,interval,bytea)',
                'perfeval.work_time_accum(bigint[],timestamp with time zone,timestamp with time zone,bytea)'],
          'bigint[] only in the internal states of dimension_subtotals and the event aggregates (exact sums, issue 13)');
SELECT is(pg_get_function_result('perfeval.import_measurements(jsonb, text)'::regprocedure),
          'TABLE(loaded integer, replaced integer, unchanged integer, quarantined integer)',
          'import_measurements returns its counts as integer, like evaluate and approve');

SELECT * FROM finish();
ROLLBACK;
