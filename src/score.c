/*
 * score.c — the scoring room: indicator normalisation (H-2), the weighted
 * score aggregate (H-3.2.3, H-5) and the blend of the three evaluation
 * layers (H-3.2.3).
 */
#include "perfeval.h"

#include <float.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(pe_normalize);
PG_FUNCTION_INFO_V1(pe_normalize_piecewise);
PG_FUNCTION_INFO_V1(pe_wscore_accum);
PG_FUNCTION_INFO_V1(pe_wscore_combine);
PG_FUNCTION_INFO_V1(pe_wscore_final);
PG_FUNCTION_INFO_V1(pe_blend);

/* Slots of the weighted_score state, a float8[4]. */
#define WS_SUM_WS	0			/* sum of weight * score over rated rows */
#define WS_SUM_W	1			/* sum of weight over rated rows */
#define WS_RATED	2			/* number of rated rows */
#define WS_FAILED	3			/* 1 when a rated row failed a critical item */
#define WS_NSLOTS	4

/*
 * Returns (x - a) / (b - a) without overflow in the subtractions: values
 * beyond a quarter of DBL_MAX are halved first, which keeps the ratio.
 */
static float8
SafeFraction(float8 x, float8 a, float8 b)
{
	if (fabs(x) > DBL_MAX / 4 || fabs(a) > DBL_MAX / 4 || fabs(b) > DBL_MAX / 4)
		return (x / 2 - a / 2) / (b / 2 - a / 2);
	return (x - a) / (b - a);
}

/* Clamps a fraction to [0, 1] and scales it to a 0-100 score. */
static inline float8
FractionToScore(float8 t)
{
	if (t <= 0.0)
		return 0.0;
	if (t >= 1.0)
		return 100.0;
	return t * 100.0;
}

/*
 * normalize(raw, worst, best): worst maps to 0, best to 100, linear and
 * clamped; worst > best serves lower-is-better indicators such as response
 * time (H-2.3.1, H-2.3.3, H-2.4.2, H-2.4.3).
 */
Datum
pe_normalize(PG_FUNCTION_ARGS)
{
	float8		raw = PG_GETARG_FLOAT8(0);
	float8		worst = PG_GETARG_FLOAT8(1);
	float8		best = PG_GETARG_FLOAT8(2);

	pe_check_finite(raw, "raw");
	pe_check_finite(worst, "worst");
	pe_check_finite(best, "best");
	if (worst == best)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("worst and best must differ"),
				 errdetail("Both are %g.", worst),
				 errhint("Give worst > best for a lower-is-better indicator, worst < best otherwise.")));

	PG_RETURN_FLOAT8(FractionToScore(SafeFraction(raw, worst, best)));
}

/*
 * normalize_piecewise(raw, breakpoints, scores): piecewise-linear through
 * (breakpoints[i], scores[i]), flat beyond the ends.  Breakpoints may run
 * either way (lower-is-better indicators run downwards).  Binary search, so
 * the cost is O(log n) after the O(n) checks.
 */
Datum
pe_normalize_piecewise(PG_FUNCTION_ARGS)
{
	float8		raw = PG_GETARG_FLOAT8(0);
	ArrayType  *bp_arr = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *sc_arr = PG_GETARG_ARRAYTYPE_P(2);
	float8	   *bp;
	float8	   *sc;
	int			nbp;
	int			nsc;
	bool		increasing;
	int			lo;
	int			hi;
	float8		t;

	pe_check_finite(raw, "raw");
	bp = pe_float8_array(bp_arr, "breakpoints", &nbp);
	sc = pe_float8_array(sc_arr, "scores", &nsc);
	if (nbp != nsc || nbp < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("breakpoints and scores must have the same length of at least 2"),
				 errdetail("breakpoints has %d elements, scores has %d.", nbp, nsc),
				 errhint("Pass one score per breakpoint, for example '{0,50}' and '{0,100}'.")));

	increasing = bp[1] > bp[0];
	for (int i = 1; i < nbp; i++)
		if (increasing ? !(bp[i] > bp[i - 1]) : !(bp[i] < bp[i - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("breakpoints must be strictly increasing or strictly decreasing"),
					 errdetail("Breakpoint %d is %g, breakpoint %d is %g.",
							   i, bp[i - 1], i + 1, bp[i]),
					 errhint("Sort the breakpoints and remove duplicates.")));

	/* flat beyond the first and the last point */
	if (increasing ? raw <= bp[0] : raw >= bp[0])
		PG_RETURN_FLOAT8(sc[0]);
	if (increasing ? raw >= bp[nbp - 1] : raw <= bp[nbp - 1])
		PG_RETURN_FLOAT8(sc[nbp - 1]);

	/* find the segment [lo, hi] with raw strictly after bp[lo] */
	lo = 0;
	hi = nbp - 1;
	while (hi - lo > 1)
	{
		int			mid = lo + (hi - lo) / 2;

		if (increasing ? raw >= bp[mid] : raw <= bp[mid])
			lo = mid;
		else
			hi = mid;
	}
	t = SafeFraction(raw, bp[lo], bp[hi]);
	/* a convex combination of two finite scores: t lies in [0, 1] */
	PG_RETURN_FLOAT8(sc[lo] * (1.0 - t) + sc[hi] * t);
}

/* Raises 22023 unless arr is a well-formed weighted_score state. */
static void
CheckWscoreState(ArrayType *arr)
{
	if (ARR_NDIM(arr) != 1 || ARR_DIMS(arr)[0] != WS_NSLOTS ||
		ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid weighted_score state"),
				 errdetail("A state is a float8 array of %d elements without NULLs.", WS_NSLOTS),
				 errhint("The state functions are meant for the weighted_score aggregate; call the aggregate.")));
}

/*
 * Returns the weighted_score state to update: in place when called as an
 * aggregate (the state then belongs to the aggregate's memory), else a copy.
 */
static float8 *
WscoreState(FunctionCallInfo fcinfo, int argno, ArrayType **out)
{
	ArrayType  *arr;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("weighted_score state must not be NULL"),
				 errhint("The state functions are meant for the weighted_score aggregate; call the aggregate.")));
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	CheckWscoreState(arr);
	if (!AggCheckCallContext(fcinfo, NULL))
		arr = DatumGetArrayTypePCopy(PG_GETARG_DATUM(argno));
	*out = arr;
	return (float8 *) pe_array_data(arr);
}

/*
 * Transition of weighted_score(score, weight [, critical_failed]): a NULL
 * score is "not applicable" and its weight drops out (renormalisation);
 * a NULL weight or flag is an error, never skipped.  No allocation per row.
 */
Datum
pe_wscore_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *result;
	float8	   *st = WscoreState(fcinfo, 0, &result);
	float8		score;
	float8		weight;
	float8		sum_ws;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("weight must not be NULL"),
				 errhint("Give every row a weight; a NULL score, not a NULL weight, marks a row not applicable.")));
	weight = PG_GETARG_FLOAT8(2);
	/* one test for NaN, infinite, negative and subnormal weights */
	if (unlikely(!(weight == 0.0 || (weight >= DBL_MIN && weight <= DBL_MAX))))
	{
		/*
		 * A subnormal weight has too few bits: weight * score would round
		 * to a few bits too (99.5 * 5e-324 gives 100 * 5e-324), a wrong
		 * weighted score rather than an error.
		 */
		if (weight > 0.0 && weight < DBL_MIN)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weight is too small"),
					 errdetail("The weight given is %g; a positive weight must be at least %g.",
							   weight, DBL_MIN),
					 errhint("Only the ratios of the weights matter: scale them up, or use 0 to ignore a row.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight must be a non-negative finite number"),
				 errdetail("The weight given is %g.", weight),
				 errhint("Weights are relative importances such as basis points; use 0 to ignore a row.")));
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(result);	/* not applicable: weight drops out */

	score = PG_GETARG_FLOAT8(1);
	if (unlikely(!isfinite(score)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score must be a finite number"),
				 errdetail("The score given is %g.", score),
				 errhint("Use NULL for an indicator that does not apply.")));

	if (PG_NARGS() > 3)
	{
		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("critical_failed must not be NULL on a rated row"),
					 errhint("Pass false for indicators that are not critical.")));
		if (PG_GETARG_BOOL(3))
			st[WS_FAILED] = 1.0;
	}

	sum_ws = st[WS_SUM_WS] + weight * score;
	st[WS_SUM_W] += weight;
	if (unlikely(!isfinite(sum_ws) || !isfinite(st[WS_SUM_W])))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("weighted_score is out of range"),
				 errhint("Scale scores and weights down; scores are usually 0-100 and weights basis points.")));
	st[WS_SUM_WS] = sum_ws;
	st[WS_RATED] += 1.0;
	PG_RETURN_ARRAYTYPE_P(result);
}

/* Combines two partial weighted_score states (parallel query, partitions). */
Datum
pe_wscore_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *result;
	float8	   *a = WscoreState(fcinfo, 0, &result);
	ArrayType  *other = PG_GETARG_ARRAYTYPE_P(1);
	float8	   *b;

	CheckWscoreState(other);
	b = (float8 *) pe_array_data(other);
	if (b[WS_RATED] == 0.0)
		PG_RETURN_ARRAYTYPE_P(result);
	a[WS_SUM_WS] += b[WS_SUM_WS];
	a[WS_SUM_W] += b[WS_SUM_W];
	a[WS_RATED] += b[WS_RATED];
	if (b[WS_FAILED] != 0.0)
		a[WS_FAILED] = 1.0;
	if (unlikely(!isfinite(a[WS_SUM_WS]) || !isfinite(a[WS_SUM_W])))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("weighted_score is out of range"),
				 errhint("Scale scores and weights down; scores are usually 0-100 and weights basis points.")));
	PG_RETURN_ARRAYTYPE_P(result);
}

/*
 * Final of weighted_score: NULL when no row is rated, 0 on a critical
 * failure (auto-fail, 一票否决), else sum(weight * score) / sum(weight).
 */
Datum
pe_wscore_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	float8	   *st;

	CheckWscoreState(arr);
	st = (float8 *) pe_array_data(arr);
	if (st[WS_RATED] == 0.0)
		PG_RETURN_NULL();
	if (st[WS_FAILED] != 0.0)
		PG_RETURN_FLOAT8(0.0);
	if (st[WS_SUM_W] == 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_DIVISION_BY_ZERO),
				 errmsg("weights of the rated rows sum to zero"),
				 errdetail("%.0f rows are rated and each has weight 0.", st[WS_RATED]),
				 errhint("Give at least one rated row a positive weight.")));
	PG_RETURN_FLOAT8(st[WS_SUM_WS] / st[WS_SUM_W]);
}

/*
 * blend(self, department, company, weights): the three evaluation layers of
 * H-3.2.3 combined by weight; a NULL layer drops out and the rest are
 * renormalised; NULL when no weighted layer is present.
 */
Datum
pe_blend(PG_FUNCTION_ARGS)
{
	static const char *const layer_names[3] = {"self_score", "department_score", "company_score"};
	ArrayType  *warr;
	float8	   *w;
	int			nw;
	float8		wsum = 0.0;
	float8		num = 0.0;
	float8		den = 0.0;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("weights must not be NULL"),
				 errhint("Omit the argument to use the default '{20,30,50}'.")));
	warr = PG_GETARG_ARRAYTYPE_P(3);
	w = pe_float8_array(warr, "weights", &nw);
	if (nw != 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must have exactly three elements"),
				 errdetail("The array has %d elements.", nw),
				 errhint("Pass the self, department and company weights, for example '{20,30,50}'.")));
	for (int i = 0; i < 3; i++)
	{
		if (w[i] < 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights must not be negative"),
					 errdetail("Weight %d is %g.", i + 1, w[i]),
					 errhint("Use 0 to leave a layer out.")));
		wsum += w[i];
	}
	if (!(wsum > 0.0) || !isfinite(wsum))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must have a positive finite sum"),
				 errdetail("The weights sum to %g.", wsum),
				 errhint("Give at least one layer a positive weight.")));

	for (int i = 0; i < 3; i++)
	{
		float8		s;

		if (PG_ARGISNULL(i))
			continue;
		s = PG_GETARG_FLOAT8(i);
		pe_check_finite(s, layer_names[i]);
		if (w[i] == 0.0)
			continue;
		/* weights are scaled by their sum first, so no product overflows */
		num += (w[i] / wsum) * s;
		den += w[i] / wsum;
	}
	if (den == 0.0)
		PG_RETURN_NULL();
	if (!isfinite(num))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("blend is out of range"),
				 errhint("Layer scores are usually on a 0-100 scale.")));
	PG_RETURN_FLOAT8(num / den);
}
