/* src/sql/78_report_html.sql — the period report as one self-contained HTML document (H-4.3 (5) (6)) */

-- report_html renders a report's content (report_content, or an approved
-- period_report's frozen content) as one HTML document: inline CSS and SVG,
-- no script, nothing fetched from elsewhere, laid out for A4 paper.  Every
-- text that comes from data (names of departments, teams, agents,
-- indicators, suggestions) goes through html_escape.

-- html_escape(text): the text safe inside an HTML element or a quoted
-- attribute (& < > " ' replaced by entities).
CREATE FUNCTION @extschema@.html_escape(t text)
RETURNS text
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
               t, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;');
END;
COMMENT ON FUNCTION @extschema@.html_escape(text) IS
'the text with & < > " and '' replaced by HTML entities: safe inside an element or a quoted attribute';

-- report_grade_color(grade): the fill of a grade in the charts.
CREATE FUNCTION @extschema@.report_grade_color(grade text)
RETURNS text
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE grade WHEN 'excellent' THEN '#1a9850' WHEN 'good' THEN '#91cf60' WHEN 'medium' THEN '#fee08b'
                      WHEN 'pass' THEN '#fc8d59' ELSE '#d73027' END;
END;
COMMENT ON FUNCTION @extschema@.report_grade_color(text) IS
'internal: the colour of a grade in report_html (excellent green ... fail red)';

-- report_escape(t): html_escape(t), the empty string for NULL (a part
-- missing from a report's content renders as empty).
CREATE FUNCTION @extschema@.report_escape(t text)
RETURNS text
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT COALESCE(@extschema@.html_escape(t), '');
END;
COMMENT ON FUNCTION @extschema@.report_escape(text) IS
'internal: html_escape(t), or the empty string for NULL (report_html)';

-- report_array(j): j when it is a json array, else the empty array, so a
-- report part of the wrong shape renders as empty.
CREATE FUNCTION @extschema@.report_array(j jsonb)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN pg_catalog.jsonb_typeof(j) OPERATOR(pg_catalog.=) 'array' THEN j ELSE '[]'::jsonb END;
END;
COMMENT ON FUNCTION @extschema@.report_array(jsonb) IS
'internal: the json array given, or [] for anything else (report_html renders a part of the wrong shape as empty)';

-- report_html_render(content, status): the document for a content of
-- report_content and a status line (approved version or draft).  Bounded
-- whatever the content: at most 60 teams in the bars, 14 trend lines of 60
-- months, 20 ranks, 100 indicators, 300 employee numbers per consequence
-- list (the count is the full one), 60 teams of appeals, 50 suggestions; the
-- full lists are in the report's content and its CSV exports.
CREATE FUNCTION @extschema@.report_html_render(content jsonb, status text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c jsonb := content;
    h text := '';
    s text;
    row_ jsonb;
    g jsonb;
    i integer;
    x numeric;
    w numeric;
    y integer;
    n integer;
    total integer;
    keys jsonb;
    nk integer;
    lo numeric;
    hi numeric;
    pts text;
    palette text[] := ARRAY['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
    rows_ jsonb;
BEGIN
    IF c IS NULL OR jsonb_typeof(c) <> 'object' OR c ->> 'report' IS DISTINCT FROM 'perfeval period report' THEN
        RAISE EXCEPTION 'the content is not a period report'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass the result of perfeval.report_content or a period_report.content.';
    END IF;
    h := '<!DOCTYPE html>' || E'\n' || '<html lang="zh"><head><meta charset="utf-8">'
      || '<title>' || perfeval.report_escape('绩效考核报告 Performance report ' || coalesce(c #>> '{period,key}', '')) || '</title>'
      || '<style>'
      || '@page{size:A4;margin:14mm}'
      || 'body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:#222;margin:0 auto;max-width:182mm;font-size:10pt;line-height:1.35;background:#fff}'
      || 'h1{font-size:17pt;margin:0 0 2mm;border-bottom:2px solid #1f4e79;color:#1f4e79}'
      || 'h2{font-size:12.5pt;margin:6mm 0 2mm;color:#1f4e79;break-after:avoid}'
      || 'section{break-inside:avoid}'
      || 'table{border-collapse:collapse;width:100%;font-size:9pt}th,td{border:1px solid #bbb;padding:1mm 1.5mm;text-align:left}'
      || 'th{background:#e8eef5}td.n{text-align:right;font-variant-numeric:tabular-nums}'
      || '.status{font-size:9pt;color:#555;margin-bottom:3mm}.cards{display:flex;flex-wrap:wrap;gap:2mm}'
      || '.card{border:1px solid #bbb;border-radius:1.5mm;padding:1.5mm 2.5mm;min-width:24mm}.card b{display:block;font-size:13pt}'
      || '.card span{font-size:8pt;color:#555}svg{display:block;width:100%;height:auto}svg text{font-family:inherit}'
      || '.two{display:flex;gap:4mm}.two>div{flex:1}footer{margin-top:6mm;font-size:8pt;color:#777;border-top:1px solid #ccc}'
      || '</style></head><body>';
    -- title and scope
    h := h || '<h1>绩效考核报告 Performance appraisal report · ' || perfeval.report_escape(c #>> '{period,label_zh}')
      || ' / ' || perfeval.report_escape(c #>> '{period,label_en}') || '</h1>'
      || '<div class="status">' || CASE WHEN c #>> '{scope,level}' = 'company' THEN '范围 Scope: 全公司 Company'
                                      ELSE '范围 Scope: 部门 Department ' || perfeval.report_escape(c #>> '{scope,name}')
                                           || ' (' || perfeval.report_escape(c #>> '{scope,code}') || ')' END
      || ' · 期间 Period ' || perfeval.report_escape(c #>> '{period,key}') || ' ('
      || perfeval.report_escape(c #>> '{period,starts_on}') || ' – ' || perfeval.report_escape(c #>> '{period,ends_on}') || ')'
      || ' · ' || perfeval.report_escape(status) || '</div>';
    -- summary cards
    h := h || '<section><h2>概况 Summary</h2><div class="cards">';
    FOR row_ IN SELECT jsonb_build_object('k', v.k, 'l', v.l) FROM (VALUES
            (1, 'results', '结果 Results'), (2, 'graded', '已评级 Graded'), (3, 'no_data', '无数据 No data'),
            (4, 'not_evaluated', '未评估 Not evaluated'), (5, 'mean_total', '平均分 Mean total'), (6, 'best', '最高 Best'),
            (7, 'worst', '最低 Worst'), (8, 'critical_failed', '一票否决 Critical fails'), (9, 'appeals', '申诉 Appeals')) AS v(o, k, l)
            ORDER BY v.o LOOP
        h := h || '<div class="card"><b>' || perfeval.report_escape(coalesce(c -> 'summary' ->> (row_ ->> 'k'), '–'))
          || '</b><span>' || (row_ ->> 'l') || '</span></div>';
    END LOOP;
    h := h || '</div></section>';

    -- grade distribution: one stacked bar per team, then the scope's total
    rows_ := (SELECT coalesce(jsonb_agg(x.e ORDER BY x.o), '[]') FROM jsonb_array_elements(perfeval.report_array(c -> 'teams')) WITH ORDINALITY AS x(e, o)
              WHERE x.o <= 60) || jsonb_build_array(jsonb_build_object(
                 'name', CASE WHEN c #>> '{scope,level}' = 'company' THEN '全公司 Company' ELSE '合计 Total' END,
                 'graded', c #> '{summary,graded}', 'grades', c -> 'grades', 'mean_total', c #> '{summary,mean_total}'));
    n := jsonb_array_length(rows_);
    h := h || '<section><h2>等级分布 Grade distribution per team (H-5.1)</h2>'
      || format('<svg viewBox="0 0 680 %s" role="img" aria-label="grade distribution">', 34 + 24 * n);
    i := 0;
    FOR g IN SELECT e FROM jsonb_array_elements(perfeval.report_array(c -> 'grades')) AS e LIMIT 5 LOOP
        h := h || format('<rect x="%s" y="4" width="12" height="12" fill="%s"/><text x="%s" y="14" font-size="11">%s %s</text>',
                         180 + i * 100, perfeval.report_grade_color(g ->> 'grade'), 196 + i * 100,
                         perfeval.report_escape(g ->> 'zh'), perfeval.report_escape(g ->> 'en'));
        i := i + 1;
    END LOOP;
    y := 26;
    FOR row_ IN SELECT e FROM jsonb_array_elements(rows_) AS e LOOP
        total := coalesce((row_ ->> 'graded')::integer, 0);
        h := h || format('<text x="0" y="%s" font-size="11">%s</text>', y + 15, perfeval.report_escape(left(row_ ->> 'name', 24)));
        x := 170;
        FOR g IN SELECT e FROM jsonb_array_elements(perfeval.report_array(row_ -> 'grades')) AS e LIMIT 5 LOOP
            IF total > 0 AND (g ->> 'agents')::integer > 0 THEN
                w := round(390.0 * (g ->> 'agents')::integer / total, 1);
                h := h || format('<rect x="%s" y="%s" width="%s" height="18" fill="%s"><title>%s: %s</title></rect>',
                                 x, y + 2, w, perfeval.report_grade_color(g ->> 'grade'),
                                 perfeval.report_escape(g ->> 'en'), (g ->> 'agents')::integer);
                IF w >= 16 THEN
                    h := h || format('<text x="%s" y="%s" font-size="10" text-anchor="middle">%s</text>', x + w / 2, y + 15, (g ->> 'agents')::integer);
                END IF;
                x := x + w;
            END IF;
        END LOOP;
        h := h || format('<text x="566" y="%s" font-size="10">n=%s · %s</text>', y + 15, total,
                         perfeval.report_escape(coalesce(row_ ->> 'mean_total', '–')));
        y := y + 24;
    END LOOP;
    h := h || '</svg></section>';

    -- ranking
    h := h || '<section><h2>排名 Ranking</h2>';
    FOR s IN SELECT v FROM unnest(ARRAY['top', 'bottom']) AS v LOOP
        h := h || '<table style="margin-bottom:2mm"><tr><th colspan="5">' || CASE s WHEN 'top' THEN '前十 Top 10' ELSE '后五 Bottom 5' END || '</th></tr>'
          || '<tr><th>名次 Rank</th><th>工号 No.</th><th>姓名 Name</th><th>班组 Team</th><th>总分 Total · 等级 Grade</th></tr>';
        FOR row_ IN SELECT e FROM jsonb_array_elements(perfeval.report_array(c -> s)) AS e LIMIT 20 LOOP
            h := h || '<tr><td class="n">' || perfeval.report_escape(row_ ->> 'rank') || '</td><td>' || perfeval.report_escape(row_ ->> 'employee_no')
              || '</td><td>' || perfeval.report_escape(row_ ->> 'name') || '</td><td>' || perfeval.report_escape(row_ ->> 'team')
              || '</td><td class="n">' || perfeval.report_escape(row_ ->> 'total') || ' ' || perfeval.report_escape(coalesce(row_ ->> 'grade_zh', '')) || '</td></tr>';
        END LOOP;
        h := h || '</table>';
    END LOOP;
    h := h || '</section>';

    -- monthly trend lines per team
    keys := perfeval.report_array(c #> '{trend,keys}');
    nk := least(60, jsonb_array_length(keys));
    SELECT min(v::numeric), max(v::numeric) INTO lo, hi
    FROM jsonb_array_elements(perfeval.report_array(c #> '{trend,teams}')) WITH ORDINALITY AS t(e, o),
         jsonb_array_elements_text(perfeval.report_array(t.e -> 'mean_totals')) WITH ORDINALITY AS m(v, k)
    WHERE v IS NOT NULL AND t.o <= 14 AND m.k <= 60;
    h := h || '<section><h2>月度趋势 Monthly trend per team (mean total)</h2>';
    IF nk = 0 OR lo IS NULL THEN
        h := h || '<p>无月度数据 No monthly results.</p>';
    ELSE
        lo := greatest(0, floor(lo / 5) * 5);
        hi := least(100, ceil(hi / 5) * 5);
        IF hi <= lo THEN hi := least(100, lo + 5); lo := hi - 5; END IF;
        h := h || '<svg viewBox="0 0 680 250" role="img" aria-label="monthly trend">';
        FOR i IN 0 .. 4 LOOP
            x := lo + (hi - lo) * i / 4;
            h := h || format('<line x1="40" y1="%s" x2="520" y2="%s" stroke="#ddd"/><text x="36" y="%s" font-size="10" text-anchor="end">%s</text>',
                             210 - 190 * i / 4, 210 - 190 * i / 4, 214 - 190 * i / 4, round(x, 1));
        END LOOP;
        FOR i IN 0 .. nk - 1 LOOP
            h := h || format('<text x="%s" y="226" font-size="9" text-anchor="middle">%s</text>',
                             CASE WHEN nk = 1 THEN 280 ELSE 40 + round(480.0 * i / (nk - 1), 1) END,
                             perfeval.report_escape(keys ->> i));
        END LOOP;
        i := 0;
        FOR row_ IN SELECT e FROM jsonb_array_elements(perfeval.report_array(c #> '{trend,teams}')) AS e LIMIT 14 LOOP
            SELECT string_agg(format('%s,%s', CASE WHEN nk = 1 THEN 280 ELSE 40 + round(480.0 * (m.o - 1) / (nk - 1), 1) END,
                                     round(210 - 190 * (m.v::numeric - lo) / (hi - lo), 1)), ' ' ORDER BY m.o) INTO pts
            FROM jsonb_array_elements_text(perfeval.report_array(row_ -> 'mean_totals')) WITH ORDINALITY AS m(v, o) WHERE m.v IS NOT NULL AND m.o <= nk;
            IF pts IS NOT NULL THEN
                h := h || format('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>', pts, palette[1 + i % 10]);
            END IF;
            h := h || format('<rect x="532" y="%s" width="10" height="10" fill="%s"/><text x="546" y="%s" font-size="10">%s</text>',
                             12 + 16 * i, palette[1 + i % 10], 21 + 16 * i, perfeval.report_escape(left(row_ ->> 'name', 20)));
            i := i + 1;
            EXIT WHEN i >= 14;
        END LOOP;
        h := h || '</svg>';
    END IF;
    h := h || '</section>';

    -- one agent's scorecard
    h := h || '<section><h2>个人记分卡 Scorecard of the first-ranked agent</h2>';
    IF c -> 'scorecard' IS NULL OR jsonb_typeof(c -> 'scorecard') <> 'object' THEN
        h := h || '<p>无已评级结果 No graded result.</p>';
    ELSE
        h := h || '<p>' || perfeval.report_escape(c #>> '{scorecard,employee_no}') || ' ' || perfeval.report_escape(c #>> '{scorecard,name}')
          || ' · ' || perfeval.report_escape(c #>> '{scorecard,team}') || ' · 总分 Total ' || perfeval.report_escape(c #>> '{scorecard,total}')
          || ' · ' || perfeval.report_escape(coalesce(c #>> '{scorecard,grade_zh}', '')) || ' ' || perfeval.report_escape(coalesce(c #>> '{scorecard,grade}', ''))
          || '</p><svg viewBox="0 0 680 104" role="img" aria-label="dimension scores">';
        i := 0;
        FOR row_ IN SELECT jsonb_build_object('k', v.k, 'l', v.l) FROM (VALUES (1, 'attitude', '服务态度 Attitude'),
                (2, 'capability', '业务能力 Capability'), (3, 'efficiency', '工作效率 Efficiency'),
                (4, 'satisfaction', '客户满意度 Satisfaction')) AS v(o, k, l) ORDER BY v.o LOOP
            x := (c #>> ARRAY['scorecard', 'dimensions', row_ ->> 'k'])::numeric;
            h := h || format('<text x="0" y="%s" font-size="11">%s</text><rect x="170" y="%s" width="440" height="16" fill="#eee"/>',
                             16 + 26 * i, row_ ->> 'l', 4 + 26 * i);
            IF x IS NOT NULL THEN
                h := h || format('<rect x="170" y="%s" width="%s" height="16" fill="#1f77b4"/><text x="616" y="%s" font-size="10">%s</text>',
                                 4 + 26 * i, round(4.4 * greatest(0, least(100, x)), 1), 16 + 26 * i, round(x, 1));
            ELSE
                h := h || format('<text x="616" y="%s" font-size="10">n/a</text>', 16 + 26 * i);
            END IF;
            i := i + 1;
        END LOOP;
        h := h || '</svg><table><tr><th>指标 Indicator</th><th>维度 Dimension</th><th>权重 Weight %</th><th>原始值 Raw</th><th>得分 Score</th></tr>';
        FOR row_ IN SELECT e FROM jsonb_array_elements(perfeval.report_array(c #> '{scorecard,indicators}')) AS e LIMIT 100 LOOP
            h := h || '<tr><td>' || perfeval.report_escape(row_ ->> 'zh') || ' ' || perfeval.report_escape(row_ ->> 'en') || '</td><td>'
              || perfeval.report_escape(row_ ->> 'dimension') || '</td><td class="n">' || perfeval.report_escape(coalesce(row_ ->> 'weight_pct', ''))
              || '</td><td class="n">' || perfeval.report_escape(coalesce(round((row_ ->> 'raw_value')::numeric, 4)::text, '–'))
              || '</td><td class="n">' || perfeval.report_escape(coalesce(row_ ->> 'score', 'n/a')) || '</td></tr>';
        END LOOP;
        h := h || '</table>';
    END IF;
    h := h || '</section>';

    -- consequences
    h := h || '<section><h2>结果运用 Consequences (H-3.3)</h2><table><tr><th>名单 List</th><th>人数 Agents</th><th>工号 Employees</th></tr>';
    FOR row_ IN SELECT jsonb_build_object('k', v.k, 'l', v.l) FROM (VALUES (1, 'training', '培训 Training (H-3.3.2)'),
            (2, 'promotion', '晋升 Promotion (H-3.3.3)'), (3, 'care', '关怀 Care (H-3.3.4)'),
            (4, 'bottom_elimination', '末位淘汰 Bottom elimination (H-3.3.5)')) AS v(o, k, l) ORDER BY v.o LOOP
        SELECT count(*), string_agg(perfeval.report_escape(e ->> 'employee_no'), ' ' ORDER BY o) INTO n, s
        FROM jsonb_array_elements(perfeval.report_array(c -> 'consequences' -> (row_ ->> 'k'))) WITH ORDINALITY AS x(e, o) WHERE x.o <= 300;
        n := jsonb_array_length(perfeval.report_array(c -> 'consequences' -> (row_ ->> 'k')));
        h := h || '<tr><td>' || (row_ ->> 'l') || '</td><td class="n">' || n || '</td><td>' || coalesce(s, '') || '</td></tr>';
    END LOOP;
    SELECT string_agg(perfeval.report_escape(coalesce(e ->> 'grade_zh', '') || ' ' || coalesce(e ->> 'coefficient', '') || ' × ' || coalesce(e ->> 'agents', '')), '; ' ORDER BY o)
    INTO s FROM jsonb_array_elements(perfeval.report_array(c #> '{consequences,bonus}')) WITH ORDINALITY AS x(e, o) WHERE x.o <= 10;
    h := h || '<tr><td>奖金系数 Bonus coefficients (H-3.3.1)</td><td class="n"></td><td>' || coalesce(s, '') || '</td></tr></table></section>';

    -- appeals
    h := h || '<section><h2>申诉统计 Appeal statistics (H-8.3.4)</h2>'
      || '<svg viewBox="0 0 680 30" role="img" aria-label="appeals by outcome">';
    total := coalesce((c #>> '{appeals,total}')::integer, 0);
    x := 0; i := 0;
    FOR row_ IN SELECT jsonb_build_object('k', v.k, 'l', v.l, 'f', v.f) FROM (VALUES
            (1, 'open', '处理中 open', '#9ecae1'), (2, 'upheld', '支持 upheld', '#1a9850'), (3, 'dismissed', '驳回 dismissed', '#d73027'),
            (4, 'ineligible', '不受理 ineligible', '#bbbbbb'), (5, 'withdrawn', '撤回 withdrawn', '#fdae61')) AS v(o, k, l, f) ORDER BY v.o LOOP
        n := coalesce((c #>> ARRAY['appeals', 'by_outcome', row_ ->> 'k'])::integer, 0);
        h := h || format('<rect x="%s" y="2" width="12" height="12" fill="%s"/><text x="%s" y="12" font-size="10">%s: %s</text>',
                         i * 130, row_ ->> 'f', i * 130 + 16, row_ ->> 'l', n);
        IF total > 0 AND n > 0 THEN
            h := h || format('<rect x="%s" y="18" width="%s" height="10" fill="%s"/>', round(x, 1), round(670.0 * n / total, 1), row_ ->> 'f');
            x := x + 670.0 * n / total;
        END IF;
        i := i + 1;
    END LOOP;
    h := h || '</svg><table><tr><th>班组 Team</th><th>申诉 Appeals</th><th>支持 Upheld</th><th>驳回 Dismissed</th><th>处理中 Open</th></tr>';
    FOR row_ IN SELECT e FROM jsonb_array_elements(perfeval.report_array(c #> '{appeals,by_team}')) AS e LIMIT 60 LOOP
        h := h || '<tr><td>' || perfeval.report_escape(row_ ->> 'team') || '</td><td class="n">' || perfeval.report_escape(row_ ->> 'appeals')
          || '</td><td class="n">' || perfeval.report_escape(row_ ->> 'upheld') || '</td><td class="n">' || perfeval.report_escape(row_ ->> 'dismissed')
          || '</td><td class="n">' || perfeval.report_escape(row_ ->> 'open') || '</td></tr>';
    END LOOP;
    h := h || '</table>';
    IF jsonb_array_length(perfeval.report_array(c #> '{appeals,suggestions}')) > 0 THEN
        h := h || '<h2>合理化建议 Constructive suggestions (H-8.3.5)</h2><table><tr><th>工号 No.</th><th>建议 Suggestion</th><th>表彰 Recognition</th></tr>';
        FOR row_ IN SELECT e FROM jsonb_array_elements(perfeval.report_array(c #> '{appeals,suggestions}')) AS e LIMIT 50 LOOP
            h := h || '<tr><td>' || perfeval.report_escape(row_ ->> 'employee_no') || '</td><td>' || perfeval.report_escape(row_ ->> 'suggestion')
              || '</td><td>' || perfeval.report_escape(coalesce(row_ ->> 'recognition', '–')) || '</td></tr>';
        END LOOP;
        h := h || '</table>';
    END IF;
    h := h || '</section>';

    -- data quality and footer
    h := h || '<section><h2>数据质量 Data quality (H-4.3)</h2><p>已测 measured ' || perfeval.report_escape(coalesce(c #>> '{data_quality,measured}', '0'))
      || ' · 缺失 missing ' || perfeval.report_escape(coalesce(c #>> '{data_quality,missing}', '0'))
      || ' · 隔离 quarantined ' || perfeval.report_escape(coalesce(c #>> '{data_quality,quarantined}', '0'))
      || ' · 异常 outlying ' || perfeval.report_escape(coalesce(c #>> '{data_quality,outlying}', '0')) || '</p></section>'
      || '<footer>perfeval · ' || perfeval.report_escape(status) || '</footer></body></html>' || E'\n';
    RETURN h;
END
$$;
COMMENT ON FUNCTION @extschema@.report_html_render(jsonb, text) IS
'internal: the HTML document of a report content (report_content) with a status line: inline CSS and SVG, no script, every data text escaped (html_escape); 22023 for a jsonb that is not a report';

-- report_html(report): an approved (or draft) report version as HTML.
CREATE FUNCTION @extschema@.report_html(report_id integer)
RETURNS text
LANGUAGE plpgsql
STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    r perfeval.period_report;
BEGIN
    SELECT * INTO r FROM perfeval.period_report AS x WHERE x.id = report_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'report % does not exist or is not visible to you', report_id
            USING ERRCODE = 'undefined_object', HINT = 'perfeval.period_report_version lists the reports you may read.';
    END IF;
    RETURN perfeval.report_html_render(r.content,
        CASE WHEN r.state = 'approved'
             THEN format('版本 version %s · 已批准 approved %s by %s', r.version, to_char(r.approved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), r.approved_by)
             ELSE format('版本 version %s · 草稿 draft, not approved', r.version) END);
END
$$;
COMMENT ON FUNCTION @extschema@.report_html(integer) IS
'the period report version as one self-contained HTML document (inline SVG and CSS, no script, A4): grade bars per team, ranking, monthly trend lines per team, a scorecard, appeal statistics, Chinese and English labels (H-4.3 (5) (6)); 42704 for a report the caller may not read';

-- report_html(period, department): the live report of a period (the
-- company when department is NULL), marked as not approved.
CREATE FUNCTION @extschema@.report_html(period_id integer, department_id integer)
RETURNS text
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT perfeval.report_html_render(perfeval.report_content($1, $2), '当前数据 live data, not an approved report')
$$;
COMMENT ON FUNCTION @extschema@.report_html(integer, integer) IS
'the live report of a period (department NULL: the company) as HTML, from report_content, marked as not approved; the same rights as report_content (HR, leadership, the service, the department''s managers)';

