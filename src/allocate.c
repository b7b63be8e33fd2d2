/*
 * allocate.c — the allocation room: exact division of a bonus pool by the
 * largest-remainder method (H-3.3.1, H-6.1.1).
 *
 * Everything is exact numeric arithmetic on whole units of 10^-scale: the
 * pool becomes P units, share i is owed P * s_i / S units (S the sum of the
 * shares), gets the floor of that, and the P - sum(floors) units left over
 * go one each to the largest remainders P * s_i mod S.  A remainder tie goes
 * to the larger share, then to the earlier position.  No floating point:
 * 128-bit integers when the numbers fit (the usual case), numeric otherwise,
 * with the same result.
 */
#include "perfeval.h"

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

PG_FUNCTION_INFO_V1(pe_allocate);

/* Decimal places an amount may have: scale is 0 .. PE_ALLOC_MAX_SCALE. */
#define PE_ALLOC_MAX_SCALE 15

/* Pools and shares must be below 10^PE_ALLOC_MAX_DIGITS. */
#define PE_ALLOC_MAX_DIGITS 30

/* A share may have at most this many significant decimals. */
#define PE_ALLOC_MAX_SHARE_DECIMALS 100

/* One share's place in the hand-out of the leftover units. */
typedef struct AllocEntry
{
	Numeric		rem;			/* P * s_i mod S */
	Numeric		share;
	int			pos;
} AllocEntry;

/* Returns a numeric parsed from a string the code builds itself (H-3.3.1). */
static Numeric
NumFromCString(const char *s)
{
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(s),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

/* Returns a * b, exactly (H-3.3.1). */
static Numeric
NumMul(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(a),
											   NumericGetDatum(b)));
}

/* Returns a + b, exactly (H-3.3.1). */
static Numeric
NumAdd(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(a),
											   NumericGetDatum(b)));
}

/* Returns a - b, exactly (H-3.3.1). */
static Numeric
NumSub(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_sub, NumericGetDatum(a),
											   NumericGetDatum(b)));
}

/* Returns a / b truncated to an integer, exactly (H-3.3.1). */
static Numeric
NumDivTrunc(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_div_trunc, NumericGetDatum(a),
											   NumericGetDatum(b)));
}

/* Returns -1, 0 or 1 as a is less than, equal to or greater than b (H-3.3.1). */
static int
NumCmp(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a),
											 NumericGetDatum(b)));
}

/* Returns the fewest decimals that represent a exactly, min_scale (H-3.3.1). */
static int
NumMinScale(Numeric a)
{
	return DatumGetInt32(DirectFunctionCall1(numeric_min_scale, NumericGetDatum(a)));
}

/* Returns true for NaN and, on PostgreSQL 14 and later, +-Infinity (H-3.3.1). */
static bool
NumIsSpecial(Numeric a)
{
#if PG_VERSION_NUM >= 140000
	return numeric_is_nan(a) || numeric_is_inf(a);
#else
	return numeric_is_nan(a);
#endif
}

/*
 * Returns 10^exponent, parsed from "1" and zeros, or from "0.0..01" for a
 * negative exponent (H-3.3.1).
 */
static Numeric
PowerOfTen(int exponent)
{
	StringInfoData s;

	initStringInfo(&s);
	if (exponent >= 0)
	{
		appendStringInfoChar(&s, '1');
		for (int i = 0; i < exponent; i++)
			appendStringInfoChar(&s, '0');
	}
	else
	{
		appendStringInfoString(&s, "0.");
		for (int i = 1; i < -exponent; i++)
			appendStringInfoChar(&s, '0');
		appendStringInfoChar(&s, '1');
	}
	return NumFromCString(s.data);
}

/* Orders leftover candidates: larger remainder, then larger share, then earlier (H-3.3.1). */
static int
AllocEntryCmp(const void *a, const void *b)
{
	const AllocEntry *x = (const AllocEntry *) a;
	const AllocEntry *y = (const AllocEntry *) b;
	int			c = NumCmp(y->rem, x->rem);

	if (c != 0)
		return c;
	c = NumCmp(y->share, x->share);
	if (c != 0)
		return c;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/*
 * Raises the errors for a pool that is not a finite, non-negative amount
 * with at most scale decimals (H-3.3.1).
 */
static void
CheckPool(Numeric pool, int scale, Numeric zero, Numeric limit)
{
	if (NumIsSpecial(pool))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pool must be a finite number"),
				 errdetail("The pool is %s.",
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(pool)))),
				 errhint("Pass the amount of the bonus pool.")));
	if (NumCmp(pool, zero) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pool must not be negative"),
				 errdetail("The pool is %s.",
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(pool)))),
				 errhint("Allocate the absolute amount and negate the result for a charge-back.")));
	if (NumCmp(pool, limit) >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("pool is too large"),
				 errdetail("A pool must be less than 10^%d.", PE_ALLOC_MAX_DIGITS)));
	if (NumMinScale(pool) > scale)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pool has more decimals than scale"),
				 errdetail("The pool %s needs %d decimals; scale is %d.",
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(pool))),
						   NumMinScale(pool), scale),
				 errhint("Round the pool to scale decimals, or raise scale.")));
}

/*
 * Raises the errors for share i (1-based) unless it is a finite number in
 * [0, 10^30) with at most PE_ALLOC_MAX_SHARE_DECIMALS significant decimals;
 * returns those decimals and sets *positive (H-3.3.1).
 */
static int
CheckShare(Numeric s, int i, Numeric zero, Numeric limit, bool *positive)
{
	int			sign;
	int			decimals;

	if (NumIsSpecial(s))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shares must be finite numbers"),
				 errdetail("Share %d is %s.", i,
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(s)))),
				 errhint("Replace NaN and infinite shares before allocating.")));
	sign = NumCmp(s, zero);
	if (sign < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shares must not be negative"),
				 errdetail("Share %d is %s.", i,
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(s)))),
				 errhint("Give an agent who gets nothing a share of 0.")));
	if (NumCmp(s, limit) >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("share is too large"),
				 errdetail("Share %d is not less than 10^%d.", i, PE_ALLOC_MAX_DIGITS),
				 errhint("Shares are relative: divide them all by a common factor.")));
	decimals = NumMinScale(s);
	if (decimals > PE_ALLOC_MAX_SHARE_DECIMALS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share has too many decimals"),
				 errdetail("Share %d needs %d decimals; the limit is %d.", i,
						   decimals, PE_ALLOC_MAX_SHARE_DECIMALS),
				 errhint("Round the shares, for instance with round(share, 20).")));
	*positive = sign > 0;
	return decimals;
}

/* Returns a copy of a in the current memory context (H-3.3.1). */
static Numeric
NumCopy(Numeric a)
{
	Numeric		r = palloc(VARSIZE(a));

	memcpy(r, a, VARSIZE(a));
	return r;
}

/* Returns the integer numeric a as an int64; the caller knows it fits (H-3.3.1). */
static int64
NumToInt64(Numeric a)
{
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(a)));
}

#ifdef HAVE_INT128
/* One share's place in the hand-out of the leftover units, in integers. */
typedef struct AllocEntry128
{
	int128		rem;			/* P * a_i mod S */
	int64		share;			/* a_i = s_i * 10^d */
	int			pos;
} AllocEntry128;

/* Orders leftover candidates: larger remainder, then larger share, then earlier (H-3.3.1). */
static int
AllocEntry128Cmp(const void *a, const void *b)
{
	const AllocEntry128 *x = (const AllocEntry128 *) a;
	const AllocEntry128 *y = (const AllocEntry128 *) b;

	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	if (x->share != y->share)
		return x->share > y->share ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/*
 * The largest-remainder method in 128-bit integers, for the usual case:
 * units < 10^18 and every share times 10^d below 10^18, where d is the
 * most decimals any share has.  Then P * a_i < 10^36 and S < 10^24 fit in
 * int128 and the result is the same as in numeric, only faster.  Fills
 * amounts[] with whole units (H-3.3.1).
 */
static void
AllocateInt128(int64 units, Datum *elems, int n, int d, int64 *amounts)
{
	Numeric		mult = PowerOfTen(d);
	int64	   *a = palloc(n * sizeof(int64));
	AllocEntry128 *cand = palloc(n * sizeof(AllocEntry128));
	int			ncand = 0;
	int128		sum = 0;
	int64		assigned = 0;
	int64		left;
	MemoryContext tmp = AllocSetContextCreate(CurrentMemoryContext, "perfeval allocate",
											  ALLOCSET_SMALL_SIZES);

	for (int i = 0; i < n; i++)
	{
		MemoryContext old = MemoryContextSwitchTo(tmp);

		/* exact: s_i has at most d decimals and s_i * 10^d < 10^18 */
		a[i] = NumToInt64(NumMul(DatumGetNumeric(elems[i]), mult));
		MemoryContextSwitchTo(old);
		MemoryContextReset(tmp);
		sum += a[i];
		CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(tmp);
	Assert(sum > 0);

	for (int i = 0; i < n; i++)
	{
		int128		owed = (int128) units * a[i];
		int128		rem = owed % sum;

		amounts[i] = (int64) (owed / sum);
		assigned += amounts[i];
		if (rem > 0)
		{
			cand[ncand].rem = rem;
			cand[ncand].share = a[i];
			cand[ncand].pos = i;
			ncand++;
		}
	}

	/* the remainders sum to left * S, each below S: more than left of them are positive */
	left = units - assigned;
	if (left < 0 || left > ncand)
		elog(ERROR, "allocate: " INT64_FORMAT " units left for %d remainders", left, ncand);
	if (left > 0)
	{
		qsort(cand, ncand, sizeof(AllocEntry128), AllocEntry128Cmp);
		for (int64 j = 0; j < left; j++)
			amounts[cand[j].pos]++;
	}
	pfree(a);
	pfree(cand);
}
#endif							/* HAVE_INT128 */

/*
 * The largest-remainder method in numeric, for any pool and shares within
 * the limits.  Fills floors[] with the amounts in whole units (H-3.3.1).
 */
static void
AllocateNumeric(Numeric units, Datum *elems, int n, Numeric zero, Numeric *floors)
{
	Numeric		one = NumFromCString("1");
	Numeric		sum = zero;
	Numeric		assigned = zero;
	AllocEntry *cand = palloc(n * sizeof(AllocEntry));
	int			ncand = 0;
	int64		left;
	MemoryContext tmp = AllocSetContextCreate(CurrentMemoryContext, "perfeval allocate",
											  ALLOCSET_SMALL_SIZES);
	MemoryContext old;

	/* S, with the intermediate sums freed as it goes */
	for (int i = 0; i < n; i++)
	{
		Numeric		next;

		old = MemoryContextSwitchTo(tmp);
		next = NumAdd(sum, DatumGetNumeric(elems[i]));
		MemoryContextSwitchTo(old);
		if (sum != zero)
			pfree(sum);
		sum = NumCopy(next);
		MemoryContextReset(tmp);
		CHECK_FOR_INTERRUPTS();
	}

	/* floors and remainders: P * s_i = floor_i * S + rem_i, 0 <= rem_i < S */
	for (int i = 0; i < n; i++)
	{
		Numeric		s = DatumGetNumeric(elems[i]);
		Numeric		owed,
					f,
					r,
					next;

		if (NumCmp(s, zero) == 0)
		{
			floors[i] = zero;	/* a zero share gets 0 */
			continue;
		}
		old = MemoryContextSwitchTo(tmp);
		owed = NumMul(units, s);
		f = NumDivTrunc(owed, sum);
		r = NumSub(owed, NumMul(f, sum));
		next = NumAdd(assigned, f);
		MemoryContextSwitchTo(old);
		floors[i] = NumCopy(f);
		if (assigned != zero)
			pfree(assigned);
		assigned = NumCopy(next);
		if (NumCmp(r, zero) > 0)
		{
			cand[ncand].rem = NumCopy(r);
			cand[ncand].share = s;
			cand[ncand].pos = i;
			ncand++;
		}
		MemoryContextReset(tmp);
		CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(tmp);

	/* the remainders sum to left * S, each below S: more than left of them are positive */
	left = NumToInt64(NumSub(units, assigned));
	if (left < 0 || left > ncand)
		elog(ERROR, "allocate: " INT64_FORMAT " units left for %d remainders", left, ncand);
	if (left > 0)
	{
		qsort(cand, ncand, sizeof(AllocEntry), AllocEntryCmp);
		for (int64 j = 0; j < left; j++)
			floors[cand[j].pos] = NumAdd(floors[cand[j].pos], one);
	}
	pfree(cand);
}

/*
 * allocate(pool, shares, scale): amounts with scale decimals, proportional
 * to shares, summing exactly to pool, by the largest-remainder method; a
 * remainder tie goes to the larger share, then to the earlier position; a
 * zero share gets 0 (H-3.3.1 bonus allocation by result).  O(n log n).
 */
Datum
pe_allocate(PG_FUNCTION_ARGS)
{
	Numeric		pool = PG_GETARG_NUMERIC(0);
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(1);
	int32		scale = PG_GETARG_INT32(2);
	Numeric		zero,
				limit,
				units,
				unit,
				maxshare;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			decimals = 0;
	bool		any_positive = false;
	Datum	   *out;
	ArrayType  *result;

	if (scale < 0 || scale > PE_ALLOC_MAX_SCALE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scale must be between 0 and %d", PE_ALLOC_MAX_SCALE),
				 errdetail("The scale given is %d.", scale),
				 errhint("Pass the number of decimals of the currency, such as 2.")));

	zero = NumFromCString("0");
	limit = PowerOfTen(PE_ALLOC_MAX_DIGITS);
	CheckPool(pool, scale, zero, limit);

	Assert(ARR_ELEMTYPE(arr) == NUMERICOID);
	pe_check_array_shape(arr, "shares");
	deconstruct_array(arr, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);

	maxshare = zero;
	for (int i = 0; i < n; i++)
	{
		Numeric		s = DatumGetNumeric(elems[i]);
		bool		positive;

		decimals = Max(decimals, CheckShare(s, i + 1, zero, limit, &positive));
		if (positive)
		{
			any_positive = true;
			if (NumCmp(s, maxshare) > 0)
				maxshare = s;
		}
		elems[i] = NumericGetDatum(s);	/* detoasted */
		CHECK_FOR_INTERRUPTS();
	}
	if (!any_positive)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shares must include a positive share"),
				 errdetail(n == 0 ? "The shares array is empty." : "All %d shares are zero.", n),
				 errhint("A pool can only be allocated to at least one positive share.")));

	/* the pool in whole units of 10^-scale; exact, CheckPool saw to that */
	units = DatumGetNumeric(DirectFunctionCall2(numeric_round,
												NumericGetDatum(NumMul(pool, PowerOfTen(scale))),
												Int32GetDatum(0)));

	/* amounts = units * 10^-scale, each with exactly scale decimals */
	unit = PowerOfTen(-scale);
	out = palloc(n * sizeof(Datum));
#ifdef HAVE_INT128
	if (decimals <= 18 &&
		NumCmp(maxshare, PowerOfTen(18 - decimals)) < 0 &&
		NumCmp(units, PowerOfTen(18)) < 0)
	{
		int64	   *amounts = palloc(n * sizeof(int64));

		AllocateInt128(NumToInt64(units), elems, n, decimals, amounts);
		for (int i = 0; i < n; i++)
			out[i] = NumericGetDatum(NumMul(DatumGetNumeric(DirectFunctionCall1(int8_numeric,
																			 Int64GetDatum(amounts[i]))),
											unit));
	}
	else
#endif
	{
		Numeric    *floors = palloc(n * sizeof(Numeric));

		AllocateNumeric(units, elems, n, zero, floors);
		for (int i = 0; i < n; i++)
			out[i] = NumericGetDatum(NumMul(floors[i], unit));
	}
	result = construct_md_array(out, NULL, ARR_NDIM(arr), ARR_DIMS(arr), ARR_LBOUND(arr),
								NUMERICOID, -1, false, TYPALIGN_INT);
	PG_RETURN_ARRAYTYPE_P(result);
}
