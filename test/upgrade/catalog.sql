-- The catalog fingerprint of the installed perfeval: one sorted text line
-- per property of every object that belongs to the extension (found
-- through pg_depend, deptype 'e') or lives in its schema.  Two databases
-- whose fingerprints are equal have the same objects, signatures,
-- volatility, strictness, parallel safety, security, settings, bodies,
-- comments, grants, policies, triggers, constraints, indexes, view
-- definitions, enum labels and pg_extension_config_dump registrations.
-- Used by test/upgrade.sh to compare an upgraded database with a fresh
-- install of the same version.
WITH ext AS (SELECT oid, extnamespace, extconfig, extcondition FROM pg_extension WHERE extname = 'perfeval'),
members AS (
    SELECT d.classid, d.objid FROM pg_depend AS d, ext
    WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
),
rel AS (
    SELECT c.oid, c.relname, c.relkind FROM pg_class AS c, ext WHERE c.relnamespace = ext.extnamespace
),
fn AS (
    SELECT p.oid FROM pg_proc AS p, ext WHERE p.pronamespace = ext.extnamespace
),
lines AS (
    -- every member object, by its identity
    SELECT 'member ' || pg_describe_object(m.classid, m.objid, 0) AS l FROM members AS m
    UNION ALL
    -- functions: signature, result, attributes, settings, body, grants, comment
    SELECT format('function %s returns %s kind=%s volatile=%s strict=%s parallel=%s secdef=%s leakproof=%s cost=%s rows=%s config=%s lang=%s body_md5=%s acl=%s comment=%s',
                  p.oid::regprocedure, pg_get_function_result(p.oid), p.prokind, p.provolatile, p.proisstrict,
                  p.proparallel, p.prosecdef, p.proleakproof, p.procost, p.prorows, p.proconfig,
                  (SELECT lanname FROM pg_language WHERE oid = p.prolang),
                  CASE WHEN p.prokind IN ('f', 'p') THEN md5(pg_get_functiondef(p.oid)) END,
                  p.proacl, obj_description(p.oid, 'pg_proc'))
    FROM pg_proc AS p JOIN fn ON fn.oid = p.oid
    UNION ALL
    SELECT format('function %s defaults %s', p.oid::regprocedure, pg_get_function_arguments(p.oid))
    FROM pg_proc AS p JOIN fn ON fn.oid = p.oid
    UNION ALL
    SELECT format('aggregate %s trans=%s final=%s combine=%s serial=%s deserial=%s stype=%s init=%s',
                  a.aggfnoid::regprocedure, a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn,
                  a.aggdeserialfn, a.aggtranstype::regtype, a.agginitval)
    FROM pg_aggregate AS a JOIN fn ON fn.oid = a.aggfnoid
    UNION ALL
    -- relations: kind, options, row security, grants, comment
    SELECT format('relation %s kind=%s options=%s rls=%s force_rls=%s acl=%s comment=%s',
                  c.relname, c.relkind, c.reloptions, c.relrowsecurity, c.relforcerowsecurity, c.relacl,
                  obj_description(c.oid, 'pg_class'))
    FROM pg_class AS c JOIN rel ON rel.oid = c.oid
    UNION ALL
    -- columns: type, not null, default, identity, generated, grants, comment
    SELECT format('column %s.%s %s notnull=%s default=%s identity=%s generated=%s acl=%s comment=%s',
                  rel.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated, a.attacl,
                  col_description(a.attrelid, a.attnum))
    FROM pg_attribute AS a JOIN rel ON rel.oid = a.attrelid
    LEFT JOIN pg_attrdef AS ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    -- column order (a dropped-and-added column is a real difference)
    SELECT format('columns %s: %s', rel.relname,
                  string_agg(a.attname, ',' ORDER BY a.attnum))
    FROM pg_attribute AS a JOIN rel ON rel.oid = a.attrelid
    WHERE a.attnum > 0 AND NOT a.attisdropped AND rel.relkind IN ('r', 'v', 'm', 'p', 'c', 'f')
    GROUP BY rel.relname
    UNION ALL
    SELECT format('constraint %s.%s %s deferrable=%s comment=%s', rel.relname, co.conname,
                  pg_get_constraintdef(co.oid), co.condeferrable, obj_description(co.oid, 'pg_constraint'))
    FROM pg_constraint AS co JOIN rel ON rel.oid = co.conrelid
    UNION ALL
    SELECT format('index %s', pg_get_indexdef(i.indexrelid))
    FROM pg_index AS i JOIN rel ON rel.oid = i.indrelid
    UNION ALL
    SELECT format('view %s %s', rel.relname, md5(pg_get_viewdef(rel.oid)))
    FROM rel WHERE rel.relkind IN ('v', 'm')
    UNION ALL
    SELECT format('trigger %s comment=%s', pg_get_triggerdef(t.oid), obj_description(t.oid, 'pg_trigger'))
    FROM pg_trigger AS t JOIN rel ON rel.oid = t.tgrelid WHERE NOT t.tgisinternal
    UNION ALL
    SELECT format('policy %s.%s cmd=%s permissive=%s roles=%s using=%s check=%s comment=%s',
                  rel.relname, po.polname, po.polcmd, po.polpermissive,
                  (SELECT array_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END ORDER BY 1)
                   FROM unnest(po.polroles) AS r),
                  pg_get_expr(po.polqual, po.polrelid), pg_get_expr(po.polwithcheck, po.polrelid),
                  obj_description(po.oid, 'pg_policy'))
    FROM pg_policy AS po JOIN rel ON rel.oid = po.polrelid
    UNION ALL
    SELECT format('sequence %s type=%s start=%s increment=%s', rel.relname, s.seqtypid::regtype, s.seqstart, s.seqincrement)
    FROM pg_sequence AS s JOIN rel ON rel.oid = s.seqrelid
    UNION ALL
    SELECT format('type %s kind=%s comment=%s acl=%s', t.oid::regtype, t.typtype, obj_description(t.oid, 'pg_type'), t.typacl)
    FROM pg_type AS t, ext WHERE t.typnamespace = ext.extnamespace AND t.typtype IN ('e', 'd', 'b', 'r', 'm')
    UNION ALL
    SELECT format('enum %s %s', e.enumtypid::regtype, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder))
    FROM pg_enum AS e JOIN pg_type AS t ON t.oid = e.enumtypid, ext
    WHERE t.typnamespace = ext.extnamespace GROUP BY e.enumtypid
    UNION ALL
    SELECT format('operator %s', o.oid::regoperator) FROM pg_operator AS o, ext WHERE o.oprnamespace = ext.extnamespace
    UNION ALL
    SELECT format('cast %s', pg_describe_object('pg_cast'::regclass, c.oid, 0))
    FROM pg_cast AS c JOIN fn ON fn.oid = c.castfunc
    UNION ALL
    -- pg_dump registrations with their filters
    SELECT format('config_dump %s %s', c::regclass, cond)
    FROM ext, unnest(ext.extconfig, ext.extcondition) AS u(c, cond)
    UNION ALL
    SELECT format('schema %s owner_is_extension_owner=%s acl=%s comment=%s', n.nspname,
                  n.nspowner = (SELECT extowner FROM pg_extension WHERE extname = 'perfeval'),
                  n.nspacl, obj_description(n.oid, 'pg_namespace'))
    FROM pg_namespace AS n, ext WHERE n.oid = ext.extnamespace
)
SELECT l FROM lines ORDER BY l;
