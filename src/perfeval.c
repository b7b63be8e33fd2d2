/*
 * perfeval.c — module magic and the base argument checks (see perfeval.h).
 */
#include "perfeval.h"

#include "catalog/pg_type.h"
#include "utils/lsyscache.h"

PG_MODULE_MAGIC;

/* Raises 22023 for a multi-dimensional, NULL-holding or over-long array. */
void
pe_check_array_shape(ArrayType *arr, const char *argname)
{
	int			ndim = ARR_NDIM(arr);

	if (ndim > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", argname),
				 errdetail("The array has %d dimensions.", ndim),
				 errhint("Pass a plain list such as '{90,80,70,60}'.")));
	if (ARR_HASNULL(arr) && array_contains_nulls(arr))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not contain NULL elements", argname),
				 errhint("Remove the NULL elements or replace them with values.")));
	if (ndim == 1 && ARR_DIMS(arr)[0] > PE_MAX_ARRAY_LEN)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s has too many elements", argname),
				 errdetail("The array has %d elements; the limit is %d.",
						   ARR_DIMS(arr)[0], PE_MAX_ARRAY_LEN),
				 errhint("Split the work into smaller calls.")));
}

/* Raises 22023 unless v is finite; what names the value in the message. */
void
pe_check_finite(float8 v, const char *what)
{
	if (unlikely(!isfinite(v)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number", what),
				 errdetail("The value given is %s.",
						   isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity")),
				 errhint("Replace NaN and infinite values before calling perfeval.")));
}

/*
 * Returns the elements of a one-dimensional float8 array without NULLs,
 * each checked to be finite.  An empty array gives *nitems = 0.
 */
float8 *
pe_float8_array(ArrayType *arr, const char *argname, int *nitems)
{
	float8	   *values;
	int			n;

	Assert(ARR_ELEMTYPE(arr) == FLOAT8OID);
	pe_check_array_shape(arr, argname);
	n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	values = (float8 *) pe_array_data(arr);
	for (int i = 0; i < n; i++)
		if (unlikely(!isfinite(values[i])))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must hold finite numbers", argname),
					 errdetail("Element %d is %s.", i + 1,
							   isnan(values[i]) ? "NaN" :
							   (values[i] > 0 ? "Infinity" : "-Infinity")),
					 errhint("Replace NaN and infinite values before calling perfeval.")));
	*nitems = n;
	return values;
}
