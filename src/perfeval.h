/*
 * perfeval.h — the base every perfeval room builds on.
 *
 * Argument and array checks shared by all C files, so that every function
 * rejects hostile input the same way: one dimension, no NULLs, a bounded
 * length, finite values.  No room includes another room's header.
 */
#ifndef PERFEVAL_H
#define PERFEVAL_H

#include "postgres.h"

#include <math.h>

#include "access/tupdesc.h"
#include "fmgr.h"
#include "utils/array.h"

/* Longest array any perfeval function accepts (1M elements). */
#define PE_MAX_ARRAY_LEN 1000000

/*
 * Returns a pointer to an array's data, like ARR_DATA_PTR, written so that
 * -Wextra -Werror builds (the header's macro mixes signed and unsigned).
 */
static inline char *
pe_array_data(ArrayType *a)
{
	Size		off = ARR_HASNULL(a) ? (Size) a->dataoffset
		: (Size) ARR_OVERHEAD_NONULLS(ARR_NDIM(a));

	return ((char *) a) + off;
}

/* Returns the elements of a one-dimensional float8 array without NULLs. */
extern float8 *pe_float8_array(ArrayType *arr, const char *argname, int *nitems);

/* Raises 22023 unless v is finite; what names the value in the message. */
extern void pe_check_finite(float8 v, const char *what);

/* Raises the shape errors for an array argument that is not a plain list. */
extern void pe_check_array_shape(ArrayType *arr, const char *argname);

/*
 * Sets *scaled to a numeric datum's value times 10^4 and *dscale to its
 * dscale when it has at most 4 decimals and is below 10^12; false
 * otherwise (NaN, infinities, more decimals, larger values).
 */
extern bool pe_numeric_scaled4(Datum d, int64 *scaled, int *dscale);

/*
 * Returns the blessed row type an aggregate's final function fn returns
 * (natts columns, perfeval.type), looked up once per query and kept in
 * fn_extra; 0A000 outside an aggregate call, 42804 for another type.
 */
extern TupleDesc pe_final_tupdesc(FunctionCallInfo fcinfo, int natts, const char *fn,
								  const char *agg, const char *type);

#endif							/* PERFEVAL_H */
