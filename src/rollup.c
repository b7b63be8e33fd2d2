/*
 * rollup.c — roll-ups of month results into quarters and years
 * (H-3.1.3-4), exact: the mean raw value of float8 measurements as
 * avg(x::numeric)::float8 (raw_mean), the indicator detail of a roll-up
 * (indicator_rollup), an agent's whole roll-up in one pass (rollup_months),
 * its state as bytes for a quarter to store (rollup_months_state) and a
 * roll-up merged from stored states (rollup_merge: a year from its
 * quarters), and the bit set of a result's indicator ids (indicator_bits).
 * Sums are integers (scores in units of 0.0001, raw values as the 15-digit
 * decimals float8_numeric prints), so no order of addition and no split of
 * the work changes a digit.
 */
#include "perfeval.h"

#include <float.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "common/int.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

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
	Numeric		slow;			/* sum of the other values, or NULL */
#ifdef HAVE_INT128
	int128		sum;			/* the fast values' sum, in units of 10^-scale */
#endif
	int			scale;			/* largest dscale of the fast values */
} RawMeanState;

#ifdef HAVE_INT128
#define RM_LIMIT ((int128) 1000000000000000000 * (int128) 1000000000000000000)	/* 10^36 */

/* 10^j and 10^36 / 10^j (the bounds of RawMeanAddFast), j = 0 .. 36, filled once. */
static int128 RmPow10[37];
static int128 RmLimit[37];
static bool RmTablesSet = false;

/* Fills RmPow10 and RmLimit on first use. */
static inline void
RmTables(void)
{
	if (likely(RmTablesSet))
		return;
	RmPow10[0] = 1;
	for (int j = 1; j <= 36; j++)
		RmPow10[j] = RmPow10[j - 1] * 10;
	for (int j = 0; j <= 36; j++)
		RmLimit[j] = RM_LIMIT / RmPow10[j];
	RmTablesSet = true;
}

/* 10^k as int128, 0 <= k <= 36. */
static inline int128
Pow10i128(int k)
{
	RmTables();
	return RmPow10[k];
}

/* 10^j as uint64, j = 0 .. 19 */
static const uint64 Pow10U64[20] = {
	UINT64CONST(1), UINT64CONST(10), UINT64CONST(100), UINT64CONST(1000), UINT64CONST(10000),
	UINT64CONST(100000), UINT64CONST(1000000), UINT64CONST(10000000), UINT64CONST(100000000),
	UINT64CONST(1000000000), UINT64CONST(10000000000), UINT64CONST(100000000000),
	UINT64CONST(1000000000000), UINT64CONST(10000000000000), UINT64CONST(100000000000000),
	UINT64CONST(1000000000000000), UINT64CONST(10000000000000000), UINT64CONST(100000000000000000),
	UINT64CONST(1000000000000000000), UINT64CONST(10000000000000000000)
};

/* 10^j as float8, exact, j = 0 .. 22 */
static const float8 Pow10Exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
	1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* 10^j as float8 (nearest), j = -8 .. 16, at index j + 8 */
static const float8 Pow10Double[25] = {
	1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
	1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16
};

/*
 * Sets *digits and *scale so that float8_numeric(v) = digits * 10^-scale
 * with the same dscale; false when v takes the reference path.
 */
static bool
Float8Decimal15(float8 v, int128 *digits, int *scale)
{
	float8		a = fabs(v);
	uint64		bits;
	int			e2;
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
	/* a normal double: a = m * 2^-s exactly, 2^52 <= m < 2^53 */
	memcpy(&bits, &a, sizeof(bits));
	e2 = (int) ((bits >> 52) & 0x7FF) - 1023;	/* 2^e2 <= a < 2^(e2 + 1) */
	m = (int64) ((bits & UINT64CONST(0xFFFFFFFFFFFFF)) | (UINT64CONST(1) << 52));
	s = 52 - e2;				/* 3 <= s <= 76 in this range */
	/*
	 * floor(e2 * log10(2)) (78913 / 2^18) is floor(log10(a)) or one less;
	 * a comparison with 10^(p + 1) usually settles it (the loop below
	 * corrects a wrong guess near a power of ten, where 10^j is inexact)
	 */
	p = e2 >= 0 ? (e2 * 78913) >> 18 : -((-e2 * 78913 + 262143) >> 18);
	if (p + 1 >= -8 && p + 1 <= 16 && a >= Pow10Double[p + 1 + 8])
		p++;
	/*
	 * The usual case in float8 arithmetic: a * 10^k is exactly hi + lo
	 * (10^k is exact for k <= 22, lo from a fused multiply-add), so the
	 * integer nearest to it is known unless it lies within 10^-9 of a tie
	 * (those, and a product outside [10^14, 10^15), take the 128-bit path).
	 */
	k = 14 - p;
	if (k >= 0 && k <= 22)
	{
		float8		hi = a * Pow10Exact[k];
		float8		lo = fma(a, Pow10Exact[k], -hi);

		if (hi >= 1e14 && hi < 1e15)
		{
			float8		r = rint(hi);
			float8		d = (hi - r) + lo;	/* |d| < 0.57 */
			float8		ad = fabs(d);

			if (ad < 0.5 - 1e-9 || ad > 0.5 + 1e-9)
			{
				int64		n64 = (int64) r + (d > 0.5 ? 1 : (d < -0.5 ? -1 : 0));

				if (n64 >= INT64CONST(100000000000000) && n64 < INT64CONST(1000000000000000))
				{
					while (k > 0 && n64 % 10 == 0)
					{
						n64 /= 10;
						k--;
					}
					*digits = v < 0 ? -n64 : n64;
					*scale = k;
					return true;
				}
			}
		}
	}
	for (int tries = 0; tries < 3; tries++)
	{
		int128		x,
					q,
					rem,
					half;

		k = 14 - p;
		if (k < 0 || k > 22)
			return false;
		/* m * 10^k: one 64 x 64 -> 128-bit product while 10^k < 2^64 */
		x = k <= 19 ? (int128) ((uint128) (uint64) m * (uint64) Pow10U64[k]) : (int128) m * Pow10i128(k);
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
	{
		int64		n64 = (int64) n;	/* at most 10^15 */

		while (k > 0 && n64 % 10 == 0)
		{
			n64 /= 10;
			k--;
		}
		n = n64;
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

/* Adds numeric n to the numeric sum *slow (NULL: none yet), kept in ctx. */
static void
NumericSumAdd(Numeric *slow, Datum n, MemoryContext ctx)
{
	MemoryContext old = MemoryContextSwitchTo(ctx);

	if (*slow == NULL)
		*slow = DatumGetNumeric(datumCopy(n, false, -1));
	else
	{
		Numeric		prev = *slow;

		*slow = DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(prev), n));
		pfree(prev);
	}
	MemoryContextSwitchTo(old);
}

/* Adds a numeric to the state's numeric sum, in the aggregate's context. */
static inline void
RawMeanAddSlow(RawMeanState *st, Datum n, MemoryContext aggcontext)
{
	NumericSumAdd(&st->slow, n, aggcontext);
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
	int			js,
				jd;

	if (target > 36 || sc < 0)
		return false;
	RmTables();
	js = target - st->scale;
	jd = target - sc;
	/* both aligned terms stay below 10^36: no 128-bit overflow */
	if ((sum < 0 ? -sum : sum) >= RmLimit[js] || (d < 0 ? -d : d) >= RmLimit[jd])
		return false;
	st->sum = (js == 0 ? sum : sum * RmPow10[js]) + (jd == 0 ? d : d * RmPow10[jd]);
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

/* Adds raw_mean state b into a (combine; a's numeric part in aggcontext). */
static void
RawMeanMerge(RawMeanState *a, const RawMeanState *b, MemoryContext aggcontext)
{
	a->count += b->count;
#ifdef HAVE_INT128
	if (!RawMeanAddFast(a, b->sum, b->scale))
		RawMeanAddSlow(a, NumericGetDatum(Int128ToNumeric(b->sum, b->scale)), aggcontext);
#endif
	if (b->slow != NULL)
		RawMeanAddSlow(a, NumericGetDatum(b->slow), aggcontext);
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
	RawMeanMerge(a, b, aggcontext);
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


/*
 * indicator_rollup(indicator_ids, raw_values, scores, indicators_failed,
 * version_ids, version_weights): the indicator detail of a quarter's or
 * year's roll-up of one agent (H-3.1.3-4) from the detail arrays of its
 * month results, in one pass over the month rows instead of one row per
 * month and indicator (issue 11): per indicator, in id order, the mean raw
 * value exactly as raw_mean (avg(x::numeric)::float8), the mean score as
 * round(avg(score), 4) (numeric sum, numeric_div, round), whether any month
 * failed it (bool_or), and its weight under the version the roll-up is
 * graded under (NULL when the version does not weigh it).  Returns a
 * perfeval.indicator_detail.
 */
PG_FUNCTION_INFO_V1(pe_rollup_accum);
PG_FUNCTION_INFO_V1(pe_rollup_combine);
PG_FUNCTION_INFO_V1(pe_rollup_serialize);
PG_FUNCTION_INFO_V1(pe_rollup_deserialize);
PG_FUNCTION_INFO_V1(pe_rollup_final);

/* Most distinct indicators in one group (bounds the sorted insertion). */
#define ROLLUP_MAX_INDICATORS 4096

/* An exact mean of numerics: the 4-decimal ones as an integer sum (rollup_months). */
typedef struct ScaledMean
{
	int64		count;			/* non-NULL values */
	int64		sum;			/* the fast values, in units of 0.0001 */
	int			dscale;			/* largest dscale of the fast values */
	Numeric		slow;			/* sum of the other values, or NULL */
} ScaledMean;

typedef struct RollupSlot
{
	int32		id;
	bool		fail_seen;		/* a non-NULL failed flag was seen */
	bool		failed;
	Datum		scores;			/* numeric_avg_accum's state of the scores, or 0 */
	RawMeanState raw;
	ScaledMean	smean;			/* rollup_months: the scores' exact mean */
} RollupSlot;

typedef struct RollupState
{
	int			n;
	int			cap;
	RollupSlot *slots;			/* sorted by id */
	int			nw;				/* the version's weights, or -1 when not set */
	int32	   *w_ids;
	int32	   *w_bp;
} RollupState;

/* Raises 22023 for a call outside an aggregate. */
static void
RollupNotAgg(const char *fn)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s called in non-aggregate context", fn),
			 errhint("Call the aggregate perfeval.indicator_rollup instead.")));
}

static RollupState *
RollupNew(MemoryContext ctx)
{
	RollupState *st = (RollupState *) MemoryContextAllocZero(ctx, sizeof(RollupState));

	st->cap = 16;
	/* not zeroed: RollupSlotOf clears each slot it takes */
	st->slots = (RollupSlot *) MemoryContextAlloc(ctx, st->cap * sizeof(RollupSlot));
	st->nw = -1;
	return st;
}

/* Returns the slot of an indicator id, inserted in id order when new. */
static RollupSlot *
RollupSlotOf(RollupState *st, int32 id, MemoryContext ctx)
{
	int			lo = 0,
				hi = st->n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (st->slots[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->n && st->slots[lo].id == id)
		return &st->slots[lo];
	if (st->n >= ROLLUP_MAX_INDICATORS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("indicator_rollup holds at most %d indicators per group", ROLLUP_MAX_INDICATORS),
				 errhint("Roll up fewer indicators per agent.")));
	if (st->n == st->cap)
	{
		MemoryContext old = MemoryContextSwitchTo(ctx);

		st->cap *= 2;
		st->slots = (RollupSlot *) repalloc(st->slots, st->cap * sizeof(RollupSlot));
		MemoryContextSwitchTo(old);
	}
	memmove(&st->slots[lo + 1], &st->slots[lo], (st->n - lo) * sizeof(RollupSlot));
	memset(&st->slots[lo], 0, sizeof(RollupSlot));
	st->slots[lo].id = id;
	st->n++;
	return &st->slots[lo];
}

/* Orders (id, weight) pairs by id, then weight: qsort comparator. */
static int
RollupPairCmp(const void *a, const void *b)
{
	const int32 *x = (const int32 *) a;
	const int32 *y = (const int32 *) b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	if (x[1] != y[1])
		return x[1] < y[1] ? -1 : 1;
	return 0;
}

/* Sorts the version's weights by indicator id (the smallest weight first). */
static void
RollupSortWeights(RollupState *st)
{
	int32	   *pairs;

	if (st->nw <= 1)
		return;
	pairs = (int32 *) palloc(2 * st->nw * sizeof(int32));
	for (int i = 0; i < st->nw; i++)
	{
		pairs[2 * i] = st->w_ids[i];
		pairs[2 * i + 1] = st->w_bp[i];
	}
	qsort(pairs, st->nw, 2 * sizeof(int32), RollupPairCmp);
	for (int i = 0; i < st->nw; i++)
	{
		st->w_ids[i] = pairs[2 * i];
		st->w_bp[i] = pairs[2 * i + 1];
	}
	pfree(pairs);
}

/* Sets *bp to the smallest weight of an indicator id; false when none. */
static bool
RollupWeight(RollupState *st, int32 id, int32 *bp)
{
	int			lo = 0,
				hi = st->nw;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (st->w_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->nw && st->w_ids[lo] == id)
	{
		*bp = st->w_bp[lo];
		return true;
	}
	return false;
}

/* Adds one raw value to a slot's mean, as raw_mean's transition does. */
static void
RollupAddRaw(RawMeanState *rm, float8 v, MemoryContext ctx)
{
	rm->count++;
#ifdef HAVE_INT128
	{
		int128		d;
		int			sc;

		if (Float8Decimal15(v, &d, &sc) && RawMeanAddFast(rm, d, sc))
			return;
	}
#endif
	RawMeanAddSlow(rm, DirectFunctionCall1(float8_numeric, Float8GetDatum(v)), ctx);
}

/*
 * Calls one of avg(numeric)'s support functions (numeric_avg_accum,
 * _combine, _serialize, _deserialize, numeric_avg) with this aggregate's
 * call context, so that the score means are avg(numeric)'s own (its
 * allocation-free accumulators, its division); *isnull gets the result's.
 */
static Datum
RollupNumericAvgCall(PGFunction fn, FunctionCallInfo outer, int nargs,
					 Datum a0, bool n0, Datum a1, bool n1, bool *isnull)
{
	LOCAL_FCINFO(fc, 2);
	Datum		r;

	InitFunctionCallInfoData(*fc, NULL, nargs, InvalidOid, outer->context, NULL);
	fc->args[0].value = a0;
	fc->args[0].isnull = n0;
	fc->args[1].value = a1;
	fc->args[1].isnull = n1;
	r = fn(fc);
	*isnull = fc->isnull;
	return r;
}

/* Adds a score to a slot's avg(numeric) state. */
static void
RollupAddScore(RollupSlot *sl, Datum n, FunctionCallInfo fcinfo)
{
	bool		isnull;

	sl->scores = RollupNumericAvgCall(numeric_avg_accum, fcinfo, 2, sl->scores, sl->scores == (Datum) 0,
									  n, false, &isnull);
	if (isnull)
		sl->scores = (Datum) 0;
}

/* Checks a detail array's shape and type (22023, 42804); returns its length. */
static int
DetailArrayLength(ArrayType *a, Oid elemtype, const char *argname)
{
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", argname),
				 errhint("Pass a result's indicator arrays.")));
	if (ARR_ELEMTYPE(a) != elemtype)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s has the wrong element type", argname)));
	return ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
}

/* Deconstructs a one-dimensional detail array (22023 for another shape). */
static int
RollupArray(ArrayType *a, Oid elemtype, int16 len, bool byval, char align,
			const char *argname, Datum **elems, bool **nulls)
{
	int			n;

	(void) DetailArrayLength(a, elemtype, argname);
	deconstruct_array(a, elemtype, len, byval, align, elems, nulls, &n);
	return n;
}

/* The version weights parsed once per query (fn_extra of the transition function). */
typedef struct RollupWeightsCache
{
	bytea	   *ids_raw;		/* the two arguments as passed, to recognise them */
	bytea	   *bp_raw;
	int			nw;
	int32	   *w_ids;			/* sorted by id, then weight */
	int32	   *w_bp;
} RollupWeightsCache;

/* Whether a varlena is inline and uncompressed (a short header is fine). */
static inline bool
RollupPlainBytes(struct varlena *v)
{
	return !VARATT_IS_EXTERNAL(v) && !VARATT_IS_COMPRESSED(v);
}

/*
 * Whether a datum's contents equal a cached copy's, whatever their headers
 * (an array from a materialized CTE has a 1-byte one: issue 11, such
 * arrays missed the cache and every group parsed the weights again).
 */
static bool
RollupSameBytes(Datum d, bytea *cached)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	return cached != NULL && RollupPlainBytes(v) && VARSIZE_ANY_EXHDR(v) == VARSIZE_ANY_EXHDR(cached)
		&& memcmp(VARDATA_ANY(v), VARDATA_ANY(cached), VARSIZE_ANY_EXHDR(v)) == 0;
}

/*
 * RollupSetWeights: the first call with the version's arguments (argument
 * arg: version_ids, arg + 1: version_weights) keeps the weights of the
 * version a roll-up is graded under, sorted by id (H-3.1.3-4); later
 * calls and NULL arguments change nothing.  Every group of a query passes
 * the same arrays: they are parsed once and shared, read-only, by the
 * groups' states (issue 11: 10,000 agents parsed them 10,000 times).
 */
static void
RollupSetWeights(RollupState *st, FunctionCallInfo fcinfo, int arg, MemoryContext aggcontext)
{
	RollupWeightsCache *c = (RollupWeightsCache *) fcinfo->flinfo->fn_extra;
	Datum	   *wi,
			   *wb;
	bool	   *win,
			   *wbn;
	int			nwi,
				nwb;
	MemoryContext old;

	if (st->nw >= 0 || PG_ARGISNULL(arg) || PG_ARGISNULL(arg + 1))
		return;
	if (c != NULL && RollupSameBytes(PG_GETARG_DATUM(arg), c->ids_raw)
		&& RollupSameBytes(PG_GETARG_DATUM(arg + 1), c->bp_raw))
	{
		st->nw = c->nw;
		st->w_ids = c->w_ids;
		st->w_bp = c->w_bp;
		return;
	}
	nwi = RollupArray(PG_GETARG_ARRAYTYPE_P(arg), INT4OID, 4, true, TYPALIGN_INT,
					  "version_ids", &wi, &win);
	nwb = RollupArray(PG_GETARG_ARRAYTYPE_P(arg + 1), INT4OID, 4, true, TYPALIGN_INT,
					  "version_weights", &wb, &wbn);
	if (nwi != nwb)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("version_ids and version_weights differ in length (%d and %d)", nwi, nwb),
				 errhint("Pass one weight per indicator id.")));
	st->w_ids = (int32 *) MemoryContextAlloc(aggcontext, (nwi + 1) * sizeof(int32));
	st->w_bp = (int32 *) MemoryContextAlloc(aggcontext, (nwi + 1) * sizeof(int32));
	st->nw = 0;
	for (int i = 0; i < nwi; i++)
	{
		if (win[i] || wbn[i])
			continue;
		st->w_ids[st->nw] = DatumGetInt32(wi[i]);
		st->w_bp[st->nw] = DatumGetInt32(wb[i]);
		st->nw++;
	}
	RollupSortWeights(st);
	/* keep them for the next groups (inline, uncompressed arguments only) */
	if (!RollupPlainBytes((struct varlena *) DatumGetPointer(PG_GETARG_DATUM(arg)))
		|| !RollupPlainBytes((struct varlena *) DatumGetPointer(PG_GETARG_DATUM(arg + 1))))
		return;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (c == NULL)
		c = (RollupWeightsCache *) palloc0(sizeof(RollupWeightsCache));
	else
	{
		/* other arrays than the cached ones: replace the cache (states keep their copies) */
		if (c->ids_raw)
			pfree(c->ids_raw);
		if (c->bp_raw)
			pfree(c->bp_raw);
	}
	c->ids_raw = (bytea *) datumCopy(PG_GETARG_DATUM(arg), false, -1);
	c->bp_raw = (bytea *) datumCopy(PG_GETARG_DATUM(arg + 1), false, -1);
	c->nw = st->nw;
	c->w_ids = (int32 *) palloc((st->nw + 1) * sizeof(int32));
	c->w_bp = (int32 *) palloc((st->nw + 1) * sizeof(int32));
	memcpy(c->w_ids, st->w_ids, st->nw * sizeof(int32));
	memcpy(c->w_bp, st->w_bp, st->nw * sizeof(int32));
	fcinfo->flinfo->fn_extra = c;
	MemoryContextSwitchTo(old);
}

/*
 * DetailCursor: one month result's indicator arrays (indicator_ids,
 * raw_values, scores, indicators_failed) read in place, element by element
 * (issue 11: deconstruct_array copied four arrays a month row).
 */
typedef struct DetailCursor
{
	int			n;				/* elements in each array */
	int			i;				/* the element DetailNext reads next */
	const char *p[4];			/* its data in each array */
	const bits8 *nulls[4];		/* each array's NULL bitmap, or NULL */
} DetailCursor;

/* One element of the four arrays (DetailNext). */
typedef struct DetailElem
{
	bool		id_null;
	bool		raw_null;
	bool		score_null;
	bool		fail_null;
	int32		id;
	float8		raw;
	Datum		score;			/* points into the array */
	bool		failed;
} DetailElem;


/*
 * Opens the cursor on arguments arg .. arg + 3; returns the arrays' length,
 * 0 when the ids are NULL or empty; arrays of different lengths (or a NULL
 * array beside the ids) are 2202E.
 */
static int
DetailOpen(FunctionCallInfo fcinfo, int arg, DetailCursor *c)
{
	static const Oid types[4] = {INT4OID, FLOAT8OID, NUMERICOID, BOOLOID};
	static const char *const names[4] = {"indicator_ids", "raw_values", "scores", "indicators_failed"};
	ArrayType  *a[4];
	int			n;

	c->n = 0;
	c->i = 0;
	if (PG_ARGISNULL(arg))
		return 0;
	a[0] = PG_GETARG_ARRAYTYPE_P(arg);
	n = DetailArrayLength(a[0], types[0], names[0]);
	if (n == 0)
		return 0;
	for (int k = 1; k < 4; k++)
	{
		if (PG_ARGISNULL(arg + k)
			|| DetailArrayLength(a[k] = PG_GETARG_ARRAYTYPE_P(arg + k), types[k], names[k]) != n)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("the indicator arrays of a result differ in length"),
					 errhint("Pass indicator_ids, raw_values, scores and indicators_failed of one result.")));
	}
	for (int k = 0; k < 4; k++)
	{
		/* ARR_DATA_PTR, without its mixed-sign ?: (-Wsign-compare) */
		c->p[k] = (const char *) a[k] + (ARR_HASNULL(a[k]) ? (Size) a[k]->dataoffset
										 : (Size) ARR_OVERHEAD_NONULLS(ARR_NDIM(a[k])));
		c->nulls[k] = ARR_NULLBITMAP(a[k]);
	}
	c->n = n;
	return n;
}

/* Whether element i of array k is NULL. */
static inline bool
DetailIsNull(const DetailCursor *c, int k, int i)
{
	return c->nulls[k] != NULL && (c->nulls[k][i / 8] & (1 << (i % 8))) == 0;
}

/* Reads the next element of the four arrays (a NULL takes no space). */
static inline void
DetailNext(DetailCursor *c, DetailElem *e)
{
	int			i = c->i++;

	e->id_null = DetailIsNull(c, 0, i);
	if (!e->id_null)
	{
		memcpy(&e->id, c->p[0], sizeof(int32));
		c->p[0] += sizeof(int32);
	}
	e->raw_null = DetailIsNull(c, 1, i);
	if (!e->raw_null)
	{
		memcpy(&e->raw, c->p[1], sizeof(float8));
		c->p[1] += sizeof(float8);
	}
	e->score_null = DetailIsNull(c, 2, i);
	if (!e->score_null)
	{
		e->score = PointerGetDatum(c->p[2]);
		c->p[2] = att_addlength_pointer(c->p[2], -1, c->p[2]);
		c->p[2] = (const char *) att_align_nominal(c->p[2], TYPALIGN_INT);
	}
	e->fail_null = DetailIsNull(c, 3, i);
	if (!e->fail_null)
	{
		e->failed = *c->p[3] != 0;
		c->p[3] += 1;
	}
}

/* indicator_rollup transition: adds one month result's detail arrays. */
Datum
pe_rollup_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	RollupState *st;
	DetailCursor c;
	DetailElem	e;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		RollupNotAgg("indicator_rollup_accum");
	st = PG_ARGISNULL(0) ? RollupNew(aggcontext) : (RollupState *) PG_GETARG_POINTER(0);
	RollupSetWeights(st, fcinfo, 5, aggcontext);
	DetailOpen(fcinfo, 1, &c);
	while (c.i < c.n)
	{
		RollupSlot *sl;

		DetailNext(&c, &e);
		if (e.id_null)
			continue;
		sl = RollupSlotOf(st, e.id, aggcontext);
		if (!e.raw_null)
			RollupAddRaw(&sl->raw, e.raw, aggcontext);
		if (!e.score_null)
			RollupAddScore(sl, e.score, fcinfo);
		if (!e.fail_null)
		{
			sl->fail_seen = true;
			sl->failed = sl->failed || e.failed;
		}
	}
	PG_RETURN_POINTER(st);
}

/* Gives a the version weights of b when a has none (a combine; copied into aggcontext). */
static void
RollupTakeWeights(RollupState *a, RollupState *b, MemoryContext aggcontext)
{
	if (a->nw >= 0 || b->nw < 0)
		return;
	a->w_ids = (int32 *) MemoryContextAlloc(aggcontext, (b->nw + 1) * sizeof(int32));
	a->w_bp = (int32 *) MemoryContextAlloc(aggcontext, (b->nw + 1) * sizeof(int32));
	memcpy(a->w_ids, b->w_ids, b->nw * sizeof(int32));
	memcpy(a->w_bp, b->w_bp, b->nw * sizeof(int32));
	a->nw = b->nw;
}

/* indicator_rollup combine: merges two partial states. */
Datum
pe_rollup_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	RollupState *a;
	RollupState *b;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		RollupNotAgg("indicator_rollup_combine");
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0));
	b = (RollupState *) PG_GETARG_POINTER(1);
	a = PG_ARGISNULL(0) ? RollupNew(aggcontext) : (RollupState *) PG_GETARG_POINTER(0);
	RollupTakeWeights(a, b, aggcontext);
	for (int i = 0; i < b->n; i++)
	{
		RollupSlot *src = &b->slots[i];
		RollupSlot *sl = RollupSlotOf(a, src->id, aggcontext);

		RawMeanMerge(&sl->raw, &src->raw, aggcontext);
		if (src->scores != (Datum) 0)
		{
			bool		isnull;

			sl->scores = RollupNumericAvgCall(numeric_avg_combine, fcinfo, 2, sl->scores, sl->scores == (Datum) 0,
											  src->scores, false, &isnull);
			if (isnull)
				sl->scores = (Datum) 0;
		}
		sl->fail_seen = sl->fail_seen || src->fail_seen;
		sl->failed = sl->failed || src->failed;
	}
	PG_RETURN_POINTER(a);
}

/*
 * A buffer for a state's bytes: a StringInfo whose first VARHDRSZ bytes are
 * the bytea header, so RollupBytea returns the buffer itself (no copy).
 */
static void
RollupBufInit(StringInfo buf)
{
	initStringInfo(buf);		/* 1024 bytes: a 16-indicator state is ~350 */
	buf->len = VARHDRSZ;
	buf->data[buf->len] = '\0';
}

/* Appends len bytes to a growing buffer. */
static inline void
RollupPut(StringInfo buf, const void *p, int len)
{
	if (len == 1 && buf->len + 1 < buf->maxlen)
	{
		/* the flag bytes: no call (a state has about 30) */
		buf->data[buf->len++] = *(const char *) p;
		buf->data[buf->len] = '\0';
	}
	else
		appendBinaryStringInfo(buf, (const char *) p, len);
}

/*
 * Appends an unsigned integer in 7-bit groups, low first (1 byte below
 * 128), written in place (a state has about 100 of them).
 */
static inline void
RollupPutU(StringInfo buf, uint64 v)
{
	char	   *b;

	if (buf->len + 10 >= buf->maxlen)
		enlargeStringInfo(buf, 10);
	b = buf->data + buf->len;
	do
	{
		*b++ = (char) ((v & 0x7F) | (v >= 0x80 ? 0x80 : 0));
		v >>= 7;
	} while (v > 0);
	buf->len = (int) (b - buf->data);
	buf->data[buf->len] = '\0';
}

/* Appends a signed integer, zigzag-mapped (small magnitudes are short). */
static void
RollupPutS(StringInfo buf, int64 v)
{
	RollupPutU(buf, ((uint64) v << 1) ^ (uint64) (v >> 63));
}

/* Appends a numeric (or NULL: length 0) to a buffer. */
static void
RollupPutNumeric(StringInfo buf, Numeric n)
{
	int32		len = n != NULL ? (int32) VARSIZE(n) : 0;

	RollupPutU(buf, (uint64) len);
	if (len > 0)
		RollupPut(buf, n, len);
}

/* Appends a state's version weights (RollupSetWeights) to a buffer. */
static void
RollupPutWeights(StringInfo buf, RollupState *st)
{
	RollupPutS(buf, st->nw);
	for (int i = 0; i < st->nw; i++)
	{
		RollupPutS(buf, st->w_ids[i]);
		RollupPutS(buf, st->w_bp[i]);
	}
}

/* Appends a slot's id, failure flags and raw-value sum to a buffer. */
static void
RollupPutSlotHead(StringInfo buf, RollupSlot *sl)
{
	int64		hi = 0;
	uint64		lo = 0;
	char		flags = (sl->fail_seen ? 1 : 0) | (sl->failed ? 2 : 0);

#ifdef HAVE_INT128
	hi = (int64) (sl->raw.sum >> 64);
	lo = (uint64) sl->raw.sum;
#endif
	/* bit 4: a high 64-bit half, bit 8: a numeric part (usually neither) */
	flags |= (hi != 0 ? 4 : 0) | (sl->raw.slow != NULL ? 8 : 0);
	RollupPutS(buf, sl->id);
	RollupPut(buf, &flags, 1);
	RollupPutU(buf, (uint64) sl->raw.count);
	if (hi != 0)
		RollupPutS(buf, hi);
	RollupPutU(buf, lo);
	RollupPutU(buf, (uint64) sl->raw.scale);
	if (sl->raw.slow != NULL)
		RollupPutNumeric(buf, sl->raw.slow);
}

/* Returns a buffer begun by RollupBufInit as a bytea (the buffer itself). */
static bytea *
RollupBytea(StringInfo buf)
{
	bytea	   *out = (bytea *) buf->data;

	SET_VARSIZE(out, buf->len);
	return out;
}

/* indicator_rollup serialize: the weights, then every slot. */
Datum
pe_rollup_serialize(PG_FUNCTION_ARGS)
{
	RollupState *st;
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, NULL))
		RollupNotAgg("indicator_rollup_serialize");
	st = (RollupState *) PG_GETARG_POINTER(0);
	RollupBufInit(&buf);
	RollupPutWeights(&buf, st);
	RollupPutU(&buf, (uint64) st->n);
	for (int i = 0; i < st->n; i++)
	{
		RollupSlot *sl = &st->slots[i];
		int32		len = 0;
		bool		isnull = true;
		bytea	   *b = NULL;

		RollupPutSlotHead(&buf, sl);
		if (sl->scores != (Datum) 0)
			b = DatumGetByteaPP(RollupNumericAvgCall(numeric_avg_serialize, fcinfo, 1, sl->scores, false,
													 (Datum) 0, true, &isnull));
		if (!isnull)
			len = (int32) VARSIZE_ANY_EXHDR(b);
		RollupPut(&buf, &len, sizeof(int32));
		if (len > 0)
			RollupPut(&buf, VARDATA_ANY(b), len);
	}
	PG_RETURN_BYTEA_P(RollupBytea(&buf));
}

/* Raises 22023 for a serialized state the roll-up serialize functions did not write. */
static void
RollupBadState(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid roll-up aggregate state"),
			 errhint("Call the aggregates perfeval.indicator_rollup and perfeval.rollup_months instead of their support functions.")));
}

/* Reads len bytes from *p (with end e), 22023 past the end. */
static void
RollupGet(const char **p, const char *e, void *dst, Size len)
{
	if ((Size) (e - *p) < len)
		RollupBadState();
	memcpy(dst, *p, len);
	*p += len;
}

/* Reads an integer written by RollupPutU (22023 past the end or beyond 64 bits). */
static uint64
RollupGetU(const char **p, const char *e)
{
	uint64		v = 0;

	for (int shift = 0; shift < 64; shift += 7)
	{
		unsigned char c;

		if (*p >= e)
			RollupBadState();
		c = (unsigned char) *(*p)++;
		v |= (uint64) (c & 0x7F) << shift;
		if ((c & 0x80) == 0)
			return v;
	}
	RollupBadState();
	return 0;					/* keep the compiler quiet */
}

/* Reads an integer written by RollupPutS. */
static int64
RollupGetS(const char **p, const char *e)
{
	uint64		u = RollupGetU(p, e);

	return (int64) (u >> 1) ^ -(int64) (u & 1);
}

/* Reads a small count written by RollupPutU (22023 above 1000). */
static int
RollupGetSmall(const char **p, const char *e)
{
	uint64		v = RollupGetU(p, e);

	if (v > 1000)
		RollupBadState();
	return (int) v;
}

/* Reads an int32 written by RollupPutS (22023 outside the int32 range). */
static int32
RollupGetS32(const char **p, const char *e)
{
	int64		v = RollupGetS(p, e);

	if (v < PG_INT32_MIN || v > PG_INT32_MAX)
		RollupBadState();
	return (int32) v;
}

/*
 * Whether a numeric read from bytes has the on-disk form numeric itself
 * writes: a special value (NaN, +-Infinity) alone, or a short or long
 * header and base-10000 digits below 10000 (rollup_merge takes bytes from
 * its caller: a made-up numeric must be refused, not computed with).
 */
static bool
NumericBytesValid(Numeric n)
{
	const char *p = VARDATA(n);
	int			len = VARSIZE(n) - VARHDRSZ;
	uint16		h;
	int			hdr;

	if (len < 2)
		return false;
	memcpy(&h, p, sizeof(uint16));
	if ((h & 0xC000) == 0xC000)
		return len == 2 && (h == 0xC000 || h == 0xD000 || h == 0xF000);
	hdr = (h & 0xC000) == 0x8000 ? 2 : 4;
	if (len < hdr || (len - hdr) % 2 != 0)
		return false;
	for (int i = hdr; i < len; i += 2)
	{
		int16		d;

		memcpy(&d, p + i, sizeof(int16));
		if (d < 0 || d >= 10000)
			return false;
	}
	return true;
}

/* Reads a numeric written by RollupPutNumeric (NULL for length 0). */
static Numeric
RollupGetNumeric(const char **p, const char *e)
{
	int32		len;
	Numeric		n;

	{
		uint64		ulen = RollupGetU(p, e);

		if (ulen > (uint64) PG_INT32_MAX)
			RollupBadState();
		len = (int32) ulen;
	}
	if (len == 0)
		return NULL;
	if (len < (int32) VARHDRSZ || (Size) (e - *p) < (Size) len)
		RollupBadState();
	n = (Numeric) palloc(len);
	memcpy(n, *p, len);
	*p += len;
	if (VARATT_IS_EXTENDED(n) || VARSIZE(n) != (Size) len || !NumericBytesValid(n))
		RollupBadState();
	return n;
}

/* Reads the version weights written by RollupPutWeights. */
static void
RollupGetWeights(const char **p, const char *e, RollupState *st)
{
	st->nw = RollupGetS32(p, e);
	if (st->nw < -1 || st->nw > PE_MAX_ARRAY_LEN || (st->nw > 0 && e - *p < 2 * st->nw))
		RollupBadState();
	if (st->nw > 0)
	{
		st->w_ids = (int32 *) palloc(st->nw * sizeof(int32));
		st->w_bp = (int32 *) palloc(st->nw * sizeof(int32));
		for (int i = 0; i < st->nw; i++)
		{
			st->w_ids[i] = RollupGetS32(p, e);
			st->w_bp[i] = RollupGetS32(p, e);
		}
		RollupSortWeights(st);
	}
}

/* Reads the slot count (22023 beyond ROLLUP_MAX_INDICATORS). */
static int32
RollupGetSlotCount(const char **p, const char *e)
{
	uint64		n = RollupGetU(p, e);

	if (n > ROLLUP_MAX_INDICATORS)
		RollupBadState();
	return (int32) n;
}

/*
 * Reads the fields RollupPutSlotHead wrote: the id, the flags (1 fail seen,
 * 2 failed) and the raw-value sum as a RawMeanState (22023 when invalid).
 */
static void
RollupReadSlotHead(const char **p, const char *e, int32 *id, char *flags, RawMeanState *raw)
{
	int64		hi = 0;
	uint64		lo;

	*id = RollupGetS32(p, e);
	RollupGet(p, e, flags, 1);
	raw->count = (int64) RollupGetU(p, e);
	if ((*flags & 4) != 0)
		hi = RollupGetS(p, e);
	lo = RollupGetU(p, e);
	raw->scale = RollupGetSmall(p, e);
	if (raw->scale > 36 || raw->count < 0)
		RollupBadState();
#ifdef HAVE_INT128
	raw->sum = (int128) (((uint128) (uint64) hi << 64) | (uint128) lo);
#else
	if (hi != 0 || lo != 0)
		RollupBadState();		/* written where int128 exists */
#endif
	raw->slow = (*flags & 8) != 0 ? RollupGetNumeric(p, e) : NULL;
	if ((*flags & 8) != 0 && raw->slow == NULL)
		RollupBadState();
}

/* Reads a slot written by RollupPutSlotHead into st; returns the slot. */
static RollupSlot *
RollupGetSlotHead(const char **p, const char *e, RollupState *st)
{
	int32		id;
	char		flags;
	RawMeanState sl_raw;
	RollupSlot *sl;

	RollupReadSlotHead(p, e, &id, &flags, &sl_raw);
	sl = RollupSlotOf(st, id, CurrentMemoryContext);
	sl->fail_seen = (flags & 1) != 0;
	sl->failed = (flags & 2) != 0;
	sl->raw = sl_raw;
	return sl;
}

/* indicator_rollup deserialize: the state written by serialize (22023 otherwise). */
Datum
pe_rollup_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in;
	const char *p;
	const char *e;
	RollupState *st;
	int32		n;

	if (!AggCheckCallContext(fcinfo, NULL))
		RollupNotAgg("indicator_rollup_deserialize");
	in = PG_GETARG_BYTEA_PP(0);
	p = VARDATA_ANY(in);
	e = p + VARSIZE_ANY_EXHDR(in);
	st = RollupNew(CurrentMemoryContext);
	RollupGetWeights(&p, e, st);
	n = RollupGetSlotCount(&p, e);
	for (int i = 0; i < n; i++)
	{
		RollupSlot *sl = RollupGetSlotHead(&p, e, st);
		int32		len;
		bytea	   *b;
		bool		isnull;

		RollupGet(&p, e, &len, sizeof(int32));
		if (len < 0 || (Size) (e - p) < (Size) len)
			RollupBadState();
		if (len > 0)
		{
			b = (bytea *) palloc(VARHDRSZ + len);
			SET_VARSIZE(b, VARHDRSZ + len);
			memcpy(VARDATA(b), p, len);
			p += len;
			sl->scores = RollupNumericAvgCall(numeric_avg_deserialize, fcinfo, 2, PointerGetDatum(b), false,
											  (Datum) 0, true, &isnull);
			if (isnull)
				sl->scores = (Datum) 0;
		}
	}
	if (p != e)
		RollupBadState();
	PG_RETURN_POINTER(st);
}

#ifdef HAVE_INT128
/* Decimal digits of a positive int128 below 10^36 (from its bit length). */
static int
Int128Digits(int128 v)
{
	uint64		hi = (uint64) ((uint128) v >> 64);
	int			bits = hi != 0 ? 65 + pg_leftmost_one_pos64(hi) : 1 + pg_leftmost_one_pos64((uint64) v);
	int			d = (bits * 1233) >> 12;	/* floor(bits * log10(2)): the digits or one less */

	RmTables();
	if (d < 37 && v >= RmPow10[d])
		d++;
	return Max(d, 1);
}

/* floor(x / 4) for any int x (the weight of a decimal exponent in base 10000). */
static inline int
FloorDiv4(int x)
{
	return x >= 0 ? x / 4 : -((-x + 3) / 4);
}

/* Bit length of a uint128 (0 for 0). */
static inline int
U128Bits(uint128 v)
{
	uint64		hi = (uint64) (v >> 64);

	if (hi != 0)
		return 65 + pg_leftmost_one_pos64(hi);
	return (uint64) v != 0 ? 1 + pg_leftmost_one_pos64((uint64) v) : 0;
}

/*
 * Sets *out to the double nearest q * 10^-s (q > 0), as strtod reads the
 * decimal, without reading text (issue 11: strtod was a tenth of a
 * quarter's roll-up): a first guess d from one division, then the proof
 * in exact integers that d = m * 2^e is the nearest double,
 * (2m - 1) * 10^s < 2q * 2^-e < (2m + 1) * 10^s, stepping to the
 * neighbour the proof points to.  false (the caller reads the decimal
 * with strtod) when the proof does not fit 128 bits, on an exact tie
 * (strtod rounds it to even), at a power of two (the neighbour below is
 * nearer) and for d >= 2^53.
 */
static bool
Decimal128ToFloat8(uint128 q, int s, float8 *out)
{
	uint128		p;
	float8		d;

	if (s < 0 || s > 36 || q == 0)
		return false;
	RmTables();
	p = (uint128) RmPow10[s];
	if (54 + U128Bits(p) > 127)
		return false;
	d = (float8) q / (s <= 22 ? Pow10Exact[s] : (float8) p);	/* within a few units in the last place */
	for (int step = 0; step < 4; step++)
	{
		int			exp;
		uint64		m = (uint64) ldexp(frexp(d, &exp), 53);	/* d = m * 2^(exp - 53) */
		int			shift = 53 - exp;
		uint128		l,
					lo,
					hi;

		if (m == (UINT64CONST(1) << 52) || shift <= 0 || U128Bits(q) + 1 + shift > 127)
			return false;
		l = q << (shift + 1);
		lo = (uint128) (2 * m - 1) * p;
		hi = (uint128) (2 * m + 1) * p;
		if (l > lo && l < hi)
		{
			*out = d;
			return true;
		}
		if (l == lo || l == hi)
			return false;
		d = l < lo ? nextafter(d, 0.0) : nextafter(d, HUGE_VAL);
	}
	return false;
}

/*
 * Sets *out to numeric_float8(numeric_div(sum, count)) for an integer sum
 * at a scale, as RollupRawMean's numeric path gives it, without numeric
 * arithmetic (issue 11: that path was an eighth of a quarter's roll-up):
 * the quotient's scale is select_div_scale's (16 significant digits from
 * the quotient's estimated base-10000 weight, at least the sum's scale),
 * the quotient is rounded half away from zero at that scale as div_var
 * rounds, and the decimal is read as float8in reads it (correctly
 * rounded: Decimal128ToFloat8, else strtod).
 * false when the numbers do not fit 128 bits (the caller takes the numeric
 * path).
 */
static bool
RawMeanFastFloat(int128 sum, int scale, int64 count, float8 *out)
{
	int128		a = sum < 0 ? -sum : sum;
	int			w1,
				w2,
				f1,
				f2,
				qweight,
				rscale,
				shift,
				t;
	int128		x,
				q,
				r;
	char		buf[80];
	char	   *c = buf + sizeof(buf);

	if (count <= 0 || scale < 0 || scale > 36 || a >= RM_LIMIT)
		return false;
	RmTables();
	if (a == 0)
	{
		*out = 0.0;				/* numeric zero prints as 0.000..., +0.0 */
		return true;
	}
	/* weight and first base-10000 digit of the sum and of the count */
	w1 = FloorDiv4(Int128Digits(a) - 1 - scale);
	t = scale + 4 * w1;			/* -3 <= t <= digits - 1 */
	if (t < 0)
		f1 = (int) (a * RmPow10[-t]);
	else if (a <= (int128) PG_INT64_MAX)
		f1 = (int) ((uint64) a / Pow10U64[t]);	/* t <= 18 here */
	else
		f1 = (int) (a / RmPow10[t]);
	w2 = (Int128Digits((int128) count) - 1) / 4;
	f2 = (int) ((int128) count / RmPow10[4 * w2]);
	qweight = w1 - w2;
	if (f1 <= f2)
		qweight--;
	rscale = 16 - qweight * 4;	/* NUMERIC_MIN_SIG_DIGITS - qweight * DEC_DIGITS */
	rscale = Max(rscale, scale);
	rscale = Max(rscale, 0);
	shift = rscale - scale;
	if (rscale > 1000 || shift > 36 || a >= RmLimit[shift])
		return false;
	x = a * RmPow10[shift];		/* below 10^36 */
	q = x / count;
	r = x - q * count;
	if (r >= (int128) count - r)
		q++;					/* half away from zero */
	if (Decimal128ToFloat8((uint128) q, rscale, out))
	{
		if (sum < 0)
			*out = -*out;
		return true;
	}
	/* else "[-]digits e-rscale" for strtod, written backwards */
	*--c = '\0';
	do
	{
		*--c = (char) ('0' + rscale % 10);
		rscale /= 10;
	} while (rscale > 0);
	*--c = '-';
	*--c = 'e';
	{
		/* q < 10^36: two 64-bit halves of 18 digits (64-bit divisions by 10) */
		uint64		lo = (uint64) (q % (int128) Pow10U64[18]);
		uint64		hi = (uint64) (q / (int128) Pow10U64[18]);

		for (int i = 0; i < 18 && (hi > 0 || lo > 0); i++)
		{
			*--c = (char) ('0' + (int) (lo % 10));
			lo /= 10;
		}
		while (hi > 0)
		{
			*--c = (char) ('0' + (int) (hi % 10));
			hi /= 10;
		}
		if (*c == 'e')
			*--c = '0';
	}
	if (sum < 0)
		*--c = '-';
	errno = 0;
	*out = strtod(c, NULL);
	return errno == 0 && isfinite(*out) && *out != 0.0;
}
#endif

/* Returns a slot's mean raw value, as raw_mean's final step; false for none. */
static bool
RollupRawMean(RawMeanState *rm, float8 *out)
{
	Numeric		sum;
	Datum		mean;

	if (rm->count == 0)
		return false;
#ifdef HAVE_INT128
	if (rm->slow == NULL && RawMeanFastFloat(rm->sum, rm->scale, rm->count, out))
		return true;
	sum = Int128ToNumeric(rm->sum, rm->scale);
	if (rm->slow != NULL)
		sum = DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(sum), NumericGetDatum(rm->slow)));
#else
	sum = rm->slow;
#endif
	mean = DirectFunctionCall2(numeric_div, NumericGetDatum(sum), NumericGetDatum(int64_to_numeric(rm->count)));
	*out = DatumGetFloat8(DirectFunctionCall1(numeric_float8, mean));
	return true;
}

/* A slot's mean score (round(avg(score), 4)): false when it has none. */
typedef bool (*RollupScoreFn) (RollupSlot *sl, FunctionCallInfo fcinfo, Datum *out);

/*
 * Builds the five detail arrays of a state's indicators in slot order
 * (indicator_ids, raw_values, scores, weights_bp, indicators_failed; empty
 * arrays for none) into out[0..4], as indicator_rollup and rollup_months
 * return them: the mean raw value, the mean score (by score, the one thing
 * the two aggregates keep differently), the smallest weight of the version
 * (as min()) and whether any month failed.
 */
static void
RollupDetailBuild(RollupState *st, RollupScoreFn score, FunctionCallInfo fcinfo, Datum *out)
{
	int			n = st != NULL ? st->n : 0;
	int			dims[1] = {n};
	int			lbs[1] = {1};
	Datum	   *ids,
			   *raws,
			   *scores,
			   *weights,
			   *fails;
	bool	   *rawn,
			   *scoren,
			   *weightn,
			   *failn;

	if (n == 0)
	{
		out[0] = PointerGetDatum(construct_empty_array(INT4OID));
		out[1] = PointerGetDatum(construct_empty_array(FLOAT8OID));
		out[2] = PointerGetDatum(construct_empty_array(NUMERICOID));
		out[3] = PointerGetDatum(construct_empty_array(INT4OID));
		out[4] = PointerGetDatum(construct_empty_array(BOOLOID));
		return;
	}
	ids = (Datum *) palloc(n * sizeof(Datum));
	raws = (Datum *) palloc(n * sizeof(Datum));
	scores = (Datum *) palloc(n * sizeof(Datum));
	weights = (Datum *) palloc(n * sizeof(Datum));
	fails = (Datum *) palloc(n * sizeof(Datum));
	rawn = (bool *) palloc(n * sizeof(bool));
	scoren = (bool *) palloc(n * sizeof(bool));
	weightn = (bool *) palloc(n * sizeof(bool));
	failn = (bool *) palloc(n * sizeof(bool));
	for (int i = 0; i < n; i++)
	{
		RollupSlot *sl = &st->slots[i];
		float8		m;
		int32		bp;

		ids[i] = Int32GetDatum(sl->id);
		rawn[i] = !RollupRawMean(&sl->raw, &m);
		raws[i] = rawn[i] ? (Datum) 0 : Float8GetDatum(m);
		scores[i] = (Datum) 0;
		scoren[i] = !score(sl, fcinfo, &scores[i]);
		weightn[i] = !RollupWeight(st, sl->id, &bp);	/* the smallest, as min() */
		weights[i] = weightn[i] ? (Datum) 0 : Int32GetDatum(bp);
		failn[i] = !sl->fail_seen;
		fails[i] = BoolGetDatum(sl->failed);
	}
	out[0] = PointerGetDatum(construct_md_array(ids, NULL, 1, dims, lbs, INT4OID, 4, true, TYPALIGN_INT));
	out[1] = PointerGetDatum(construct_md_array(raws, rawn, 1, dims, lbs, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	out[2] = PointerGetDatum(construct_md_array(scores, scoren, 1, dims, lbs, NUMERICOID, -1, false, TYPALIGN_INT));
	out[3] = PointerGetDatum(construct_md_array(weights, weightn, 1, dims, lbs, INT4OID, 4, true, TYPALIGN_INT));
	out[4] = PointerGetDatum(construct_md_array(fails, failn, 1, dims, lbs, BOOLOID, 1, true, TYPALIGN_CHAR));
}

/* indicator_rollup's mean score: numeric_avg of the scores, rounded to 4 decimals. */
static bool
RollupSlotAvgScore(RollupSlot *sl, FunctionCallInfo fcinfo, Datum *out)
{
	bool		isnull = true;
	Datum		avg;

	if (sl->scores == (Datum) 0)
		return false;
	avg = RollupNumericAvgCall(numeric_avg, fcinfo, 1, sl->scores, false, (Datum) 0, true, &isnull);
	if (isnull)
		return false;
	*out = DirectFunctionCall2(numeric_round, avg, Int32GetDatum(4));
	return true;
}

/*
 * indicator_rollup final: a perfeval.indicator_detail of the indicators in
 * id order (empty arrays without any), NULL-free ids.
 */
Datum
pe_rollup_final(PG_FUNCTION_ARGS)
{
	RollupState *st = PG_ARGISNULL(0) ? NULL : (RollupState *) PG_GETARG_POINTER(0);
	TupleDesc	td = pe_final_tupdesc(fcinfo, 5, "indicator_rollup_final", "indicator_rollup", "indicator_detail");
	Datum		values[5];
	bool		isnull[5] = {false, false, false, false, false};

	RollupDetailBuild(st, RollupSlotAvgScore, fcinfo, values);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, isnull)));
}

/*
 * indicator_bits(indicator_ids): bit i set for every id i of the array when
 * all ids are between 0 and 62 (0 for an empty array); NULL when an id is
 * NULL or outside that range, so the caller counts them another way
 * (rollup_result's rated indicators, H-3.1.3-4).  A multi-dimensional
 * array is read as its elements.
 */
PG_FUNCTION_INFO_V1(pe_indicator_bits);

Datum
pe_indicator_bits(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	int			n = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	const int32 *v;
	uint64		bits = 0;

	if (ARR_ELEMTYPE(a) != INT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("indicator_bits takes an integer array")));
	if (ARR_HASNULL(a))
		PG_RETURN_NULL();
	v = (const int32 *) pe_array_data(a);
	for (int i = 0; i < n; i++)
	{
		if (v[i] < 0 || v[i] > 62)
			PG_RETURN_NULL();
		bits |= (uint64) 1 << v[i];
	}
	PG_RETURN_INT64((int64) bits);
}

/*
 * rollup_months(month_no, team_id, department_id, attitude, capability,
 * efficiency, satisfaction, measured_total, self_score, department_score,
 * company_score, total, critical_failed, indicator_ids, raw_values, scores,
 * indicators_failed, version_ids, version_weights): one agent's whole
 * quarter or year roll-up (H-3.1.3-4) from its current month result rows in
 * ONE pass (issue 11: rollup_result and rollup_detail each scanned them):
 * the result columns of rollup_result (each subtotal, layer and total the
 * round(avg(x), 4) of the months that have one, team and department of the
 * largest (month_no, team_id, department_id) as max(ARRAY[...]) picks it,
 * bool_or of the failures, months_rolled = count(total), indicators_rated
 * the distinct indicator ids) and the indicator detail of indicator_rollup.
 *
 * Means of 4-decimal values (every score and subtotal of a result is
 * numeric(7,4)) are summed as integers in units of 0.0001 and rounded half
 * away from zero, which is round(avg(x), 4) digit for digit: avg divides
 * with at least 8 decimals while the mean is below 10^11, so with fewer
 * than 10,000 values its quotient cannot be moved onto or off a tie before
 * round; other values (more decimals, NaN, infinities, larger ones) and
 * larger groups take avg's own numeric path.  Returns a perfeval.rollup_row.
 */
PG_FUNCTION_INFO_V1(pe_rollup_months_accum);
PG_FUNCTION_INFO_V1(pe_rollup_months_combine);
PG_FUNCTION_INFO_V1(pe_rollup_months_serialize);
PG_FUNCTION_INFO_V1(pe_rollup_months_deserialize);
PG_FUNCTION_INFO_V1(pe_rollup_months_final);
PG_FUNCTION_INFO_V1(pe_rollup_months_state_final);
PG_FUNCTION_INFO_V1(pe_rollup_merge_accum);

#define RM_NMEANS	9			/* attitude .. total */
#define RM_FAST_MAX_N	1000
#define RM_FAST_MAX_SUM	((int64) 1000000000000000)	/* 10^15 units of 0.0001 */


typedef struct RollupMonthsState
{
	RollupState *detail;		/* indicator_rollup's state */
	ScaledMean	means[RM_NMEANS];
	bool		have_latest;
	int32		latest[3];		/* the largest (month_no, team, department) */
	bool		latest_null[3];
	bool		crit_seen;
	bool		crit;
	bool		null_id;		/* a NULL indicator id was seen */
	int64		months;			/* count(total) */
} RollupMonthsState;

/* A new, empty rollup_months state in aggcontext. */
static RollupMonthsState *
RollupMonthsNew(MemoryContext aggcontext)
{
	RollupMonthsState *st = (RollupMonthsState *) MemoryContextAllocZero(aggcontext, sizeof(RollupMonthsState));

	st->detail = RollupNew(aggcontext);
	return st;
}

/* Adds a numeric to a ScaledMean's numeric sum (in the aggregate's context). */
static inline void
ScaledMeanAddSlow(ScaledMean *m, Datum n, MemoryContext ctx)
{
	NumericSumAdd(&m->slow, n, ctx);
}

/* Returns the integer sum of a ScaledMean as a numeric of its dscale. */
static Numeric
ScaledMeanFastSum(ScaledMean *m)
{
	int64		v = m->sum;

	for (int k = m->dscale; k < 4; k++)
		v /= 10;				/* exact: no fast value had more decimals */
	return int64_div_fast_to_numeric(v, m->dscale);
}

/* Adds a numeric to a ScaledMean (in the aggregate's memory context). */
static void
ScaledMeanAdd(ScaledMean *m, Datum n, MemoryContext ctx)
{
	int64		s;
	int			ds;
	int64		sum;

	m->count++;
	if (pe_numeric_scaled4(n, &s, &ds) && !pg_add_s64_overflow(m->sum, s, &sum)
		&& sum <= RM_FAST_MAX_SUM && sum >= -RM_FAST_MAX_SUM)
	{
		m->sum = sum;
		m->dscale = Max(m->dscale, ds);
		return;
	}
	ScaledMeanAddSlow(m, n, ctx);
}

/* Merges ScaledMean b into a (combine). */
static void
ScaledMeanMerge(ScaledMean *a, ScaledMean *b, MemoryContext ctx)
{
	int64		sum;

	a->count += b->count;
	if (!pg_add_s64_overflow(a->sum, b->sum, &sum) && sum <= RM_FAST_MAX_SUM && sum >= -RM_FAST_MAX_SUM)
	{
		a->sum = sum;
		a->dscale = Max(a->dscale, b->dscale);
	}
	else
		ScaledMeanAddSlow(a, NumericGetDatum(ScaledMeanFastSum(b)), ctx);
	if (b->slow != NULL)
		ScaledMeanAddSlow(a, NumericGetDatum(b->slow), ctx);
}

/*
 * Sets *out to round(avg(values), 4); false without values.  The integer
 * path rounds the exact quotient half away from zero (numeric's rounding);
 * with a numeric part or many values it is numeric_avg's division, then
 * numeric_round.
 */
static bool
ScaledMeanResult(ScaledMean *m, Datum *out)
{
	Numeric		sum;
	Datum		avg;

	if (m->count == 0)
		return false;
	if (m->slow == NULL && m->count <= RM_FAST_MAX_N)
	{
		int64		a = m->sum < 0 ? -m->sum : m->sum;	/* below 10^15: no overflow */
		int64		q = (2 * a + m->count) / (2 * m->count);

		*out = NumericGetDatum(int64_div_fast_to_numeric(m->sum < 0 ? -q : q, 4));
		return true;
	}
	sum = ScaledMeanFastSum(m);
	if (m->slow != NULL)
		sum = DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(sum), NumericGetDatum(m->slow)));
	avg = DirectFunctionCall2(numeric_div, NumericGetDatum(sum), NumericGetDatum(int64_to_numeric(m->count)));
	*out = DirectFunctionCall2(numeric_round, avg, Int32GetDatum(4));
	return true;
}

/* rollup_months' mean score: its exact scaled-integer mean (ScaledMeanResult). */
static bool
RollupSlotScaledScore(RollupSlot *sl, FunctionCallInfo fcinfo, Datum *out)
{
	return ScaledMeanResult(&sl->smean, out);
}

/* Raises 0A000 for a call outside an aggregate. */
static void
RollupMonthsNotAgg(const char *fn)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s called in non-aggregate context", fn),
			 errhint("Call the aggregate perfeval.rollup_months instead.")));
}

/* Array comparison of (month, team, department) with NULL above all, as max(ARRAY[...]). */
static int
RollupLatestCmp(const int32 *a, const bool *an, const int32 *b, const bool *bn)
{
	for (int i = 0; i < 3; i++)
	{
		if (an[i] && bn[i])
			continue;
		if (an[i] != bn[i])
			return an[i] ? 1 : -1;
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	}
	return 0;
}

/* Takes (month, team, department) as the latest when it is larger. */
static void
RollupLatestTake(RollupMonthsState *st, const int32 *v, const bool *vn)
{
	if (!st->have_latest || RollupLatestCmp(v, vn, st->latest, st->latest_null) > 0)
	{
		memcpy(st->latest, v, sizeof(st->latest));
		memcpy(st->latest_null, vn, sizeof(st->latest_null));
		st->have_latest = true;
	}
}



/* rollup_months transition: adds one month result row. */
Datum
pe_rollup_months_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	RollupMonthsState *st;
	int32		key[3];
	bool		keyn[3];

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		RollupMonthsNotAgg("rollup_months_accum");
	st = PG_ARGISNULL(0) ? RollupMonthsNew(aggcontext) : (RollupMonthsState *) PG_GETARG_POINTER(0);

	for (int i = 0; i < 3; i++)
	{
		keyn[i] = PG_ARGISNULL(1 + i);
		key[i] = keyn[i] ? 0 : PG_GETARG_INT32(1 + i);
	}
	RollupLatestTake(st, key, keyn);
	for (int i = 0; i < RM_NMEANS; i++)
		if (!PG_ARGISNULL(4 + i))
			ScaledMeanAdd(&st->means[i], PG_GETARG_DATUM(4 + i), aggcontext);
	if (!PG_ARGISNULL(12))
		st->months++;			/* count(total) */
	if (!PG_ARGISNULL(13))
	{
		st->crit_seen = true;
		st->crit = st->crit || PG_GETARG_BOOL(13);
	}

	/* the indicator detail: indicator_rollup's transition on args 14-19 */
	{
		RollupState *d = st->detail;
		DetailCursor c;
		DetailElem	e;

		RollupSetWeights(d, fcinfo, 18, aggcontext);
		DetailOpen(fcinfo, 14, &c);
		while (c.i < c.n)
		{
			RollupSlot *sl;
			int			i = c.i;

			DetailNext(&c, &e);
			if (e.id_null)
			{
				st->null_id = true;
				continue;
			}
			/* the months usually carry the same ids in the same order */
			if (i < d->n && d->slots[i].id == e.id)
				sl = &d->slots[i];
			else
				sl = RollupSlotOf(d, e.id, aggcontext);
			if (!e.raw_null)
				RollupAddRaw(&sl->raw, e.raw, aggcontext);
			if (!e.score_null)
				ScaledMeanAdd(&sl->smean, e.score, aggcontext);
			if (!e.fail_null)
			{
				sl->fail_seen = true;
				sl->failed = sl->failed || e.failed;
			}
		}
	}
	PG_RETURN_POINTER(st);
}

/*
 * Merges rollup_months state b into a (in aggcontext): the latest month's
 * team, the exact sums, counts and flags; a takes b's version weights
 * when it has none and take_weights is set (a combine), not when a
 * quarter's stored state is merged into a year graded under its own
 * version (rollup_merge).
 */
static void
RollupMonthsMerge(RollupMonthsState *a, RollupMonthsState *b, MemoryContext aggcontext, bool take_weights)
{
	RollupState *ad = a->detail;
	RollupState *bd = b->detail;

	if (b->have_latest)
		RollupLatestTake(a, b->latest, b->latest_null);
	for (int i = 0; i < RM_NMEANS; i++)
		ScaledMeanMerge(&a->means[i], &b->means[i], aggcontext);
	a->months += b->months;
	a->crit_seen = a->crit_seen || b->crit_seen;
	a->crit = a->crit || b->crit;
	a->null_id = a->null_id || b->null_id;
	if (take_weights)
		RollupTakeWeights(ad, bd, aggcontext);
	for (int i = 0; i < bd->n; i++)
	{
		RollupSlot *src = &bd->slots[i];
		RollupSlot *sl = RollupSlotOf(ad, src->id, aggcontext);

		RawMeanMerge(&sl->raw, &src->raw, aggcontext);
		ScaledMeanMerge(&sl->smean, &src->smean, aggcontext);
		sl->fail_seen = sl->fail_seen || src->fail_seen;
		sl->failed = sl->failed || src->failed;
	}
}

/* rollup_months combine: merges two partial states. */
Datum
pe_rollup_months_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	RollupMonthsState *a;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		RollupMonthsNotAgg("rollup_months_combine");
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0));
	a = PG_ARGISNULL(0) ? RollupMonthsNew(aggcontext) : (RollupMonthsState *) PG_GETARG_POINTER(0);
	RollupMonthsMerge(a, (RollupMonthsState *) PG_GETARG_POINTER(1), aggcontext, true);
	PG_RETURN_POINTER(a);
}

/* Appends a ScaledMean to a buffer. */
static void
ScaledMeanPut(StringInfo buf, ScaledMean *m)
{
	char		b = (char) (m->dscale | (m->slow != NULL ? 8 : 0));	/* dscale <= 4 */

	RollupPutU(buf, (uint64) m->count);
	RollupPutS(buf, m->sum);
	RollupPut(buf, &b, 1);
	if (m->slow != NULL)
		RollupPutNumeric(buf, m->slow);
}

/* Reads a ScaledMean written by ScaledMeanPut (22023 when out of range). */
static void
ScaledMeanGet(const char **p, const char *e, ScaledMean *m)
{
	char		b;

	m->count = (int64) RollupGetU(p, e);
	m->sum = RollupGetS(p, e);
	RollupGet(p, e, &b, 1);
	m->dscale = b & 7;
	if (m->count < 0 || m->dscale > 4 || (b & ~15) != 0
		|| m->sum > RM_FAST_MAX_SUM || m->sum < -RM_FAST_MAX_SUM)
		RollupBadState();
	m->slow = (b & 8) != 0 ? RollupGetNumeric(p, e) : NULL;
	if ((b & 8) != 0 && m->slow == NULL)
		RollupBadState();
}

/* The first byte of a rollup_months state's bytes: the format (stored in result.rollup_state). */
#define RM_STATE_FORMAT 1

/*
 * A rollup_months state as bytes: the format byte, the row fields (integers
 * in 7-bit groups, signed ones zigzag-mapped), the nine means, then the
 * version weights and every slot with its score mean.  The format of the
 * parallel serialization and of a quarter's stored state
 * (result.rollup_state, which rollup_merge reads).
 */
static bytea *
RollupMonthsSerialize(RollupMonthsState *st, bool with_weights)
{
	StringInfoData buf;
	char		flags;

	RollupBufInit(&buf);
	flags = RM_STATE_FORMAT;
	RollupPut(&buf, &flags, 1);
	flags = (st->have_latest ? 1 : 0) | (st->crit_seen ? 2 : 0) | (st->crit ? 4 : 0) | (st->null_id ? 8 : 0)
		| (st->latest_null[0] ? 16 : 0) | (st->latest_null[1] ? 32 : 0) | (st->latest_null[2] ? 64 : 0);
	RollupPut(&buf, &flags, 1);
	for (int i = 0; i < 3; i++)
		RollupPutS(&buf, st->latest[i]);
	RollupPutU(&buf, (uint64) st->months);
	for (int i = 0; i < RM_NMEANS; i++)
		ScaledMeanPut(&buf, &st->means[i]);
	if (with_weights)
		RollupPutWeights(&buf, st->detail);
	else
		RollupPutS(&buf, -1);	/* none: a longer roll-up brings its own */
	RollupPutU(&buf, (uint64) st->detail->n);
	for (int i = 0; i < st->detail->n; i++)
	{
		RollupPutSlotHead(&buf, &st->detail->slots[i]);
		ScaledMeanPut(&buf, &st->detail->slots[i].smean);
	}
	return RollupBytea(&buf);
}

/*
 * Merges the bytes of a state (RollupMonthsSerialize) into st, field by
 * field, as RollupMonthsMerge merges a state, the slots matched by position
 * first (the quarters of a year carry the same indicators in the same
 * order); st takes the weights of the bytes only with take_weights (a
 * parallel worker's state; a stored quarter's are not the year's).  Bytes
 * the serializer did not write are 22023 (the error aborts the query, so a
 * half-merged st is never used).  Merged into an empty state, the bytes
 * give back the state they were written from (deserialize).
 */
static void
RollupMonthsMergeBytes(RollupMonthsState *st, bytea *in, MemoryContext aggcontext, bool take_weights)
{
	const char *p = VARDATA_ANY(in);
	const char *e = p + VARSIZE_ANY_EXHDR(in);
	RollupState *d = st->detail;
	char		flags;
	int32		latest[3];
	bool		latest_null[3];
	int64		months;
	int32		nw;
	int32		n;

	RollupGet(&p, e, &flags, 1);
	if (flags != RM_STATE_FORMAT)
		RollupBadState();
	RollupGet(&p, e, &flags, 1);
	for (int i = 0; i < 3; i++)
		latest[i] = RollupGetS32(&p, e);
	months = (int64) RollupGetU(&p, e);
	if (months < 0)
		RollupBadState();
	for (int i = 0; i < 3; i++)
		latest_null[i] = (flags & (16 << i)) != 0;
	if ((flags & 1) != 0)
		RollupLatestTake(st, latest, latest_null);
	st->crit_seen = st->crit_seen || (flags & 2) != 0;
	st->crit = st->crit || (flags & 4) != 0;
	st->null_id = st->null_id || (flags & 8) != 0;
	st->months += months;
	for (int i = 0; i < RM_NMEANS; i++)
	{
		ScaledMean	m;

		ScaledMeanGet(&p, e, &m);
		ScaledMeanMerge(&st->means[i], &m, aggcontext);
	}
	if (take_weights && d->nw < 0)
		RollupGetWeights(&p, e, d);		/* a parallel worker's state */
	else
	{
		/* a stored quarter's weights: a year brings its own */
		nw = RollupGetS32(&p, e);
		if (nw < -1 || nw > PE_MAX_ARRAY_LEN)
			RollupBadState();
		for (int i = 0; i < 2 * nw; i++)
			(void) RollupGetS32(&p, e);
	}
	n = RollupGetSlotCount(&p, e);
	for (int i = 0; i < n; i++)
	{
		int32		id;
		char		sflags;
		RawMeanState raw;
		ScaledMean	sm;
		RollupSlot *sl;

		RollupReadSlotHead(&p, e, &id, &sflags, &raw);
		ScaledMeanGet(&p, e, &sm);
		if (i < d->n && d->slots[i].id == id)
			sl = &d->slots[i];
		else
			sl = RollupSlotOf(d, id, aggcontext);
		RawMeanMerge(&sl->raw, &raw, aggcontext);
		ScaledMeanMerge(&sl->smean, &sm, aggcontext);
		sl->fail_seen = sl->fail_seen || (sflags & 1) != 0;
		sl->failed = sl->failed || (sflags & 2) != 0;
	}
	if (p != e)
		RollupBadState();
}

/* rollup_months serialize (parallel aggregation, issue 11). */
Datum
pe_rollup_months_serialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		RollupMonthsNotAgg("rollup_months_serialize");
	PG_RETURN_BYTEA_P(RollupMonthsSerialize((RollupMonthsState *) PG_GETARG_POINTER(0), true));
}

/* rollup_months deserialize: the state written by serialize (22023 otherwise). */
Datum
pe_rollup_months_deserialize(PG_FUNCTION_ARGS)
{
	RollupMonthsState *st;

	if (!AggCheckCallContext(fcinfo, NULL))
		RollupMonthsNotAgg("rollup_months_deserialize");
	/* the bytes merged into an empty state are the state they were written from */
	st = RollupMonthsNew(CurrentMemoryContext);
	RollupMonthsMergeBytes(st, PG_GETARG_BYTEA_PP(0), CurrentMemoryContext, true);
	PG_RETURN_POINTER(st);
}

/*
 * rollup_months_state final: the state itself as bytes, without the version weights (a quarter's
 * result.rollup_state), NULL without rows.  It shares the transition of
 * rollup_months over the same arguments (both final functions only read
 * the state), so a quarter computes its roll-up and its state in one pass.
 */
Datum
pe_rollup_months_state_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(RollupMonthsSerialize((RollupMonthsState *) PG_GETARG_POINTER(0), false));
}

/*
 * rollup_merge transition: adds one stored quarter state (rollup_state)
 * to a year's roll-up, exactly as the months behind it would have been
 * added (H-3.1.4); the weights are the version's passed here (arguments 2
 * and 3), not the quarter's.  A NULL state adds nothing.
 */
Datum
pe_rollup_merge_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	RollupMonthsState *st;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		RollupMonthsNotAgg("rollup_merge_accum");
	st = PG_ARGISNULL(0) ? RollupMonthsNew(aggcontext) : (RollupMonthsState *) PG_GETARG_POINTER(0);
	RollupSetWeights(st->detail, fcinfo, 2, aggcontext);
	if (!PG_ARGISNULL(1))
		RollupMonthsMergeBytes(st, PG_GETARG_BYTEA_PP(1), aggcontext, false);
	PG_RETURN_POINTER(st);
}

#define RM_NCOLS 19

/*
 * rollup_months final: a perfeval.rollup_row (team_id, department_id, the
 * nine means, critical_failed, months_rolled, indicators_rated, the five
 * detail arrays in indicator order).
 */
Datum
pe_rollup_months_final(PG_FUNCTION_ARGS)
{
	RollupMonthsState *st = PG_ARGISNULL(0) ? NULL : (RollupMonthsState *) PG_GETARG_POINTER(0);
	RollupState *d = st != NULL ? st->detail : NULL;
	int			n = d != NULL ? d->n : 0;
	TupleDesc	td;
	Datum		values[RM_NCOLS];
	bool		isnull[RM_NCOLS];

	if (st == NULL)
		PG_RETURN_NULL();
	td = pe_final_tupdesc(fcinfo, RM_NCOLS, "rollup_months_final", "rollup_months", "rollup_row");
	memset(isnull, 0, sizeof(isnull));
	isnull[0] = !st->have_latest || st->latest_null[1];
	values[0] = Int32GetDatum(st->latest[1]);
	isnull[1] = !st->have_latest || st->latest_null[2];
	values[1] = Int32GetDatum(st->latest[2]);
	for (int i = 0; i < RM_NMEANS; i++)
		isnull[2 + i] = !ScaledMeanResult(&st->means[i], &values[2 + i]);
	isnull[11] = !st->crit_seen;
	values[11] = BoolGetDatum(st->crit);
	if (st->months > PG_INT32_MAX || n + (st->null_id ? 1 : 0) > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rollup_months counted more months than an integer holds")));
	values[12] = Int32GetDatum((int32) st->months);
	values[13] = Int32GetDatum(n + (st->null_id ? 1 : 0));
	RollupDetailBuild(d, RollupSlotScaledScore, fcinfo, &values[14]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, isnull)));
}
