/*
 * grade.c — the grading room: the five grades of H-5.1 as the enum type
 * perfeval.grade (fail < pass < medium < good < excellent), grade_of for
 * absolute cutoffs (H-5.3.3) and grade_label for their names.
 */
#include "perfeval.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "grade.h"

PG_FUNCTION_INFO_V1(pe_grade_of);
PG_FUNCTION_INFO_V1(pe_grade_label);

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
