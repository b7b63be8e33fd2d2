/* perfeval install script, assembled by the Makefile from the files in src/sql in name order */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION perfeval" to load this file. \quit

COMMENT ON SCHEMA @extschema@ IS 'perfeval: performance evaluation of customer-service agents by the handbook';
