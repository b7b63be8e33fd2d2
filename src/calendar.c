/*
 * calendar.c — the calendar room's core: compiling a business-day calendar
 * into its rank/select form (see calendar.h), the per-backend cache of
 * compiled table calendars and its transactional invalidation.
 *
 * Cache: one entry per calendar name in a backend-local list, each holding a
 * PeCal in its own memory context.  A statement-level trigger on
 * perfeval.calendar and perfeval.calendar_day registers a relcache
 * invalidation of the changed table; PostgreSQL sends it to every backend
 * at commit, drops it at rollback, and replays it in the own backend at the
 * next command.  Our relcache callback then bumps pe_cal_generation, which
 * makes every compiled calendar and every fn_extra reference stale: the next
 * call recompiles from the committed data.  Calendars are read with a fresh
 * snapshot (like catalogs), so a cached calendar never predates an
 * invalidation it has already seen.
 */
#include "perfeval.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "datatype/timestamp.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "calendar.h"

PG_FUNCTION_INFO_V1(pe_calendar_invalidate);
PG_FUNCTION_INFO_V1(pe_is_projected);

/* Bumped whenever calendar data may have changed. */
uint64		pe_cal_generation = 1;

/* One cached compiled calendar. */
typedef struct PeCalEntry
{
	struct PeCalEntry *next;
	char	   *name;			/* in TopMemoryContext */
	uint64		generation;		/* pe_cal_generation it is valid for */
	MemoryContext cxt;			/* holds cal */
	PeCal	   *cal;
} PeCalEntry;

static PeCalEntry *PeCalCache = NULL;
static bool PeCalCallbacksDone = false;
static bool PeCalXactLocal = false;	/* compiled with a statement snapshot */
static Oid	PeCalendarRelid = InvalidOid;
static Oid	PeCalendarDayRelid = InvalidOid;

/* Relcache callback: calendar tables changed (or everything did). */
static void
PeCalRelcacheCallback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == PeCalendarRelid ||
		relid == PeCalendarDayRelid)
		pe_cal_generation++;
}

/*
 * Transaction callback: calendars compiled in parallel mode used the
 * statement's snapshot, so they are trusted only until the transaction ends.
 */
static void
PeCalXactCallback(XactEvent event, void *arg)
{
	if (PeCalXactLocal &&
		(event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		 event == XACT_EVENT_PARALLEL_COMMIT ||
		 event == XACT_EVENT_PARALLEL_ABORT || event == XACT_EVENT_PREPARE))
	{
		PeCalXactLocal = false;
		pe_cal_generation++;
	}
}

/* Year of a day number (H-8 deadlines name the year of a missing notice). */
int
pe_cal_year(int64 d)
{
	int			y,
				m,
				dd;

	if (d < (int64) (DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE) ||
		d >= (int64) (DATE_END_JULIAN - POSTGRES_EPOCH_JDATE))
		return d < 0 ? -4713 : 5874897;
	j2date((int) (d + POSTGRES_EPOCH_JDATE), &y, &m, &dd);
	return y;
}

/* Formats a day number as YYYY-MM-DD for messages, whatever DateStyle is. */
char *
pe_cal_day_text(int64 d)
{
	int			y,
				m,
				dd;

	if (d < (int64) (DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE) ||
		d >= (int64) (DATE_END_JULIAN - POSTGRES_EPOCH_JDATE))
		return pstrdup(d < 0 ? "a day before 4714-11-24 BC" : "a day after 5874897-12-31");
	j2date((int) (d + POSTGRES_EPOCH_JDATE), &y, &m, &dd);
	if (y > 0)
		return psprintf("%04d-%02d-%02d", y, m, dd);
	return psprintf("%04d-%02d-%02d BC", 1 - y, m, dd);
}

/* Raises 22008 if d is not a date PostgreSQL can represent. */
void
pe_cal_check_date(int64 d)
{
	if (d < (int64) (DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE) ||
		d >= (int64) (DATE_END_JULIAN - POSTGRES_EPOCH_JDATE))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range"),
				 errdetail("The result would be %s.", pe_cal_day_text(d)),
				 errhint("Use a smaller day count.")));
}

/*
 * Raises 22008 for a computation that needs days outside a calendar's
 * valid_from..valid_to; the hint names the year(s) whose official notice
 * must be loaded (handbook "Working days": never a silent guess).
 */
void
pe_cal_range_error(const PeCal *cal, int64 lo, int64 hi)
{
	bool		before = lo < (int64) cal->valid_from;
	int			y1 = before ? pe_cal_year(lo) : pe_cal_year((int64) cal->valid_to + 1);
	int			y2 = before ? pe_cal_year((int64) cal->valid_from - 1) : pe_cal_year(hi);
	char	   *years;

	if (y1 == y2)
		years = psprintf("%d", y1);
	else if (y2 - y1 <= 5)
		years = psprintf("%d to %d", y1, y2);
	else if (before)
		years = psprintf("%d and the years before it", y2);
	else
		years = psprintf("%d and the years after it", y1);

	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("calendar \"%s\" has no data for %s", cal->name,
					pe_cal_day_text(before ? lo : hi)),
			 errdetail("Calendar \"%s\" covers %s to %s; this computation needs the days from %s to %s.",
					   cal->name, pe_cal_day_text(cal->valid_from),
					   pe_cal_day_text(cal->valid_to),
					   pe_cal_day_text(lo), pe_cal_day_text(hi)),
			 before ?
			 errhint("Load the official holiday notice for %s into perfeval.calendar_day and move perfeval.calendar.valid_from back.", years) :
			 errhint("Load the official holiday notice for %s into perfeval.calendar_notice (it extends perfeval.calendar.valid_to).", years)));
}

/* Calendars whose projection WARNING this session has given (by name). */
typedef struct PeCalWarned
{
	struct PeCalWarned *next;
	char		name[FLEXIBLE_ARRAY_MEMBER];
} PeCalWarned;

static PeCalWarned *PeCalWarnedList = NULL;

/*
 * Tells the user, once per session and calendar, that an answer relies on
 * projected days: past official_to only the statutory holidays are known;
 * the notice's bridging days and make-up workdays (调休) are not (handbook
 * "Working days"; stored deadlines move when the notice is loaded).
 */
void
pe_cal_projection_note(const PeCal *cal, int64 lo, int64 hi)
{
	PeCalWarned *w;
	size_t		len;
	int			year = pe_cal_year((int64) cal->official_to + 1);

	for (w = PeCalWarnedList; w != NULL; w = w->next)
		if (strcmp(w->name, cal->name) == 0)
			return;
	len = strlen(cal->name) + 1;
	w = MemoryContextAlloc(TopMemoryContext, offsetof(PeCalWarned, name) + len);
	memcpy(w->name, cal->name, len);
	w->next = PeCalWarnedList;
	PeCalWarnedList = w;
	ereport(WARNING,
			(errmsg("calendar \"%s\" is projected after %s: this answer relies on projected days",
					cal->name, pe_cal_day_text(cal->official_to)),
			 errdetail("The computation uses the days from %s to %s; after %s only the statutory holidays are known, not the bridging days and make-up workdays of the official notice.",
					   pe_cal_day_text(Max(lo, (int64) cal->official_to + 1)),
					   pe_cal_day_text(hi), pe_cal_day_text(cal->official_to)),
			 errhint("Load the official notice for %d into perfeval.calendar_notice when it is published; stored deadlines are recomputed then. This warning is given once per session.",
					 year)));
}

/* Fills the weekday tables of cal from a Monday-first mask (1 = working). */
void
pe_cal_set_week(PeCal *cal, const int8 *mask)
{
	int			n = 0;

	cal->pre[0] = 0;
	for (int j = 0; j < 7; j++)
	{
		cal->mask[j] = mask[j] ? 1 : 0;
		if (mask[j])
			cal->pos[n++] = (int8) j;
		cal->pre[j + 1] = (int8) n;
	}
	for (int k = n; k < 7; k++)
		cal->pos[k] = 0;
	cal->nwork = n;
}

/* qsort comparator for int32 day numbers. */
static int
PeCmpDay(const void *a, const void *b)
{
	int32		x = *(const int32 *) a;
	int32		y = *(const int32 *) b;

	return (x > y) - (x < y);
}

/* Sorts and de-duplicates a copy of days[0..n-1]; returns the new length. */
static int
PeSortedUnique(const int32 *days, int n, int32 **out)
{
	int32	   *v = palloc(sizeof(int32) * (n > 0 ? n : 1));
	int			m = 0;

	if (n > 0)
		memcpy(v, days, sizeof(int32) * n);
	qsort(v, n, sizeof(int32), PeCmpDay);
	for (int i = 0; i < n; i++)
		if (m == 0 || v[m - 1] != v[i])
			v[m++] = v[i];
	*out = v;
	return m;
}

/*
 * Sets cal's exceptions (sorted, with prefix counts) from holiday and
 * workday lists: a holiday on a working weekday counts -1, a workday on a
 * day off +1, anything else changes nothing (as in Excel).  Days outside
 * [lo, hi] are ignored.  Raises 22023 when a day is in both lists.
 */
void
pe_cal_set_exceptions(PeCal *cal, const int32 *holidays, int nhol,
					  const int32 *workdays, int nwd, int64 lo, int64 hi)
{
	int32	   *h,
			   *w;
	int			nh = PeSortedUnique(holidays, nhol, &h);
	int			nw = PeSortedUnique(workdays, nwd, &w);
	int			i = 0,
				j = 0,
				n = 0;
	int32	   *exc = palloc(sizeof(int32) * (nh + nw + 1));
	int32	   *prefix = palloc(sizeof(int32) * (nh + nw + 1));
	int32		sum = 0;

	prefix[0] = 0;
	while (i < nh || j < nw)
	{
		int32		d;
		int			delta;

		if (i < nh && j < nw && h[i] == w[j])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("day %s is both a holiday and a workday",
							pe_cal_day_text(h[i])),
					 errhint("List each day in holidays or in workdays, not in both.")));
		if (j >= nw || (i < nh && h[i] < w[j]))
		{
			d = h[i++];
			delta = cal->mask[pe_weekday(d)] ? -1 : 0;
		}
		else
		{
			d = w[j++];
			delta = cal->mask[pe_weekday(d)] ? 0 : 1;
		}
		if (delta == 0 || (int64) d < lo || (int64) d > hi)
			continue;
		exc[n++] = d;
		sum += delta;
		prefix[n] = sum;
	}
	pfree(h);
	pfree(w);
	cal->nexc = n;
	cal->exc = exc;
	cal->prefix = prefix;
}

/* Longest valid_from..valid_to range compiled densely (about 550 years). */
#define PE_DENSE_MAX_DAYS 200000

/*
 * Adds the dense form to a bounded calendar: a cumulative count per day and
 * the list of working days, so rank and select are one array access each
 * (handbook "Working days"; the fast path of every deadline).
 */
void
pe_cal_make_dense(PeCal *cal)
{
	int64		n = (int64) cal->valid_to - cal->valid_from + 1;
	int32		total = 0;

	cal->ndays = 0;
	cal->nworkdays = 0;
	if (!cal->bounded || n > PE_DENSE_MAX_DAYS)
		return;
	cal->rank0 = pe_cal_rank(cal, cal->valid_from);
	cal->cum = palloc(sizeof(int32) * (n + 1));
	cal->work = palloc(sizeof(int32) * (n + 1));
	for (int64 i = 0; i < n; i++)
	{
		int64		d = (int64) cal->valid_from + i;

		cal->cum[i] = total;
		if (pe_cal_is_work(cal, d))
			cal->work[total++] = (int32) d;
	}
	cal->cum[n] = total;
	cal->nworkdays = total;
	cal->ndays = (int32) n;
}

/* Looks up the OIDs of perfeval.calendar and perfeval.calendar_day. */
static void
PeCalFindRelids(void)
{
	Oid			nsp = get_namespace_oid("perfeval", true);

	if (OidIsValid(nsp))
	{
		PeCalendarRelid = get_relname_relid("calendar", nsp);
		PeCalendarDayRelid = get_relname_relid("calendar_day", nsp);
	}
}

/*
 * Reads calendar name from the tables and compiles it into a new PeCal in
 * its own memory context (returned in *cxtp).  Raises 42704 if unknown.
 */
static PeCal *
PeCalCompile(const char *name, MemoryContext *cxtp)
{
	static const char *const q_cal =
		"SELECT (SELECT pg_catalog.string_agg(CASE WHEN i OPERATOR(pg_catalog.=) ANY (c.working_weekdays)"
		" THEN '1' ELSE '0' END, '' ORDER BY i) FROM pg_catalog.generate_series(1, 7) AS i),"
		" c.time_zone, c.valid_from, c.valid_to,"
		" COALESCE(c.official_to, c.valid_to)"
		" FROM perfeval.calendar AS c WHERE c.name OPERATOR(pg_catalog.=) $1";
	static const char *const q_day =
		"SELECT d.day, d.kind OPERATOR(pg_catalog.=) 'workday'"
		" FROM perfeval.calendar_day AS d"
		" WHERE d.calendar OPERATOR(pg_catalog.=) $1"
		" AND d.day OPERATOR(pg_catalog.>=) $2 AND d.day OPERATOR(pg_catalog.<=) $3";
	Oid			argtypes[3] = {TEXTOID, DATEOID, DATEOID};
	Datum		values[3];
	Snapshot	snap = InvalidSnapshot;
	SPIPlanPtr	plan;
	bool		found = false;
	bool		isnull;
	char	   *maskstr = NULL;
	char	   *tz = NULL;
	DateADT		vfrom = 0,
				vto = 0,
				vofficial = 0;
	int32	   *hol = NULL,
			   *wd = NULL;
	int			nhol = 0,
				nwd = 0;
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext cxt;
	PeCal	   *cal;
	int8		mask[7];

	if (!IsInParallelMode())
		snap = RegisterSnapshot(GetLatestSnapshot());
	else
		PeCalXactLocal = true;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	values[0] = CStringGetTextDatum(name);
	plan = SPI_prepare(q_cal, 1, argtypes);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_execute_snapshot(plan, values, NULL, snap, InvalidSnapshot,
							 true, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading perfeval.calendar failed");
	if (SPI_processed == 1)
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		MemoryContext spicxt = MemoryContextSwitchTo(caller);

		found = true;
		maskstr = TextDatumGetCString(SPI_getbinval(tup, desc, 1, &isnull));
		tz = TextDatumGetCString(SPI_getbinval(tup, desc, 2, &isnull));
		vfrom = DatumGetDateADT(SPI_getbinval(tup, desc, 3, &isnull));
		vto = DatumGetDateADT(SPI_getbinval(tup, desc, 4, &isnull));
		vofficial = DatumGetDateADT(SPI_getbinval(tup, desc, 5, &isnull));
		MemoryContextSwitchTo(spicxt);
	}
	if (found)
	{
		values[1] = DateADTGetDatum(vfrom);
		values[2] = DateADTGetDatum(vto);
		plan = SPI_prepare(q_day, 3, argtypes);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (SPI_execute_snapshot(plan, values, NULL, snap, InvalidSnapshot,
								 true, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "reading perfeval.calendar_day failed");
		hol = MemoryContextAlloc(caller, sizeof(int32) * (SPI_processed + 1));
		wd = MemoryContextAlloc(caller, sizeof(int32) * (SPI_processed + 1));
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			DateADT		day = DatumGetDateADT(SPI_getbinval(tup, desc, 1, &isnull));
			bool		isw = DatumGetBool(SPI_getbinval(tup, desc, 2, &isnull));

			if (isw)
				wd[nwd++] = day;
			else
				hol[nhol++] = day;
		}
	}
	SPI_finish();
	if (snap != InvalidSnapshot)
		UnregisterSnapshot(snap);

	if (!found)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("calendar \"%s\" does not exist", name),
				 errhint("Add it to perfeval.calendar, or use the shipped calendar \"cn\".")));

	PeCalFindRelids();
	/* built under the caller's context, kept only once complete */
	cxt = AllocSetContextCreate(caller, "perfeval calendar",
								ALLOCSET_SMALL_SIZES);
	MemoryContextSwitchTo(cxt);
	cal = palloc0(sizeof(PeCal));
	for (int j = 0; j < 7; j++)
		mask[j] = (maskstr[j] == '1') ? 1 : 0;
	pe_cal_set_week(cal, mask);
	pe_cal_set_exceptions(cal, hol, nhol, wd, nwd, vfrom, vto);
	cal->bounded = true;
	cal->valid_from = vfrom;
	cal->valid_to = vto;
	cal->official_to = vofficial;
	cal->projected = vofficial < vto;
	cal->name = pstrdup(name);
	cal->time_zone = pstrdup(tz);
	pe_cal_make_dense(cal);
	MemoryContextSetParent(cxt, TopMemoryContext);
	MemoryContextSwitchTo(caller);
	*cxtp = cxt;
	return cal;
}

/*
 * Slow path of pe_cal_get: finds the calendar in the backend cache, or
 * compiles it, and records it in fn_extra for this call site.
 */
const PeCal *
pe_cal_get_slow(FunctionCallInfo fcinfo, text *name)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	PeCalRef   *ref = (PeCalRef *) flinfo->fn_extra;
	int			len = VARSIZE_ANY_EXHDR(name);
	char	   *cname = text_to_cstring(name);
	PeCalEntry *e;
	uint64		gen;

	if (!PeCalCallbacksDone)
	{
		CacheRegisterRelcacheCallback(PeCalRelcacheCallback, (Datum) 0);
		RegisterXactCallback(PeCalXactCallback, NULL);
		PeCalCallbacksDone = true;
	}

	/*
	 * A new call site (the first call of a statement) takes in the
	 * invalidations other sessions have committed since, so a committed
	 * change is seen by the next statement even inside an open transaction
	 * that locks no table.
	 */
	if (ref == NULL)
		AcceptInvalidationMessages();

	for (e = PeCalCache; e != NULL; e = e->next)
		if (strcmp(e->name, cname) == 0)
			break;

	gen = pe_cal_generation;
	if (e == NULL || e->generation != gen)
	{
		MemoryContext cxt;
		PeCal	   *cal = PeCalCompile(cname, &cxt);

		if (e == NULL)
		{
			e = MemoryContextAllocZero(TopMemoryContext, sizeof(PeCalEntry));
			e->name = MemoryContextStrdup(TopMemoryContext, cname);
			e->next = PeCalCache;
			PeCalCache = e;
		}
		else if (e->cxt != NULL)
			MemoryContextDelete(e->cxt);
		e->cxt = cxt;
		e->cal = cal;
		/* an invalidation seen while compiling leaves the entry stale */
		e->generation = gen;
	}

	if (ref == NULL || ref->namecap < len)
	{
		int			cap = Max(len, 32);

		ref = MemoryContextAlloc(flinfo->fn_mcxt, offsetof(PeCalRef, name) + cap);
		ref->namecap = cap;
		flinfo->fn_extra = ref;
	}
	ref->generation = e->generation;
	ref->cal = e->cal;
	ref->namelen = len;
	memcpy(ref->name, VARDATA_ANY(name), len);
	pfree(cname);
	return e->cal;
}

/*
 * Trigger (statement level, AFTER INSERT/UPDATE/DELETE/TRUNCATE on the
 * calendar tables): queues a relcache invalidation of the table, which every
 * backend receives when the change commits (and never if it rolls back), so
 * their compiled calendars are rebuilt on the next call.
 */
Datum
pe_calendar_invalidate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("perfeval.calendar_invalidate() must be called as a trigger")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}

/*
 * is_projected(day, calendar): true if day lies after the calendar's
 * official data (official_to), so that its working-day status is a
 * projection of the statutory holidays; 22008 outside valid_from..valid_to
 * as every calendar function.  Gives no WARNING: it is the question itself.
 */
Datum
pe_is_projected(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	const PeCal *cal = pe_cal_get(fcinfo, PG_GETARG_TEXT_PP(1));

	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("day must be a finite date"),
				 errhint("Pass a real day, not infinity or -infinity.")));
	if ((int64) d < (int64) cal->valid_from || (int64) d > (int64) cal->valid_to)
		pe_cal_range_error(cal, d, d);
	PG_RETURN_BOOL(cal->projected && d > cal->official_to);
}
