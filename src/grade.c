/*
 * grade.c — the grading room: the five grades of H-5.1 as the enum type
 * perfeval.grade (fail < pass < medium < good < excellent), grade_of for
 * absolute cutoffs (H-5.3.3), grade_label for their names, the window
 * function quota_grade for forced distribution and the window function
 * grade_streak for bottom elimination (H-3.3.5).
 */
#include "perfeval.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "windowapi.h"

#include "grade.h"

PG_FUNCTION_INFO_V1(pe_grade_of);
PG_FUNCTION_INFO_V1(pe_grade_label);
PG_FUNCTION_INFO_V1(pe_quota_grade);
PG_FUNCTION_INFO_V1(pe_grade_streak);

/* Enum labels, worst first: index = grade rank (H-5.1). */
const char *const pe_grade_names[PE_NGRADES] = {
	"fail", "pass", "medium", "good", "excellent"
};

/* Chinese labels of H-5.1, same order. */
static const char *const grade_names_zh[PE_NGRADES] = {
	"不合格", "合格", "中等", "良好", "优秀"
};

/* Returns the OID of the type perfeval.grade (the schema is fixed: not relocatable). */
static Oid
GradeTypeOid(void)
{
	Oid			nspoid = get_namespace_oid("perfeval", false);

	return GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
						   CStringGetDatum("grade"), ObjectIdGetDatum(nspoid));
}

/*
 * Fills oids[] with the enum value OIDs of the five grades, worst first.
 * typoid may be InvalidOid, in which case the type is found by name.
 */
void
pe_grade_oids(Oid typoid, Oid *oids)
{
	if (!OidIsValid(typoid))
		typoid = GradeTypeOid();
	for (int g = 0; g < PE_NGRADES; g++)
	{
		oids[g] = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
								  ObjectIdGetDatum(typoid),
								  CStringGetDatum(pe_grade_names[g]));
		if (!OidIsValid(oids[g]))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("grade label \"%s\" is missing from type perfeval.grade",
							pe_grade_names[g]),
					 errhint("Reinstall the extension: ALTER EXTENSION must not rename grade labels.")));
	}
}

/* Returns the rank (0 = fail .. 4 = excellent) of a grade enum value. */
int
pe_grade_rank(Oid enumval)
{
	HeapTuple	tup = SearchSysCache1(ENUMOID, ObjectIdGetDatum(enumval));
	const char *label;
	int			rank = -1;

	if (!HeapTupleIsValid(tup))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid grade value %u", enumval)));
	label = NameStr(((Form_pg_enum) GETSTRUCT(tup))->enumlabel);
	for (int g = 0; g < PE_NGRADES; g++)
		if (strcmp(label, pe_grade_names[g]) == 0)
			rank = g;
	ReleaseSysCache(tup);
	if (rank < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"%s\" is not a perfeval grade", label)));
	return rank;
}

/* Per-call-site cache of grade_of: enum OIDs and, for constant cutoffs, the cutoffs. */
typedef struct GradeOfCache
{
	Oid			oids[PE_NGRADES];
	bool		cutoffs_cached;
	float8		cutoffs[4];
} GradeOfCache;

/* Parses and checks the cutoffs: four finite, strictly decreasing numbers. */
static void
ParseCutoffs(ArrayType *arr, float8 *out)
{
	int			n;
	float8	   *c = pe_float8_array(arr, "cutoffs", &n);

	if (n != 4)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cutoffs must have exactly four elements"),
				 errdetail("The array has %d elements.", n),
				 errhint("Pass four cutoffs, for excellent, good, medium and pass, such as '{90,80,70,60}'.")));
	for (int i = 1; i < 4; i++)
		if (!(c[i] < c[i - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cutoffs must be strictly decreasing"),
					 errdetail("Cutoff %d is %g, cutoff %d is %g.", i, c[i - 1], i + 1, c[i]),
					 errhint("Pass four cutoffs, for excellent, good, medium and pass.")));
	memcpy(out, c, 4 * sizeof(float8));
}

/*
 * Rounds a score to PE_SCORE_DIGITS decimals before it meets a boundary, so
 * that sums that differ in the last bit with the order of addition (serial
 * versus parallel plans) get the same grade.
 */
float8
pe_round_score(float8 score)
{
	if (fabs(score) < 1e12)
		return rint(score * PE_SCORE_SCALE) / PE_SCORE_SCALE;
	return score;
}

/*
 * grade_of(score, cutoffs): excellent at or above cutoffs[1], good at or
 * above cutoffs[2], medium, pass, else fail (H-5.1, thresholds versioned
 * per H-5.3.3).
 */
Datum
pe_grade_of(PG_FUNCTION_ARGS)
{
	float8		score = PG_GETARG_FLOAT8(0);
	GradeOfCache *cache = (GradeOfCache *) fcinfo->flinfo->fn_extra;
	float8		local[4];
	float8	   *cut;
	int			g;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(GradeOfCache));
		pe_grade_oids(get_fn_expr_rettype(fcinfo->flinfo), cache->oids);
		fcinfo->flinfo->fn_extra = cache;
	}
	if (cache->cutoffs_cached)
		cut = cache->cutoffs;
	else
	{
		ParseCutoffs(PG_GETARG_ARRAYTYPE_P(1), local);
		cut = local;
		if (get_fn_expr_arg_stable(fcinfo->flinfo, 1))
		{
			memcpy(cache->cutoffs, local, sizeof(local));
			cache->cutoffs_cached = true;
		}
	}

	if (isnan(score))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score must not be NaN"),
				 errhint("Use NULL for a score that is missing.")));
	score = pe_round_score(score);
	if (score >= cut[0])
		g = 4;
	else if (score >= cut[1])
		g = 3;
	else if (score >= cut[2])
		g = 2;
	else if (score >= cut[3])
		g = 1;
	else
		g = 0;
	PG_RETURN_OID(cache->oids[g]);
}

/* grade_label(grade, lang): 优秀 .. 不合格 for 'zh', the English words for 'en'. */
Datum
pe_grade_label(PG_FUNCTION_ARGS)
{
	int			rank = pe_grade_rank(PG_GETARG_OID(0));
	text	   *lang = PG_GETARG_TEXT_PP(1);
	const char *l = VARDATA_ANY(lang);
	int			len = VARSIZE_ANY_EXHDR(lang);

	if (len == 2 && memcmp(l, "zh", 2) == 0)
		PG_RETURN_TEXT_P(cstring_to_text(grade_names_zh[rank]));
	if (len == 2 && memcmp(l, "en", 2) == 0)
		PG_RETURN_TEXT_P(cstring_to_text(pe_grade_names[rank]));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unsupported label language \"%s\"", text_to_cstring(lang)),
			 errhint("Use 'zh' for Chinese or 'en' for English.")));
	PG_RETURN_NULL();			/* not reached */
}

/* ------------------------------------------------------------------------
 * Forced distribution: quota_grade (H-3.3.1, H-5.1)
 * ------------------------------------------------------------------------
 */

/*
 * Per-call-site cache of quota_grade: the enum OIDs and, when the
 * percentages are a constant or a parameter, the parsed percentages.
 * Grade indexes here are best first: 0 = excellent .. 4 = fail, the order
 * of the percentages argument.
 */
typedef struct QuotaGradeCache
{
	Oid			oids[PE_NGRADES];	/* worst first, as pe_grade_oids gives */
	bool		pct_stable;		/* argument is the same for every row */
	bool		pct_cached;
	int32		pct[PE_NGRADES];	/* best first */
} QuotaGradeCache;

/* Per-partition state of quota_grade, in the partition-local memory. */
typedef struct QuotaGradePartition
{
	bool		initialized;
	int32		pct[PE_NGRADES];	/* the partition's percentages, best first */
	int64		ends[PE_NGRADES];	/* position after the last seat of grade k */
	int64		last_pos;		/* position of the previous call */
	int			group_grade;	/* best-first grade of the current peer group */
} QuotaGradePartition;

/*
 * Parses and checks the percentages of quota_grade: five non-negative
 * integers for excellent, good, medium, pass and fail that sum to 100
 * (H-5.1).
 */
static void
ParsePercentages(ArrayType *arr, int32 *out)
{
	int			n;
	int32	   *v;
	int64		sum = 0;

	Assert(ARR_ELEMTYPE(arr) == INT4OID);
	pe_check_array_shape(arr, "percentages");
	n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	if (n != PE_NGRADES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("percentages must have exactly five elements"),
				 errdetail("The array has %d elements.", n),
				 errhint("Pass five percentages, for excellent, good, medium, pass and fail, such as '{10,20,40,20,10}'.")));
	v = (int32 *) pe_array_data(arr);
	for (int k = 0; k < PE_NGRADES; k++)
	{
		if (v[k] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("percentages must not be negative"),
					 errdetail("The percentage for %s is %d.",
							   pe_grade_names[PE_NGRADES - 1 - k], v[k]),
					 errhint("Pass five percentages from 0 to 100 that sum to 100.")));
		sum += v[k];
	}
	if (sum != 100)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("percentages must sum to 100"),
				 errdetail("They sum to " INT64_FORMAT ".", sum),
				 errhint("Pass five percentages, for excellent, good, medium, pass and fail, that sum to 100.")));
	memcpy(out, v, PE_NGRADES * sizeof(int32));
}

/*
 * Fills quota[] (best first) with the seats of each grade among n rows by
 * the largest-remainder method in integers: floor(n*p/100) each, then the
 * leftover seats one by one to the largest remainders n*p mod 100, a tie
 * going to the better grade (H-5.1, forced distribution).
 */
static void
LargestRemainderQuotas(int64 n, const int32 *pct, int64 *quota)
{
	int64		rem[PE_NGRADES];
	int64		left = n;

	for (int k = 0; k < PE_NGRADES; k++)
	{
		/* n * pct[k] cannot overflow: n is a row count and pct[k] <= 100 */
		quota[k] = (n / 100) * pct[k] + ((n % 100) * pct[k]) / 100;
		rem[k] = ((n % 100) * pct[k]) % 100;
		left -= quota[k];
	}
	/* the remainders sum to 100 * left, so fewer than five seats are left */
	Assert(left >= 0 && left < PE_NGRADES);
	while (left-- > 0)
	{
		int			best = -1;

		for (int k = 0; k < PE_NGRADES; k++)
			if (rem[k] >= 0 && (best < 0 || rem[k] > rem[best]))
				best = k;		/* strict '>' keeps the better grade on a tie */
		quota[best]++;
		rem[best] = -1;			/* at most one extra seat per grade */
	}
}

/* Returns the percentages argument of the current row, parsed and checked (H-5.1). */
static void
CurrentPercentages(WindowObject winobj, int32 *out)
{
	bool		isnull;
	Datum		d = WinGetFuncArgCurrent(winobj, 0, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("percentages must not be NULL"),
				 errhint("Pass five percentages, for excellent, good, medium, pass and fail, such as '{10,20,40,20,10}'.")));
	ParsePercentages(DatumGetArrayTypeP(d), out);
}

/*
 * quota_grade(percentages) OVER (PARTITION BY ... ORDER BY ...): forced
 * distribution.  The n rows of a partition get, in window order, the
 * largest-remainder quotas of excellent, good, medium, pass and fail; rows
 * that are peers under ORDER BY never split: a peer group takes the grade
 * of its first (best-placed) row.  O(1) per row after the partition's row
 * count is known (H-5.1, H-1.2.1 determinism).
 */
Datum
pe_quota_grade(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	QuotaGradeCache *cache = (QuotaGradeCache *) fcinfo->flinfo->fn_extra;
	QuotaGradePartition *part;
	int64		curpos;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(QuotaGradeCache));
		pe_grade_oids(get_fn_expr_rettype(fcinfo->flinfo), cache->oids);
		cache->pct_stable = get_fn_expr_arg_stable(fcinfo->flinfo, 0);
		fcinfo->flinfo->fn_extra = cache;
	}

	part = (QuotaGradePartition *) WinGetPartitionLocalMemory(winobj, sizeof(QuotaGradePartition));
	curpos = WinGetCurrentPosition(winobj);

	if (!part->initialized)
	{
		int64		quota[PE_NGRADES];
		int64		end = 0;

		/* the executor calls a window function for rows 0, 1, 2... in order */
		if (curpos != 0)
			elog(ERROR, "quota_grade called first at row " INT64_FORMAT " of a partition", curpos);
		if (cache->pct_cached)
			memcpy(part->pct, cache->pct, sizeof(part->pct));
		else
		{
			CurrentPercentages(winobj, part->pct);
			if (cache->pct_stable)
			{
				memcpy(cache->pct, part->pct, sizeof(part->pct));
				cache->pct_cached = true;
			}
		}
		LargestRemainderQuotas(WinGetPartitionRowCount(winobj), part->pct, quota);
		for (int k = 0; k < PE_NGRADES; k++)
		{
			end += quota[k];
			part->ends[k] = end;
		}
		part->initialized = true;
	}
	else
	{
		if (curpos != part->last_pos + 1)
			elog(ERROR, "quota_grade called at row " INT64_FORMAT " after row " INT64_FORMAT,
				 curpos, part->last_pos);
		if (!cache->pct_stable)
		{
			int32		pct[PE_NGRADES];

			CurrentPercentages(winobj, pct);
			if (memcmp(pct, part->pct, sizeof(pct)) != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("percentages must be the same for every row of a partition"),
						 errdetail("Row " INT64_FORMAT " of the partition has other percentages than its first row.",
								   curpos + 1),
						 errhint("Pass a constant, or partition by the column that holds the percentages.")));
		}
	}

	/* a new peer group starts at row 0 and wherever the ORDER BY keys change */
	if (curpos == 0 || !WinRowsArePeers(winobj, curpos - 1, curpos))
	{
		int			k = 0;

		while (k < PE_NGRADES - 1 && curpos >= part->ends[k])
			k++;
		part->group_grade = k;
	}
	part->last_pos = curpos;
	/* rows before the current one are no longer needed */
	WinSetMarkPosition(winobj, curpos);

	PG_RETURN_OID(cache->oids[PE_NGRADES - 1 - part->group_grade]);
}

/* ------------------------------------------------------------------------
 * Streaks for bottom elimination: grade_streak (H-3.3.5)
 * ------------------------------------------------------------------------
 */

/* Per-partition state of grade_streak. */
typedef struct GradeStreakPartition
{
	bool		has_prev;
	int64		last_pos;
	int32		prev_index;		/* period_index of the previous row */
	int64		run;			/* run length at the previous row */
} GradeStreakPartition;

/* Returns the rank (0 = fail .. 4 = excellent) of a grade from the cached OIDs (H-5.1). */
static int
CachedGradeRank(const Oid *oids, Oid g)
{
	for (int k = 0; k < PE_NGRADES; k++)
		if (oids[k] == g)
			return k;
	return pe_grade_rank(g);	/* raises the error for a foreign value */
}

/*
 * grade_streak(g, threshold, period_index) OVER (PARTITION BY agent ORDER
 * BY period_index): the number of consecutive adjacent periods, ending at
 * the current row, in which the grade was at or below threshold; 0 when
 * the current grade is above it or NULL.  Adjacent means period_index =
 * previous period_index + 1; a gap breaks the streak (H-3.3.5).
 */
Datum
pe_grade_streak(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	Oid		   *oids = (Oid *) fcinfo->flinfo->fn_extra;
	GradeStreakPartition *part;
	int64		curpos;
	bool		isnull;
	Datum		d;
	int			threshold;
	int32		idx;
	int64		run;

	if (oids == NULL)
	{
		oids = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, PE_NGRADES * sizeof(Oid));
		pe_grade_oids(get_fn_expr_argtype(fcinfo->flinfo, 0), oids);
		fcinfo->flinfo->fn_extra = oids;
	}
	part = (GradeStreakPartition *) WinGetPartitionLocalMemory(winobj, sizeof(GradeStreakPartition));
	curpos = WinGetCurrentPosition(winobj);
	if (part->has_prev && curpos != part->last_pos + 1)
		elog(ERROR, "grade_streak called at row " INT64_FORMAT " after row " INT64_FORMAT,
			 curpos, part->last_pos);

	d = WinGetFuncArgCurrent(winobj, 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("threshold must not be NULL"),
				 errhint("Pass the grade at or below which a period counts, such as 'pass'.")));
	threshold = CachedGradeRank(oids, DatumGetObjectId(d));

	d = WinGetFuncArgCurrent(winobj, 2, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("period_index must not be NULL"),
				 errhint("Pass a consecutive ordinal of the period, such as year * 12 + month for months.")));
	idx = DatumGetInt32(d);
	if (part->has_prev && idx <= part->prev_index)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period_index must increase strictly within a partition"),
				 errdetail("Period index %d follows period index %d.", idx, part->prev_index),
				 errhint("Use OVER (PARTITION BY agent ORDER BY period_index), with one row per agent and period.")));

	d = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull || CachedGradeRank(oids, DatumGetObjectId(d)) > threshold)
		run = 0;
	else if (part->has_prev && part->run > 0 && (int64) idx == (int64) part->prev_index + 1)
		run = part->run + 1;
	else
		run = 1;
	if (run > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("grade streak is too long")));

	part->has_prev = true;
	part->prev_index = idx;
	part->run = run;
	part->last_pos = curpos;
	WinSetMarkPosition(winobj, curpos);

	PG_RETURN_INT32((int32) run);
}
