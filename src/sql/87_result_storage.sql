/* src/sql/87_result_storage.sql — 1.1: room on result's pages for a re-run's new row versions (issue 11) */

-- result is filled to half of each page (fillfactor 50): a re-run of a
-- draft period updates each result in place, changing no indexed column
-- (period, agent, revision, id, scheme version, is_current stay), so with
-- room on the page every new version is a heap-only tuple: none of the
-- five indexes gets a new entry, and the old version is pruned on the page
-- (issue 11: at fillfactor 100 a re-run of 10,000 results added 50,000
-- index entries, and the next roll-up read the months through twice as
-- many).  A result row of a month is about 800 bytes, a quarter's 1,150:
-- half a page holds a re-run's new versions.  Pages written before the
-- upgrade keep their fill until rewritten (VACUUM FULL, CLUSTER).
ALTER TABLE @extschema@.result SET (fillfactor = 50);
