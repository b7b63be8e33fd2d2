/*
 * evaluate.c — the evaluation core's arithmetic (H-3.2.3, H-5.1): an
 * indicator score rounded to 4 decimals exactly as
 * round(score::numeric, 4) rounds it, without the float-to-text trip, and
 * the aggregate of one agent's four dimension subtotals and measured total
 * in one pass, in exact scaled-integer arithmetic (scores in units of
 * 0.0001, weights in basis points), equal to
 * round(sum(weight * score) / sum(weight), 4) in numeric.
 */
#include "perfeval.h"

#include <float.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgrprotos.h"
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
	if (w < 0 || w > 10000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight %d is out of range", w),
				 errdetail("Weights are basis points between 0 and 10000."),
				 errhint("Pass scheme_item.weight_bp.")));
	if (has_score)
	{
		float8		v = PG_GETARG_FLOAT8(3);

		if (!Score4Fast(v, &sc))
		{
			if (isnan(v) || v < 0.0 || v > 100.0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("score %g is out of range", v),
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
					 errmsg("score %g is out of range", v),
					 errdetail("Scores are between 0 and 100."),
					 errhint("Pass the result of perfeval.normalize or perfeval.normalize_piecewise.")));
	}

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
	PG_RETURN_ARRAYTYPE_P(construct_md_array(out, nulls, 1, dims, lbs, NUMERICOID, -1, false, TYPALIGN_INT));
}

/*
 * raw_mean(x): avg(x::numeric)::float8, the mean raw value of a roll-up's
 * indicator rows (H-3.1.3-4), exactly, without the float-to-text trip per
 * row.  float8_numeric prints x with 15 significant digits ("%.*g",
 * DBL_DIG); for a value between 1e-7 and 1e15 those digits are computed
 * here in 128-bit integers from x's binary mantissa (exact, so the same
 * digits, a tie taking the reference path) and summed at the largest scale
 * seen, which is the dscale numeric's sum keeps.  Other values (zero aside,
 * NaN, infinities, very small or large ones, a sum beyond 10^36) are
 * converted and added as numeric.  The final step is numeric_avg's:
 * numeric_div(sum, count), then numeric to float8.
 */
PG_FUNCTION_INFO_V1(pe_raw_mean_accum);
PG_FUNCTION_INFO_V1(pe_raw_mean_combine);
PG_FUNCTION_INFO_V1(pe_raw_mean_serialize);
PG_FUNCTION_INFO_V1(pe_raw_mean_deserialize);
PG_FUNCTION_INFO_V1(pe_raw_mean_final);

typedef struct RawMeanState
{
	int64		count;			/* non-NULL values */
#ifdef HAVE_INT128
	int128		sum;			/* the fast values' sum, in units of 10^-scale */
#endif
	int			scale;			/* largest dscale of the fast values */
	Numeric		slow;			/* sum of the other values, or NULL */
} RawMeanState;

#ifdef HAVE_INT128
#define RM_LIMIT ((int128) 1000000000000000000 * (int128) 1000000000000000000)	/* 10^36 */

static int128
Pow10i128(int k)
{
	int128		r = 1;

	while (k-- > 0)
		r *= 10;
	return r;
}

/*
 * Sets *digits and *scale so that float8_numeric(v) = digits * 10^-scale
 * with the same dscale; false when v takes the reference path.
 */
static bool
Float8Decimal15(float8 v, int128 *digits, int *scale)
{
	float8		a = fabs(v);
	int			E;
	int			p;
	int64		m;
	int			s;
	int128		n = 0;
	int			k = 0;

	if (v == 0.0)
	{
		*digits = 0;
		*scale = 0;
		return true;
	}
	if (!(a >= 1e-7 && a < 1e15))	/* also false for NaN */
		return false;
	m = (int64) ldexp(frexp(a, &E), 53);	/* a = m * 2^(E - 53), exact */
	s = 53 - E;					/* 3 <= s <= 77 in this range */
	p = (int) floor(log10(a));
	for (int tries = 0; tries < 3; tries++)
	{
		int128		x,
					q,
					rem,
					half;

		k = 14 - p;
		if (k < 0 || k > 22)
			return false;
		x = (int128) m * Pow10i128(k);
		q = x >> s;
		if (q >= (int128) 1000000000000000)
		{
			p++;
			continue;
		}
		if (q < (int128) 100000000000000)
		{
			p--;
			continue;
		}
		rem = x - (q << s);
		half = (int128) 1 << (s - 1);
		if (rem == half)
			return false;		/* an exact tie: the reference path */
		n = q + (rem > half ? 1 : 0);
		break;
	}
	if (n == 0)
		return false;
	while (k > 0 && n % 10 == 0)
	{
		n /= 10;
		k--;
	}
	if (k < 0)
		return false;
	*digits = v < 0 ? -n : n;
	*scale = k;
	return true;
}

/* Returns digits * 10^-scale as numeric with dscale scale. */
static Numeric
Int128ToNumeric(int128 digits, int scale)
{
	char		buf[64];
	char	   *e = buf + sizeof(buf);
	char	   *c = e;
	uint128		u;
	int			nd = 0;

	if (digits >= PG_INT64_MIN && digits <= PG_INT64_MAX)
		return int64_div_fast_to_numeric((int64) digits, scale);
	u = digits < 0 ? (uint128) (-digits) : (uint128) digits;
	*--c = '\0';
	while (u > 0 || nd <= scale)
	{
		if (nd == scale && scale > 0)
			*--c = '.';
		*--c = (char) ('0' + (int) (u % 10));
		u /= 10;
		nd++;
	}
	if (digits < 0)
		*--c = '-';
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(c),
											   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}
#endif

/* Adds a numeric to the state's numeric sum, in the aggregate's context. */
static void
RawMeanAddSlow(RawMeanState *st, Datum n, MemoryContext aggcontext)
{
	MemoryContext old = MemoryContextSwitchTo(aggcontext);

	if (st->slow == NULL)
		st->slow = DatumGetNumeric(datumCopy(n, false, -1));
	else
	{
		Numeric		prev = st->slow;

		st->slow = DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(prev), n));
		pfree(prev);
	}
	MemoryContextSwitchTo(old);
}

#ifdef HAVE_INT128
/*
 * Adds digits * 10^-scale to the state's integer sum; false when an
 * aligned term would reach 10^36 (the caller adds it as numeric).
 */
static bool
RawMeanAddFast(RawMeanState *st, int128 d, int sc)
{
	int128		sum = st->sum;
	int			target = Max(sc, st->scale);
	int128		fs;
	int128		fd;

	if (target > 36)
		return false;
	fs = Pow10i128(target - st->scale);
	fd = Pow10i128(target - sc);
	/* both aligned terms stay below 10^36: no 128-bit overflow */
	if ((sum < 0 ? -sum : sum) >= RM_LIMIT / fs || (d < 0 ? -d : d) >= RM_LIMIT / fd)
		return false;
	st->sum = sum * fs + d * fd;
	st->scale = target;
	return true;
}
#endif

/* raw_mean transition: adds one value (NULLs are skipped, as avg does). */
Datum
pe_raw_mean_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	RawMeanState *st;
	float8		v;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("raw_mean_accum called in non-aggregate context"),
				 errhint("Call the aggregate perfeval.raw_mean instead.")));
	if (PG_ARGISNULL(0))
	{
		st = (RawMeanState *) MemoryContextAllocZero(aggcontext, sizeof(RawMeanState));
		st->slow = NULL;
	}
	else
		st = (RawMeanState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	v = PG_GETARG_FLOAT8(1);
	st->count++;
#ifdef HAVE_INT128
	{
		int128		d;
		int			sc;

		if (Float8Decimal15(v, &d, &sc) && RawMeanAddFast(st, d, sc))
			PG_RETURN_POINTER(st);
	}
#endif
	RawMeanAddSlow(st, DirectFunctionCall1(float8_numeric, Float8GetDatum(v)), aggcontext);
	PG_RETURN_POINTER(st);
}

/* raw_mean combine: adds two partial states (parallel aggregation). */
Datum
pe_raw_mean_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	RawMeanState *a;
	RawMeanState *b;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("raw_mean_combine called in non-aggregate context"),
				 errhint("Call the aggregate perfeval.raw_mean instead.")));
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0));
	b = (RawMeanState *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		a = (RawMeanState *) MemoryContextAllocZero(aggcontext, sizeof(RawMeanState));
	else
		a = (RawMeanState *) PG_GETARG_POINTER(0);
	a->count += b->count;
#ifdef HAVE_INT128
	if (!RawMeanAddFast(a, b->sum, b->scale))
		RawMeanAddSlow(a, NumericGetDatum(Int128ToNumeric(b->sum, b->scale)), aggcontext);
#endif
	if (b->slow != NULL)
		RawMeanAddSlow(a, NumericGetDatum(b->slow), aggcontext);
	PG_RETURN_POINTER(a);
}

/*
 * raw_mean serialize: count, the integer sum (two halves), scale, then the
 * numeric sum's bytes when there is one.
 */
Datum
pe_raw_mean_serialize(PG_FUNCTION_ARGS)
{
	RawMeanState *st;
	Size		nlen;
	bytea	   *out;
	char	   *p;
	int64		hi = 0;
	uint64		lo = 0;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("raw_mean_serialize called in non-aggregate context"),
				 errhint("Call the aggregate perfeval.raw_mean instead.")));
	st = (RawMeanState *) PG_GETARG_POINTER(0);
	nlen = st->slow != NULL ? VARSIZE(st->slow) : 0;
#ifdef HAVE_INT128
	hi = (int64) (st->sum >> 64);
	lo = (uint64) st->sum;
#endif
	out = (bytea *) palloc(VARHDRSZ + 3 * sizeof(int64) + sizeof(int32) + nlen);
	SET_VARSIZE(out, VARHDRSZ + 3 * sizeof(int64) + sizeof(int32) + nlen);
	p = VARDATA(out);
	memcpy(p, &st->count, sizeof(int64));
	p += sizeof(int64);
	memcpy(p, &hi, sizeof(int64));
	p += sizeof(int64);
	memcpy(p, &lo, sizeof(uint64));
	p += sizeof(uint64);
	memcpy(p, &st->scale, sizeof(int32));
	p += sizeof(int32);
	if (nlen > 0)
		memcpy(p, st->slow, nlen);
	PG_RETURN_BYTEA_P(out);
}

/* Raises 22023 for a serialized state raw_mean_serialize did not write. */
static void
RawMeanBadState(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid raw_mean state"),
			 errhint("Call the aggregate perfeval.raw_mean instead of its support functions.")));
}

/* raw_mean deserialize: the state written by raw_mean_serialize (22023 otherwise). */
Datum
pe_raw_mean_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in;
	RawMeanState *st;
	const char *p;
	Size		len;
	Size		fixed = 3 * sizeof(int64) + sizeof(int32);
	int64		hi;
	uint64		lo;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("raw_mean_deserialize called in non-aggregate context"),
				 errhint("Call the aggregate perfeval.raw_mean instead.")));
	in = PG_GETARG_BYTEA_PP(0);
	len = VARSIZE_ANY_EXHDR(in);
	p = VARDATA_ANY(in);
	if (len < fixed || (len > fixed && len - fixed < VARHDRSZ))
		RawMeanBadState();
	st = (RawMeanState *) palloc0(sizeof(RawMeanState));
	memcpy(&st->count, p, sizeof(int64));
	memcpy(&hi, p + sizeof(int64), sizeof(int64));
	memcpy(&lo, p + 2 * sizeof(int64), sizeof(uint64));
	memcpy(&st->scale, p + 3 * sizeof(int64), sizeof(int32));
#ifdef HAVE_INT128
	st->sum = (int128) (((uint128) (uint64) hi << 64) | (uint128) lo);
#endif
	if (len > fixed)
	{
		st->slow = (Numeric) palloc(len - fixed);
		memcpy(st->slow, p + fixed, len - fixed);
		if (VARATT_IS_EXTENDED(st->slow) || VARSIZE(st->slow) != len - fixed)
			RawMeanBadState();
	}
	PG_RETURN_POINTER(st);
}

/* raw_mean final: numeric_div(sum, count)::float8; NULL without values. */
Datum
pe_raw_mean_final(PG_FUNCTION_ARGS)
{
	RawMeanState *st;
	Numeric		sum;
	Datum		mean;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (RawMeanState *) PG_GETARG_POINTER(0);
	if (st->count == 0)
		PG_RETURN_NULL();
#ifdef HAVE_INT128
	sum = Int128ToNumeric(st->sum, st->scale);
	if (st->slow != NULL)
		sum = DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(sum), NumericGetDatum(st->slow)));
#else
	sum = st->slow;
#endif
	mean = DirectFunctionCall2(numeric_div, NumericGetDatum(sum), NumericGetDatum(int64_to_numeric(st->count)));
	PG_RETURN_DATUM(DirectFunctionCall1(numeric_float8, mean));
}
