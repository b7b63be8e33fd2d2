/* perfeval install script, assembled from the files in src/sql by src/release/scripts.sh (see the Makefile) */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION perfeval" to load this file. \quit

-- Safe install (CVE-2022-2625 / CVE-2023-39417 class).  perfeval.control
-- says schema = perfeval: PostgreSQL creates that schema just before this
-- script runs, but silently uses one that already exists.  A schema planted
-- by another role could hold operators, functions or types that the
-- unqualified parts of this script (and later readers of its views) would
-- bind to, running the planter's code as the installing superuser, or let
-- its owner add such objects later.  So the install goes on only when the
-- schema holds no object at all (nor default privileges), no role but its
-- owner may create in it, and its owner is beyond suspicion: the row was
-- written by this transaction (CREATE EXTENSION made it), or it belongs to
-- the installing role or to a superuser (as after DROP EXTENSION, which
-- leaves the schema, or in a pg_dump restore, which creates it first).
-- Every operator and function below is named with pg_catalog, since nothing
-- else can be trusted yet.
DO $perfeval_safe_install$
DECLARE
    nsp pg_catalog.oid;
    owner_name pg_catalog.text;
    acl pg_catalog.text;
    row_xid pg_catalog.int8;
    cur_xid pg_catalog.int8;
    full_xid pg_catalog.int8;
    status pg_catalog.text;
    objects pg_catalog.int8;
    creators pg_catalog.text;
    owner_super boolean;
    ours boolean;
BEGIN
    SELECT n.oid, pg_catalog.pg_get_userbyid(n.nspowner), n.nspacl::pg_catalog.text,
           n.xmin::pg_catalog.text::pg_catalog.int8, r.rolsuper
      INTO nsp, owner_name, acl, row_xid, owner_super
      FROM pg_catalog.pg_namespace AS n
      JOIN pg_catalog.pg_roles AS r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
     WHERE n.nspname OPERATOR(pg_catalog.=) 'perfeval'::pg_catalog.name;
    -- the roles other than the owner that may create objects in it
    SELECT pg_catalog.string_agg(CASE WHEN x.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'
                                      ELSE pg_catalog.pg_get_userbyid(x.grantee)::pg_catalog.text END, ', ')
      INTO creators
      FROM pg_catalog.pg_namespace AS n, pg_catalog.aclexplode(n.nspacl) AS x
     WHERE n.oid OPERATOR(pg_catalog.=) nsp AND x.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
       AND x.grantee OPERATOR(pg_catalog.<>) n.nspowner;
    -- the 64-bit id of the row's xmin, in the epoch of the current transaction
    cur_xid := pg_catalog.pg_current_xact_id()::pg_catalog.text::pg_catalog.int8;
    full_xid := ((cur_xid OPERATOR(pg_catalog.>>) 32) OPERATOR(pg_catalog.<<) 32)
                OPERATOR(pg_catalog.|) row_xid;
    IF full_xid OPERATOR(pg_catalog.>) cur_xid THEN
        full_xid := full_xid OPERATOR(pg_catalog.-) 4294967296::pg_catalog.int8;
    END IF;
    -- a visible row whose xmin is still in progress was written by this
    -- transaction (or one of its subtransactions): others' are invisible
    status := CASE WHEN row_xid OPERATOR(pg_catalog.<) 3 OR full_xid OPERATOR(pg_catalog.<) 3 THEN 'old'
                   ELSE pg_catalog.pg_xact_status(full_xid::pg_catalog.text::pg_catalog.xid8) END;
    ours := status OPERATOR(pg_catalog.=) 'in progress';
    -- whatever lives in the schema records a dependency on it (but for the
    -- extension perfeval itself, made just now); the other catalogs are
    -- counted too, so that nothing escapes by lacking one
    SELECT (SELECT pg_catalog.count(*) FROM pg_catalog.pg_depend AS d
             WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
               AND d.refobjid OPERATOR(pg_catalog.=) nsp
               AND d.classid OPERATOR(pg_catalog.<>) 'pg_catalog.pg_extension'::pg_catalog.regclass)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class AS c WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_proc AS p WHERE p.pronamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_type AS t WHERE t.typnamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_operator AS o WHERE o.oprnamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_opfamily AS f WHERE f.opfnamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_collation AS l WHERE l.collnamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_conversion AS v WHERE v.connamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_ts_config AS s WHERE s.cfgnamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_ts_dict AS s WHERE s.dictnamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_statistic_ext AS x WHERE x.stxnamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_default_acl AS a WHERE a.defaclnamespace OPERATOR(pg_catalog.=) nsp)
         OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM pg_catalog.pg_extension AS e WHERE e.extnamespace OPERATOR(pg_catalog.=) nsp
                                    AND e.extname OPERATOR(pg_catalog.<>) 'perfeval'::pg_catalog.name)
      INTO objects;
    IF nsp IS NULL OR objects OPERATOR(pg_catalog.<>) 0 OR creators IS NOT NULL
       OR NOT (ours OR owner_super OR owner_name OPERATOR(pg_catalog.=) CURRENT_USER::pg_catalog.text) THEN
        RAISE EXCEPTION 'schema "perfeval" already exists and is not safe to install into'
            USING ERRCODE = 'duplicate_schema',
                  DETAIL = pg_catalog.format('Schema perfeval is owned by role %I (%s), holds %s objects, %s and was %s; '
                                             'perfeval installs only into an empty schema that no one but a superuser '
                                             'or the installing role controls, so that nothing placed there can bind '
                                             'to its operators and functions.',
                                             owner_name, CASE WHEN owner_super THEN 'a superuser' ELSE 'not a superuser' END,
                                             objects,
                                             CASE WHEN creators IS NULL THEN 'lets no other role create in it'
                                                  ELSE pg_catalog.format('lets %s create in it', creators) END,
                                             CASE WHEN ours THEN 'created in this transaction' ELSE 'created before this transaction' END),
                  HINT = 'Find out who made schema perfeval and why (\dn+ perfeval, \df perfeval.*, \do perfeval.*), '
                         'then drop it (DROP SCHEMA perfeval CASCADE) or rename it (ALTER SCHEMA perfeval RENAME TO ...) '
                         'and run CREATE EXTENSION perfeval again.';
    END IF;
END
$perfeval_safe_install$;

COMMENT ON SCHEMA @extschema@ IS 'perfeval: performance evaluation of customer-service agents by the handbook';
