#!/usr/bin/env bash
# The report in a real browser (issue 14): inside the test cluster
# (test/check-in-cluster.sh), loads the demo into a database of its own
# (the demo writes the approved September 2025 company report with
# perfeval.report_html to a file), then
#   1. checks the HTML: one document, inline <svg> and CSS for A4, no
#      script, nothing fetched from elsewhere (no src=, href=, url(, http);
#   2. renames a team to a hostile '<script>...' name and checks that the
#      live report escapes it, also in the DOM headless Chromium builds
#      from it (--dump-dom: no <script> element);
#   3. renders the approved report with headless Chromium (Debian's
#      chromium, fonts-noto-cjk for the Chinese labels) to a PNG and checks
#      the picture (test/report/check_png.py: size, not blank, the grade
#      colours of the bars, text);
#   4. with UPDATE_DOCS=1, writes that picture (cut to its content) to
#      docs/report.png, the one the README shows.
# Prints one ok/FAIL line per check; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
status=0
ok() { echo "report: ok - $*"; }
bad() { echo "report: FAIL - $*"; status=1; }
tmp=$(mktemp -d)
chmod 755 "$tmp"
db=perfeval_report
cleanup() { rm -rf "$tmp"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; }
trap cleanup EXIT
W=794 H=3000

if ! command -v chromium >/dev/null 2>&1; then
    bad "chromium is not installed (apt-get install chromium fonts-noto-cjk; test/lib.sh does it as root)"; exit 1
fi
if fc-list :lang=zh family | grep -qi 'noto sans cjk'; then ok "a CJK font is installed (fonts-noto-cjk)"; else bad "no CJK font (apt-get install fonts-noto-cjk)"; fi

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1
if ! psql -X -q -v ON_ERROR_STOP=1 -v report_file="$tmp/report.html" -d $db -f test/demo/demo.sql >"$tmp/demo.out" 2>&1; then
    bad "the demo failed"; tail -20 "$tmp/demo.out"; exit 1
fi
html="$tmp/report.html"
[ -s "$html" ] && ok "the demo wrote the report ($(wc -c <"$html") bytes)" || { bad "the demo wrote no report"; exit 1; }

# 1. one self-contained document
[ "$(grep -c '<!DOCTYPE html>' "$html")" = 1 ] && grep -q '</html>' "$html" && ok "one HTML document" || bad "not one HTML document"
[ "$(grep -o '<svg' "$html" | wc -l)" -ge 4 ] && ok "inline SVG charts ($(grep -o '<svg' "$html" | wc -l))" || bad "fewer than 4 inline SVG charts"
grep -q '@page{size:A4' "$html" && ok "CSS for A4 paper" || bad "no @page A4 rule"
grep -qi '<script' "$html" && bad "a script element" || ok "no script"
grep -Eqi 'src=|href=|url\(|https?:' "$html" && bad "a reference to something outside: $(grep -Eoi '.{20}(src=|href=|url\(|https?:).{20}' "$html" | head -1)" || ok "nothing fetched from elsewhere"
grep -q '等级分布 Grade distribution' "$html" && grep -q '申诉统计 Appeal statistics' "$html" && ok "Chinese and English labels" || bad "labels missing"

# 2. a hostile team name is escaped, in the text and in the browser's DOM
psql -X -q -At -v ON_ERROR_STOP=1 -d $db >"$tmp/hostile.html" 2>"$tmp/hostile.err" <<'SQL'
UPDATE perfeval.team SET name = '<script>alert(1)</script> & "q" ''x''' WHERE code = 'AUR';
SELECT perfeval.report_html(p.id, NULL) FROM perfeval.period AS p WHERE p.kind = 'month' AND p.starts_on = '2025-09-01';
SQL
if grep -qi '<script' "$tmp/hostile.html"; then bad "the hostile team name reached the HTML unescaped"
elif grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;x&#39;' "$tmp/hostile.html"; then ok "a team named <script>...: escaped in the HTML"
else bad "the hostile team name is missing from the report"; cat "$tmp/hostile.err"; fi
chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$tmp/hostile.html" >"$tmp/dom.html" 2>/dev/null
if [ -s "$tmp/dom.html" ] && ! grep -qi '<script' "$tmp/dom.html" && grep -q '&lt;script&gt;alert(1)' "$tmp/dom.html"; then
    ok "the browser's DOM holds the name as text, no script element"
else
    bad "the browser's DOM of the hostile report"
fi

# 3. the picture
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=$W,$H \
         --screenshot="$tmp/report.png" "file://$html" >"$tmp/chromium.log" 2>&1
if [ -s "$tmp/report.png" ]; then
    ok "headless Chromium rendered the report ($(wc -c <"$tmp/report.png") bytes of PNG)"
    crop=()
    [ "${UPDATE_DOCS:-}" = 1 ] && crop=(--crop docs/report.png)
    /usr/bin/python3 test/report/check_png.py "$tmp/report.png" $W $H "${crop[@]}" || status=1
else
    bad "no PNG from chromium"; tail -5 "$tmp/chromium.log"
fi
exit $status
