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

#include "catalog/pg_type.h"
#include "common/int.h"
#include "utils/array.h"
#include "utils/builtins.h"
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
