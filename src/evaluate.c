/*
 * evaluate.c — the evaluation core's arithmetic (H-3.2.3, H-5.1): an
 * indicator score rounded to 4 decimals exactly as
 * round(score::numeric, 4) rounds it, without the float-to-text trip, and
 * the aggregate of one agent's four dimension subtotals and measured total
 * in one pass, in exact scaled-integer arithmetic (scores in units of
 * 0.0001, weights in basis points), equal to
 * round(sum(weight * score) / sum(weight), 4) in numeric; and (1.1) one
 * agent's whole month in one pass: those subtotals with the indicator
 * arrays a result stores (month_detail).
 */
#include "perfeval.h"

#include "access/htup_details.h"
#include "access/tupmacs.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/numeric.h"

PG_FUNCTION_INFO_V1(pe_score4);
PG_FUNCTION_INFO_V1(pe_subtotals_accum);
PG_FUNCTION_INFO_V1(pe_subtotals_combine);
PG_FUNCTION_INFO_V1(pe_subtotals_final);

/*
 * The subtotals state, an int8[15]: per slot (attitude, capability,
 * efficiency, satisfaction, all) the sum of weight * score (score in units
 * of 0.0001), the sum of weights, and the number of rows with a score.
 */
#define ST_NDIM		5
#define ST_ALL		4
#define ST_NSLOTS	(3 * ST_NDIM)
#define ST_NUM(d)	(3 * (d))
#define ST_DEN(d)	(3 * (d) + 1)
#define ST_CNT(d)	(3 * (d) + 2)

/* Largest score the aggregate accepts, in units of 0.0001. */
#define ST_MAX_SCORE 1000000

/*
 * Returns round(v::numeric, 4) * 10000 as an integer when v is a plain
 * score (|v| < 1000) whose fourth decimal is not on a tie; false otherwise.
 * float8_numeric prints 15 significant digits, which moves a value below
 * 1000 by less than 1e-12, and v * 10000 is exact to about 1e-12 too: only
 * a fraction within 1e-6 of one half can round differently, and those take
 * the exact path.
 */
static bool
Score4Fast(float8 v, int64 *scaled)
{
	float8		a,
				t,
				fl,
				frac;
	int64		r;

	if (!(v > -1000.0 && v < 1000.0))	/* also false for NaN */
		return false;
	a = fabs(v);
	t = a * 10000.0;
	fl = floor(t);
	frac = t - fl;
	if (fabs(frac - 0.5) < 1e-6)
		return false;
	r = (int64) fl + (frac > 0.5 ? 1 : 0);
	*scaled = v < 0 ? -r : r;
	return true;
}

/* Returns round(v::numeric, 4) the slow, reference way. */
static Numeric
Score4Exact(float8 v)
{
	Datum		n = DirectFunctionCall1(float8_numeric, Float8GetDatum(v));

	return DatumGetNumeric(DirectFunctionCall2(numeric_round, n, Int32GetDatum(4)));
}

/*
 * score4(score): round(score::numeric, 4), the 4-decimal indicator score
 * stored and summed by evaluate (H-3.2.3), the same digits without the
 * float-to-text conversion.
 */
Datum
pe_score4(PG_FUNCTION_ARGS)
{
	float8		v = PG_GETARG_FLOAT8(0);
	int64		scaled;

	if (Score4Fast(v, &scaled))
		PG_RETURN_NUMERIC(int64_div_fast_to_numeric(scaled, 4));
	PG_RETURN_NUMERIC(Score4Exact(v));
}

/*
 * Returns score4(v) in units of 0.0001 for a 0-100 score, 22023 for any
 * other value (NaN, infinities, out of range).
 */
static int64
Score4Scaled(float8 v)
{
	int64		sc;

	if (!Score4Fast(v, &sc))
	{
		if (isnan(v) || v < 0.0 || v > 100.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("score %s is out of range", float8out_internal(v)),
					 errdetail("Scores are between 0 and 100."),
					 errhint("Pass the result of perfeval.normalize or perfeval.normalize_piecewise.")));
		sc = DatumGetInt64(DirectFunctionCall1(numeric_int8,
											   DirectFunctionCall2(numeric_mul,
																   NumericGetDatum(Score4Exact(v)),
																   NumericGetDatum(int64_to_numeric(10000)))));
	}
	if (sc < 0 || sc > ST_MAX_SCORE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score %s is out of range", float8out_internal(v)),
				 errdetail("Scores are between 0 and 100."),
				 errhint("Pass the result of perfeval.normalize or perfeval.normalize_piecewise.")));
	return sc;
}

/* Returns the state array's slots after checking its shape (22023). */
static int64 *
SubtotalsState(ArrayType *st, const char *argname)
{
	if (ARR_NDIM(st) != 1 || ARR_DIMS(st)[0] != ST_NSLOTS || ARR_HASNULL(st)
		|| ARR_ELEMTYPE(st) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is not a dimension_subtotals state", argname),
				 errdetail("The state is a one-dimensional bigint array of %d elements without NULLs.", ST_NSLOTS),
				 errhint("Call the aggregate perfeval.dimension_subtotals instead of its support functions.")));
	return (int64 *) pe_array_data(st);
}

/* Raises 22023 unless w is a weight in basis points (0-10000). */
static void
CheckWeight(int32 w)
{
	if (w < 0 || w > 10000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight %d is out of range", w),
				 errdetail("Weights are basis points between 0 and 10000."),
				 errhint("Pass scheme_item.weight_bp.")));
}

/* Adds b to *a, raising 22003 on overflow. */
static inline void
SubtotalsAdd(int64 *a, int64 b)
{
	if (unlikely(pg_add_s64_overflow(*a, b, a)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("dimension subtotals out of range"),
				 errhint("Aggregate fewer rows per group.")));
}

/* Returns the slot of a dimension name, or -1 for NULL or another name. */
static int
DimensionSlot(text *dim)
{
	const char *s = VARDATA_ANY(dim);
	int			len = VARSIZE_ANY_EXHDR(dim);

	if (len == 8 && memcmp(s, "attitude", 8) == 0)
		return 0;
	if (len == 10 && memcmp(s, "capability", 10) == 0)
		return 1;
	if (len == 10 && memcmp(s, "efficiency", 10) == 0)
		return 2;
	if (len == 12 && memcmp(s, "satisfaction", 12) == 0)
		return 3;
	return -1;
}

/*
 * dimension_subtotals transition: adds one indicator row (dimension,
 * weight in basis points, 0-100 score rounded as score4) to its dimension
 * and to the total; a NULL score keeps its weight in the denominator, as
 * sum(weight * score) / sum(weight) does; a NULL weight drops the row.
 * Updates the state in place inside an aggregate (no palloc per row).
 */
Datum
pe_subtotals_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *st;
	int64	   *s;
	int			slots[2];
	int			nslots = 0;
	int32		w;
	int64		sc = 0;
	bool		has_score = !PG_ARGISNULL(3);

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("state must not be null"),
				 errhint("Call the aggregate perfeval.dimension_subtotals instead of its support functions.")));
	if (AggCheckCallContext(fcinfo, NULL))
		st = PG_GETARG_ARRAYTYPE_P(0);
	else
		st = PG_GETARG_ARRAYTYPE_P_COPY(0);
	s = SubtotalsState(st, "state");

	if (PG_ARGISNULL(2))
		PG_RETURN_ARRAYTYPE_P(st);
	w = PG_GETARG_INT32(2);
	CheckWeight(w);
	if (has_score)
		sc = Score4Scaled(PG_GETARG_FLOAT8(3));

	if (!PG_ARGISNULL(1))
	{
		int			d = DimensionSlot(PG_GETARG_TEXT_PP(1));

		if (d >= 0)
			slots[nslots++] = d;
	}
	slots[nslots++] = ST_ALL;

	for (int i = 0; i < nslots; i++)
	{
		int			d = slots[i];

		SubtotalsAdd(&s[ST_DEN(d)], w);
		if (has_score)
		{
			SubtotalsAdd(&s[ST_NUM(d)], (int64) w * sc);
			SubtotalsAdd(&s[ST_CNT(d)], 1);
		}
	}
	PG_RETURN_ARRAYTYPE_P(st);
}

/* dimension_subtotals combine: adds two partial states (parallel query). */
Datum
pe_subtotals_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a;
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	int64	   *sa;
	int64	   *sb;

	if (AggCheckCallContext(fcinfo, NULL))
		a = PG_GETARG_ARRAYTYPE_P(0);
	else
		a = PG_GETARG_ARRAYTYPE_P_COPY(0);
	sa = SubtotalsState(a, "state");
	sb = SubtotalsState(b, "state");
	for (int i = 0; i < ST_NSLOTS; i++)
		SubtotalsAdd(&sa[i], sb[i]);
	PG_RETURN_ARRAYTYPE_P(a);
}

/*
 * Sets out[0..4] to the rounded subtotals of the slots s (nulls[d] where a
 * slot has no score or no weight), as dimension_subtotals' final returns
 * them.
 */
static void
SubtotalsResult(const int64 *s, Datum *out, bool *nulls)
{
	for (int d = 0; d < ST_NDIM; d++)
	{
		int64		num = s[ST_NUM(d)];
		int64		den = s[ST_DEN(d)];

		if (den <= 0 || s[ST_CNT(d)] == 0 || num < 0)
		{
			nulls[d] = true;
			out[d] = (Datum) 0;
			continue;
		}
		nulls[d] = false;
		/* round(num / den) half up; num < 2^62 keeps 2 * num in range */
		out[d] = NumericGetDatum(int64_div_fast_to_numeric(num / den + ((num % den) * 2 >= den ? 1 : 0), 4));
	}
}

/*
 * dimension_subtotals final: numeric[5] = attitude, capability, efficiency,
 * satisfaction, measured total, each round(sum(w * s) / sum(w), 4) (half
 * away from zero, as numeric rounds), NULL where no score or no weight.
 * The exact quotient is N / D with D <= 10000 * rows, whose fraction is
 * never within 1 / (2D) of a tie unless it is one, so integer rounding of
 * the scaled sums equals numeric's rounding of its 16-digit quotient.
 */
Datum
pe_subtotals_final(PG_FUNCTION_ARGS)
{
	ArrayType  *st = PG_GETARG_ARRAYTYPE_P(0);
	int64	   *s = SubtotalsState(st, "state");
	Datum		out[ST_NDIM];
	bool		nulls[ST_NDIM];
	int			dims[1] = {ST_NDIM};
	int			lbs[1] = {1};

	SubtotalsResult(s, out, nulls);
	PG_RETURN_ARRAYTYPE_P(construct_md_array(out, nulls, 1, dims, lbs, NUMERICOID, -1, false, TYPALIGN_INT));
}

/*
 * month_detail(indicator_id, dimension, weight_bp, raw_value, score,
 * failed): one agent's month in one pass (1.1, issue 11), what evaluate
 * stores of it (H-3.2.3, H-5.1): the four dimension subtotals and the
 * measured total as dimension_subtotals gives them, bool_or(failed),
 * count(*), and the indicator arrays (ids, raw values, score4 of the
 * scores, weights, failures) in ascending indicator order.  The rows may
 * come in any order (the arrays are sorted at the end and the sums are
 * exact integers), so a hash aggregate needs no sort of the month's
 * measurements; an indicator given twice is 21000, a NULL id 22004.  A
 * NULL weight keeps the row in the arrays and out of the subtotals; a NULL
 * score keeps its weight in the denominator (as dimension_subtotals).
 */
PG_FUNCTION_INFO_V1(pe_month_detail_accum);
PG_FUNCTION_INFO_V1(pe_month_detail_combine);
PG_FUNCTION_INFO_V1(pe_month_detail_serialize);
PG_FUNCTION_INFO_V1(pe_month_detail_deserialize);
PG_FUNCTION_INFO_V1(pe_month_detail_final);

/* One indicator row of a month_detail state. */
typedef struct MonthEntry
{
	int64		score;			/* score4 in units of 0.0001, if has_score */
	float8		raw;			/* if has_raw */
	int32		id;
	int32		weight;			/* if has_weight */
	int8		dim;			/* DimensionSlot, -1 for none */
	uint8		flags;			/* ME_* */
} MonthEntry;

#define ME_HAS_SCORE	0x01
#define ME_HAS_RAW		0x02
#define ME_HAS_WEIGHT	0x04
#define ME_HAS_FAILED	0x08
#define ME_FAILED		0x10
#define ME_ALL_FLAGS	0x1F

/* Bytes of one serialized entry: score, raw, id, weight, dim, flags. */
#define ME_WIRE_BYTES	(8 + 8 + 4 + 4 + 1 + 1)

typedef struct MonthState
{
	int			n;
	int			cap;
	MonthEntry *e;
} MonthState;

/* Raises 0A000 for a support function called outside an aggregate. */
static void
MonthNotAgg(const char *fn)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s called in non-aggregate context", fn),
			 errhint("Call the aggregate perfeval.month_detail instead.")));
}

/* A new, empty state in aggcontext. */
static MonthState *
MonthNew(MemoryContext aggcontext, int cap)
{
	MonthState *st = (MonthState *) MemoryContextAlloc(aggcontext, sizeof(MonthState));

	st->n = 0;
	st->cap = Max(cap, 16);
	st->e = (MonthEntry *) MemoryContextAlloc(aggcontext, st->cap * sizeof(MonthEntry));
	return st;
}

/* Returns room for k more entries (54000 beyond PE_MAX_ARRAY_LEN rows). */
static MonthEntry *
MonthReserve(MonthState *st, int k)
{
	if (k > PE_MAX_ARRAY_LEN - st->n)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("month_detail takes at most %d indicator rows per group", PE_MAX_ARRAY_LEN),
				 errhint("Group the rows by agent and period.")));
	if (st->n + k > st->cap)
	{
		int			cap = st->cap;

		while (cap < st->n + k)
			cap = Min(cap * 2, PE_MAX_ARRAY_LEN);
		/* repalloc keeps the aggregate's context */
		st->e = (MonthEntry *) repalloc(st->e, cap * sizeof(MonthEntry));
		st->cap = cap;
	}
	return &st->e[st->n];
}

/* month_detail transition: adds one indicator row. */
Datum
pe_month_detail_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	MonthState *st;
	MonthEntry *e;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		MonthNotAgg("month_detail_accum");
	st = PG_ARGISNULL(0) ? MonthNew(aggcontext, 16) : (MonthState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("indicator_id must not be null"),
				 errhint("Pass the measurement's indicator_id.")));
	e = MonthReserve(st, 1);
	e->id = PG_GETARG_INT32(1);
	e->flags = 0;
	e->dim = PG_ARGISNULL(2) ? -1 : (int8) DimensionSlot(PG_GETARG_TEXT_PP(2));
	e->weight = 0;
	if (!PG_ARGISNULL(3))
	{
		e->weight = PG_GETARG_INT32(3);
		CheckWeight(e->weight);
		e->flags |= ME_HAS_WEIGHT;
	}
	e->raw = 0.0;
	if (!PG_ARGISNULL(4))
	{
		e->raw = PG_GETARG_FLOAT8(4);
		e->flags |= ME_HAS_RAW;
	}
	e->score = 0;
	if (!PG_ARGISNULL(5))
	{
		e->score = Score4Scaled(PG_GETARG_FLOAT8(5));
		e->flags |= ME_HAS_SCORE;
	}
	if (!PG_ARGISNULL(6))
		e->flags |= ME_HAS_FAILED | (PG_GETARG_BOOL(6) ? ME_FAILED : 0);
	st->n++;
	PG_RETURN_POINTER(st);
}

/* month_detail combine: appends b's rows to a (partial aggregation). */
Datum
pe_month_detail_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	MonthState *a;
	MonthState *b;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		MonthNotAgg("month_detail_combine");
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0));
	b = (MonthState *) PG_GETARG_POINTER(1);
	a = PG_ARGISNULL(0) ? MonthNew(aggcontext, b->n) : (MonthState *) PG_GETARG_POINTER(0);
	if (b->n > 0)
		memcpy(MonthReserve(a, b->n), b->e, b->n * sizeof(MonthEntry));
	a->n += b->n;
	PG_RETURN_POINTER(a);
}

/* month_detail serialize: the row count, then each row's fields. */
Datum
pe_month_detail_serialize(PG_FUNCTION_ARGS)
{
	MonthState *st;
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, NULL))
		MonthNotAgg("month_detail_serialize");
	st = (MonthState *) PG_GETARG_POINTER(0);
	pq_begintypsend(&buf);
	pq_sendint32(&buf, st->n);
	for (int i = 0; i < st->n; i++)
	{
		MonthEntry *e = &st->e[i];

		pq_sendint64(&buf, e->score);
		pq_sendfloat8(&buf, e->raw);
		pq_sendint32(&buf, e->id);
		pq_sendint32(&buf, e->weight);
		pq_sendbyte(&buf, (uint8) e->dim);
		pq_sendbyte(&buf, e->flags);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Raises 22023 for bytes month_detail_serialize did not write. */
static void
MonthBadState(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid month_detail state"),
			 errdetail("%s", why),
			 errhint("Pass only bytes written by perfeval.month_detail_serialize.")));
}

/*
 * month_detail deserialize: the state serialize wrote; any other bytes
 * (a wrong length, an unknown dimension or flag, a weight or score out of
 * range) are 22023.
 */
Datum
pe_month_detail_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	MonthState *st;
	int32		n;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		MonthNotAgg("month_detail_deserialize");
	buf.data = VARDATA_ANY(b);
	buf.len = VARSIZE_ANY_EXHDR(b);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < 4)
		MonthBadState("The state is shorter than its row count.");
	n = pq_getmsgint(&buf, 4);
	if (n < 0 || n > PE_MAX_ARRAY_LEN || (int64) buf.len != 4 + (int64) n * ME_WIRE_BYTES)
		MonthBadState("The length does not match the row count.");
	st = MonthNew(aggcontext, n);
	for (int i = 0; i < n; i++)
	{
		MonthEntry *e = &st->e[i];

		e->score = pq_getmsgint64(&buf);
		e->raw = pq_getmsgfloat8(&buf);
		e->id = pq_getmsgint(&buf, 4);
		e->weight = pq_getmsgint(&buf, 4);
		e->dim = (int8) pq_getmsgbyte(&buf);
		e->flags = (uint8) pq_getmsgbyte(&buf);
		if ((e->flags & ~ME_ALL_FLAGS) != 0 || e->dim < -1 || e->dim >= ST_ALL
			|| e->weight < 0 || e->weight > 10000 || e->score < 0 || e->score > ST_MAX_SCORE)
			MonthBadState("A row holds a value month_detail never stores.");
	}
	st->n = n;
	PG_RETURN_POINTER(st);
}

/* qsort order of entries: by indicator id. */
static int
MonthEntryCmp(const void *a, const void *b)
{
	int32		x = ((const MonthEntry *) a)->id;
	int32		y = ((const MonthEntry *) b)->id;

	return (x > y) - (x < y);
}

#define MONTH_ROW_NATTS 12

/*
 * month_detail final: a perfeval.month_row.  Sorts a copy of the rows by
 * indicator (21000 for an indicator given twice), adds the subtotals in
 * exact integers (at most PE_MAX_ARRAY_LEN rows of weight 10^4 times score
 * 10^6: below 2^63) and builds the arrays.  Without rows: NULL subtotals
 * and failure, 0 rated, empty arrays.
 */
Datum
pe_month_detail_final(PG_FUNCTION_ARGS)
{
	MonthState *st = PG_ARGISNULL(0) ? NULL : (MonthState *) PG_GETARG_POINTER(0);
	TupleDesc	td = pe_final_tupdesc(fcinfo, MONTH_ROW_NATTS, "month_detail_final", "month_detail", "month_row");
	int			n = st != NULL ? st->n : 0;
	int64		s[ST_NSLOTS] = {0};
	Datum		values[MONTH_ROW_NATTS];
	bool		isnull[MONTH_ROW_NATTS] = {false};
	bool		failed_seen = false;
	bool		failed = false;
	MonthEntry *rows;
	int			dims[1] = {n};
	int			lbs[1] = {1};
	Datum	   *ids;
	Datum	   *raws;
	Datum	   *scores;
	Datum	   *weights;
	Datum	   *fails;
	bool	   *rawn;
	bool	   *scoren;
	bool	   *weightn;
	bool	   *failn;

	rows = st != NULL ? st->e : NULL;
	if (n > 1)
	{
		/* a sorted copy: the final function must not change the state */
		rows = (MonthEntry *) palloc(n * sizeof(MonthEntry));
		memcpy(rows, st->e, n * sizeof(MonthEntry));
		qsort(rows, n, sizeof(MonthEntry), MonthEntryCmp);
		for (int i = 1; i < n; i++)
			if (rows[i].id == rows[i - 1].id)
				ereport(ERROR,
						(errcode(ERRCODE_CARDINALITY_VIOLATION),
						 errmsg("indicator %d is given twice", rows[i].id),
						 errdetail("A group holds one row per indicator."),
						 errhint("Group the rows by agent and period.")));
	}
	ids = (Datum *) palloc(Max(n, 1) * sizeof(Datum));
	raws = (Datum *) palloc(Max(n, 1) * sizeof(Datum));
	scores = (Datum *) palloc(Max(n, 1) * sizeof(Datum));
	weights = (Datum *) palloc(Max(n, 1) * sizeof(Datum));
	fails = (Datum *) palloc(Max(n, 1) * sizeof(Datum));
	rawn = (bool *) palloc(Max(n, 1) * sizeof(bool));
	scoren = (bool *) palloc(Max(n, 1) * sizeof(bool));
	weightn = (bool *) palloc(Max(n, 1) * sizeof(bool));
	failn = (bool *) palloc(Max(n, 1) * sizeof(bool));
	for (int i = 0; i < n; i++)
	{
		MonthEntry *e = &rows[i];
		bool		has_score = (e->flags & ME_HAS_SCORE) != 0;

		ids[i] = Int32GetDatum(e->id);
		rawn[i] = (e->flags & ME_HAS_RAW) == 0;
		raws[i] = Float8GetDatum(e->raw);
		scoren[i] = !has_score;
		scores[i] = has_score ? NumericGetDatum(int64_div_fast_to_numeric(e->score, 4)) : (Datum) 0;
		weightn[i] = (e->flags & ME_HAS_WEIGHT) == 0;
		weights[i] = Int32GetDatum(e->weight);
		failn[i] = (e->flags & ME_HAS_FAILED) == 0;
		fails[i] = BoolGetDatum((e->flags & ME_FAILED) != 0);
		if (!failn[i])
		{
			failed_seen = true;
			failed = failed || (e->flags & ME_FAILED) != 0;
		}
		/* the subtotals, as dimension_subtotals adds them */
		if (!weightn[i])
		{
			int			slots[2];
			int			nslots = 0;

			if (e->dim >= 0)
				slots[nslots++] = e->dim;
			slots[nslots++] = ST_ALL;
			for (int k = 0; k < nslots; k++)
			{
				s[ST_DEN(slots[k])] += e->weight;
				if (has_score)
				{
					s[ST_NUM(slots[k])] += (int64) e->weight * e->score;
					s[ST_CNT(slots[k])] += 1;
				}
			}
		}
	}
	SubtotalsResult(s, values, isnull);
	values[5] = BoolGetDatum(failed);
	isnull[5] = !failed_seen;
	values[6] = Int32GetDatum(n);
	if (n == 0)
	{
		values[7] = PointerGetDatum(construct_empty_array(INT4OID));
		values[8] = PointerGetDatum(construct_empty_array(FLOAT8OID));
		values[9] = PointerGetDatum(construct_empty_array(NUMERICOID));
		values[10] = PointerGetDatum(construct_empty_array(INT4OID));
		values[11] = PointerGetDatum(construct_empty_array(BOOLOID));
	}
	else
	{
		values[7] = PointerGetDatum(construct_md_array(ids, NULL, 1, dims, lbs, INT4OID, 4, true, TYPALIGN_INT));
		values[8] = PointerGetDatum(construct_md_array(raws, rawn, 1, dims, lbs, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		values[9] = PointerGetDatum(construct_md_array(scores, scoren, 1, dims, lbs, NUMERICOID, -1, false, TYPALIGN_INT));
		values[10] = PointerGetDatum(construct_md_array(weights, weightn, 1, dims, lbs, INT4OID, 4, true, TYPALIGN_INT));
		values[11] = PointerGetDatum(construct_md_array(fails, failn, 1, dims, lbs, BOOLOID, 1, true, TYPALIGN_CHAR));
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, isnull)));
}

/*
 * indicator_arrays_valid(indicator_ids, raw_values, scores, weights_bp,
 * indicators_failed): a result's indicator detail is well formed (1.1,
 * issue 11; the CHECK result_indicator_arrays): the five arrays have as
 * many elements, the ids and the scores are one-dimensional (or empty),
 * no id is NULL and every score is between 0 and 100 (a NULL score is
 * allowed, as 0 <= ALL(scores) lets it pass; NaN is above 100).  One pass
 * in C instead of nine array functions and 2 x 16 numeric comparisons per
 * row: the scores are read as scaled integers where they have at most 4
 * decimals (all that evaluate and the appeal path store), compared as
 * numeric otherwise.
 */
PG_FUNCTION_INFO_V1(pe_indicator_arrays_valid);

Datum
pe_indicator_arrays_valid(PG_FUNCTION_ARGS)
{
	ArrayType  *ids = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *raws = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *scores = PG_GETARG_ARRAYTYPE_P(2);
	ArrayType  *weights = PG_GETARG_ARRAYTYPE_P(3);
	ArrayType  *fails = PG_GETARG_ARRAYTYPE_P(4);
	int			n = ArrayGetNItems(ARR_NDIM(ids), ARR_DIMS(ids));
	char	   *ptr;
	bits8	   *bitmap;
	Datum		zero;
	Datum		hundred;

	if (ARR_ELEMTYPE(ids) != INT4OID || ARR_ELEMTYPE(scores) != NUMERICOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("indicator_arrays_valid takes integer ids and numeric scores")));
	if (ArrayGetNItems(ARR_NDIM(raws), ARR_DIMS(raws)) != n
		|| ArrayGetNItems(ARR_NDIM(scores), ARR_DIMS(scores)) != n
		|| ArrayGetNItems(ARR_NDIM(weights), ARR_DIMS(weights)) != n
		|| ArrayGetNItems(ARR_NDIM(fails), ARR_DIMS(fails)) != n)
		PG_RETURN_BOOL(false);
	if (ARR_NDIM(ids) > 1 || ARR_NDIM(scores) > 1)
		PG_RETURN_BOOL(false);
	if (ARR_HASNULL(ids) && array_contains_nulls(ids))
		PG_RETURN_BOOL(false);
	zero = (Datum) 0;
	hundred = (Datum) 0;
	ptr = pe_array_data(scores);
	bitmap = ARR_NULLBITMAP(scores);
	for (int i = 0; i < n; i++)
	{
		Datum		d;
		int64		s;
		int			ds;

		if (bitmap != NULL && (bitmap[i / 8] & (1 << (i % 8))) == 0)
			continue;			/* a NULL score */
		d = PointerGetDatum(ptr);
		ptr = (char *) att_addlength_pointer(ptr, -1, ptr);
		ptr = (char *) att_align_nominal(ptr, TYPALIGN_INT);
		if (pe_numeric_scaled4(d, &s, &ds))
		{
			if (s < 0 || s > 1000000)
				PG_RETURN_BOOL(false);
			continue;
		}
		/* more decimals, NaN, infinities or large: numeric's own order */
		if (zero == (Datum) 0)
		{
			zero = NumericGetDatum(int64_to_numeric(0));
			hundred = NumericGetDatum(int64_to_numeric(100));
		}
		if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, d, zero)) < 0
			|| DatumGetInt32(DirectFunctionCall2(numeric_cmp, d, hundred)) > 0)
			PG_RETURN_BOOL(false);
	}
	PG_RETURN_BOOL(true);
}
