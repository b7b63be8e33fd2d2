/*
 * events.c — the indicators of contact events as aggregates (issue 13):
 * average elapsed time (H-2.3.1 response, H-2.3.3 handling), ratios of
 * counted events (H-2.4.2 complaint rate, H-2.4.4 win-back rate) and the
 * repeat-contact rate (H-2.4.3).  The business-time forms (work_time and
 * the survey reply rate of H-2.3.2) are in workhours.c beside the clock.
 *
 * Fixed-size states are int8[2] arrays {count, sum} updated in place inside
 * an aggregate (as PostgreSQL's float8_accum): exact integer sums, so the
 * answer is the same whatever the plan splits (parallel workers, Citus
 * worker_partial_agg / coord_combine_agg).  The repeat-contact state is
 * internal (a list of customer hashes and instants) with combine, serialize
 * and deserialize functions.
 */
#include "perfeval.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(pe_elapsed_accum);
PG_FUNCTION_INFO_V1(pe_ratio_accum);
PG_FUNCTION_INFO_V1(pe_pair_combine);
PG_FUNCTION_INFO_V1(pe_avg_seconds_final);
PG_FUNCTION_INFO_V1(pe_ratio_final);
PG_FUNCTION_INFO_V1(pe_repeat_accum);
PG_FUNCTION_INFO_V1(pe_repeat_combine);
PG_FUNCTION_INFO_V1(pe_repeat_serial);
PG_FUNCTION_INFO_V1(pe_repeat_deserial);
PG_FUNCTION_INFO_V1(pe_repeat_final);

/*
 * Returns the {count, sum} of an int8[2] state argument, writable: in place
 * inside an aggregate, else a copy.  22023 for anything else (the state
 * functions can be called directly with any array).
 */
static int64 *
PairState(FunctionCallInfo fcinfo, int argno, ArrayType **out)
{
	ArrayType  *arr;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("state must not be NULL"),
				 errhint("The state functions are meant for perfeval's event aggregates; call the aggregate.")));
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(arr) != 1 || ARR_DIMS(arr)[0] != 2 || ARR_HASNULL(arr) ||
		ARR_ELEMTYPE(arr) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("state must be a bigint array of 2 elements"),
				 errhint("The state functions are meant for perfeval's event aggregates; call the aggregate.")));
	if (!AggCheckCallContext(fcinfo, NULL))
		arr = DatumGetArrayTypePCopy(PG_GETARG_DATUM(argno));
	*out = arr;
	return (int64 *) pe_array_data(arr);
}

/* Adds x to *sum, raising 22003 on overflow. */
static inline void
PairAdd(int64 *sum, int64 x)
{
	if (unlikely(pg_add_s64_overflow(*sum, x, sum)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum of elapsed times out of range"),
				 errhint("Aggregate fewer or shorter events per group.")));
}

/*
 * Transition of avg_elapsed(since, until): one more event whose elapsed
 * time is until - since (STRICT: an event without an until, e.g. never
 * answered, does not count).  Infinite instants raise 22008.
 */
Datum
pe_elapsed_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *st = PairState(fcinfo, 0, &arr);
	TimestampTz a = PG_GETARG_TIMESTAMPTZ(1);
	TimestampTz b = PG_GETARG_TIMESTAMPTZ(2);
	int64		d;

	if (TIMESTAMP_NOT_FINITE(a) || TIMESTAMP_NOT_FINITE(b))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("event times must be finite"),
				 errhint("Quarantine events with infinite times before deriving (perfeval.load_events does).")));
	if (unlikely(pg_sub_s64_overflow(b, a, &d)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("elapsed time out of range")));
	st[0]++;
	PairAdd(&st[1], d);
	PG_RETURN_ARRAYTYPE_P(arr);
}

/*
 * Transition of ratio(hit, counted): counts the rows where counted is true
 * (the denominator) and those where hit is true (the numerator); NULL is
 * false (H-2.4.2 complaints per contact, H-2.4.4 won back per churn risk).
 */
Datum
pe_ratio_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *st = PairState(fcinfo, 0, &arr);

	if (!PG_ARGISNULL(2) && PG_GETARG_BOOL(2))
		st[0]++;
	if (!PG_ARGISNULL(1) && PG_GETARG_BOOL(1))
		st[1]++;
	PG_RETURN_ARRAYTYPE_P(arr);
}

/* Combine of the {count, sum} states: adds them (either side may be empty). */
Datum
pe_pair_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	ArrayType  *other;
	int64	   *st = PairState(fcinfo, 0, &arr);
	int64	   *o = PairState(fcinfo, 1, &other);

	PairAdd(&st[0], o[0]);
	PairAdd(&st[1], o[1]);
	PG_RETURN_ARRAYTYPE_P(arr);
}

/* Final of avg_elapsed: the mean in seconds, NULL without events. */
Datum
pe_avg_seconds_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *st = PairState(fcinfo, 0, &arr);

	if (st[0] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(((float8) st[1] / (float8) st[0]) / (float8) USECS_PER_SEC);
}

/* Final of ratio: hits / counted, NULL when nothing was counted. */
Datum
pe_ratio_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *st = PairState(fcinfo, 0, &arr);

	if (st[0] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((float8) st[1] / (float8) st[0]);
}

/* ---------------------------------------------------------------------
 * repeat_rate(customer text, at timestamptz, counted boolean, window interval)
 * --------------------------------------------------------------------- */

/* One contact: its customer (hashed) and when it came in. */
typedef struct RepeatItem
{
	uint64		customer;
	int64		at;
	bool		counted;
} RepeatItem;

/* The internal state: every contact seen, and the window. */
typedef struct RepeatState
{
	int64		window;			/* microseconds; -1 until the first row */
	int64		n;
	int64		cap;
	RepeatItem *items;
} RepeatState;

#define REPEAT_MAX_ITEMS ((int64) (MaxAllocHugeSize / sizeof(RepeatItem)) / 2)

/* Returns a new empty state in the aggregate context. */
static RepeatState *
RepeatNew(MemoryContext cxt)
{
	RepeatState *s = MemoryContextAllocZero(cxt, sizeof(RepeatState));

	s->window = -1;
	return s;
}

/* Makes room for one more item (doubling; huge allocations allowed). */
static void
RepeatGrow(RepeatState *s, MemoryContext cxt, int64 need)
{
	int64		cap;

	if (s->n + need <= s->cap)
		return;
	if (s->n + need > REPEAT_MAX_ITEMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many contacts in one repeat_rate group"),
				 errhint("Group by agent and month.")));
	cap = Max(Max(s->cap * 2, 64), s->n + need);
	if (s->items == NULL)
		s->items = MemoryContextAllocHuge(cxt, sizeof(RepeatItem) * cap);
	else
		s->items = repalloc_huge(s->items, sizeof(RepeatItem) * cap);
	s->cap = cap;
}

/* Returns the window in microseconds of an interval of days and hours (no months). */
static int64
RepeatWindow(const Interval *w)
{
	int64		us;

	if (w->month != 0 || w->day < 0 || w->time < 0 ||
		pg_mul_s64_overflow((int64) w->day, USECS_PER_DAY, &us) ||
		pg_add_s64_overflow(us, w->time, &us))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat window must be a non-negative interval of days and hours"),
				 errhint("Write e.g. interval '7 days'; months are not a fixed length.")));
	return us;
}

/*
 * Transition of repeat_rate: records one contact of a customer (rows with a
 * NULL customer or instant do not count).  counted marks the contacts of
 * the measured month; the others (the days after it) only serve as repeats.
 */
Datum
pe_repeat_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	RepeatState *s;
	text	   *cust;
	TimestampTz at;
	int64		w;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("repeat_rate state functions must be called by the aggregate"),
				 errhint("Call perfeval.repeat_rate(customer, at, counted, window).")));
	s = PG_ARGISNULL(0) ? RepeatNew(aggcxt) : (RepeatState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("repeat window must not be NULL"),
				 errhint("Write e.g. interval '7 days'.")));
	w = RepeatWindow(PG_GETARG_INTERVAL_P(4));
	if (s->window >= 0 && s->window != w)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat window must be the same for every row of a group")));
	s->window = w;
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	cust = PG_GETARG_TEXT_PP(1);
	at = PG_GETARG_TIMESTAMPTZ(2);
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("event times must be finite"),
				 errhint("Quarantine events with infinite times before deriving (perfeval.load_events does).")));
	RepeatGrow(s, aggcxt, 1);
	s->items[s->n].customer = DatumGetUInt64(hash_any_extended((unsigned char *) VARDATA_ANY(cust),
															   VARSIZE_ANY_EXHDR(cust), 0x13));
	s->items[s->n].at = at;
	s->items[s->n].counted = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	s->n++;
	PG_RETURN_POINTER(s);
}

/* Combine of repeat_rate: the union of the two lists. */
Datum
pe_repeat_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	RepeatState *a;
	RepeatState *b;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("repeat_rate state functions must be called by the aggregate")));
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = (RepeatState *) PG_GETARG_POINTER(1);
	a = PG_ARGISNULL(0) ? RepeatNew(aggcxt) : (RepeatState *) PG_GETARG_POINTER(0);
	if (a->window >= 0 && b->window >= 0 && a->window != b->window)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat window must be the same for every row of a group")));
	if (b->window >= 0)
		a->window = b->window;
	if (b->n > 0)
	{
		RepeatGrow(a, aggcxt, b->n);
		memcpy(a->items + a->n, b->items, sizeof(RepeatItem) * b->n);
		a->n += b->n;
	}
	PG_RETURN_POINTER(a);
}

/* Serialize of repeat_rate: window, count, then (customer, at, counted) each. */
Datum
pe_repeat_serial(PG_FUNCTION_ARGS)
{
	RepeatState *s = (RepeatState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("repeat_rate state functions must be called by the aggregate")));
	pq_begintypsend(&buf);
	pq_sendint64(&buf, s->window);
	pq_sendint64(&buf, s->n);
	for (int64 i = 0; i < s->n; i++)
	{
		pq_sendint64(&buf, (int64) s->items[i].customer);
		pq_sendint64(&buf, s->items[i].at);
		pq_sendbyte(&buf, s->items[i].counted ? 1 : 0);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Deserialize of repeat_rate: checks the length, so a forged value gives 22023. */
Datum
pe_repeat_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *raw = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt;
	StringInfoData buf;
	RepeatState *s;
	int64		n;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("repeat_rate state functions must be called by the aggregate")));
	buf.data = VARDATA_ANY(raw);
	buf.len = VARSIZE_ANY_EXHDR(raw);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < 16)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid repeat_rate state")));
	s = RepeatNew(aggcxt);
	s->window = pq_getmsgint64(&buf);
	n = pq_getmsgint64(&buf);
	if (n < 0 || n > REPEAT_MAX_ITEMS || (int64) buf.len - 16 != n * 17)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid repeat_rate state")));
	RepeatGrow(s, aggcxt, n);
	for (int64 i = 0; i < n; i++)
	{
		s->items[i].customer = (uint64) pq_getmsgint64(&buf);
		s->items[i].at = pq_getmsgint64(&buf);
		s->items[i].counted = pq_getmsgbyte(&buf) != 0;
	}
	s->n = n;
	PG_RETURN_POINTER(s);
}

/* qsort order of contacts: customer, then instant, then counted first. */
static int
RepeatCmp(const void *x, const void *y)
{
	const RepeatItem *a = x;
	const RepeatItem *b = y;

	if (a->customer != b->customer)
		return a->customer < b->customer ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return (int) b->counted - (int) a->counted;
}

/*
 * Final of repeat_rate (H-2.4.3): of the counted contacts, the share whose
 * customer came back (a later contact, or one at the same instant listed
 * after it) within the window; NULL without counted contacts.
 */
Datum
pe_repeat_final(PG_FUNCTION_ARGS)
{
	RepeatState *s;
	int64		counted = 0,
				repeated = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (RepeatState *) PG_GETARG_POINTER(0);
	if (s->n > 1)
		qsort(s->items, s->n, sizeof(RepeatItem), RepeatCmp);
	for (int64 i = 0; i < s->n; i++)
	{
		if (!s->items[i].counted)
			continue;
		counted++;
		if (i + 1 < s->n && s->items[i + 1].customer == s->items[i].customer &&
			s->items[i + 1].at - s->items[i].at <= s->window)
			repeated++;
	}
	if (counted == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((float8) repeated / (float8) counted);
}
