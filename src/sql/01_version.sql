
-- PostgreSQL 15 or later (tested on 15): the script uses BEGIN ATOMIC
-- bodies (14+) and security_invoker views (15+).  Say so before either
-- gives an obscure syntax error.
DO $$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::integer OPERATOR(pg_catalog.<) 150000 THEN
        RAISE EXCEPTION 'perfeval needs PostgreSQL 15 or later'
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = pg_catalog.format('This server is PostgreSQL %s.', pg_catalog.current_setting('server_version')),
                  HINT = 'Install perfeval on PostgreSQL 15 or later (it is tested on 15).';
    END IF;
END
$$;
