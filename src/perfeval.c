/*
 * perfeval.c — module magic, the base argument checks and the reader of
 * 4-decimal numerics shared by the rooms (see perfeval.h).
 */
#include "perfeval.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

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

/*
 * Sets *scaled to n * 10^4 and *dscale to n's dscale when n (a numeric
 * datum, possibly with a short header) has at most 4 decimals and is below
 * 10^12; false otherwise (the caller takes the numeric path).  Reads the
 * numeric's on-disk format (stable across releases: pg_upgrade keeps it):
 * a 2-byte short header (sign, dscale, weight) or a 4-byte long one, then
 * base-10000 digits.
 */
bool
pe_numeric_scaled4(Datum d, int64 *scaled, int *dscale)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);
	const char *p;
	int			len;
	uint16		h;
	int			weight;
	int			ds;
	bool		neg;
	int			hdr;
	int			nd;
	int64		r = 0;

	if (VARATT_IS_EXTENDED(v) && !VARATT_IS_SHORT(v))
		return false;			/* toasted or compressed: the numeric path */
	p = VARDATA_ANY(v);
	len = VARSIZE_ANY_EXHDR(v);
	if (len < 2)
		return false;
	memcpy(&h, p, sizeof(uint16));
	if ((h & 0xC000) == 0x8000)
	{
		/* NUMERIC_SHORT */
		neg = (h & 0x2000) != 0;
		ds = (h & 0x1F80) >> 7;
		weight = (h & 0x0040) ? (int) (~0x003F | (h & 0x003F)) : (int) (h & 0x003F);
		hdr = 2;
	}
	else if ((h & 0xC000) == 0x0000 || (h & 0xC000) == 0x4000)
	{
		int16		w;

		if (len < 4)
			return false;
		neg = (h & 0xC000) == 0x4000;
		ds = h & 0x3FFF;
		memcpy(&w, p + 2, sizeof(int16));
		weight = w;
		hdr = 4;
	}
	else
		return false;			/* NaN, infinities */
	nd = (len - hdr) / 2;
	if (ds > 4)
		return false;
	if (nd > 0 && (weight > 2 || weight < -1 || nd > weight + 2))
		return false;
	for (int i = 0; i < nd; i++)
	{
		int16		dig;
		int			e = weight - i + 1;	/* power of 10000 in units of 0.0001 */
		int64		f = 1;

		memcpy(&dig, p + hdr + 2 * i, sizeof(int16));
		while (e-- > 0)
			f *= 10000;
		r += (int64) dig * f;
	}
	*scaled = neg ? -r : r;
	*dscale = ds;
	return true;
}

/*
 * The row type of an aggregate's final function, looked up and blessed
 * once per query (fn_extra of the final function's call site).
 */
TupleDesc
pe_final_tupdesc(FunctionCallInfo fcinfo, int natts, const char *fn, const char *agg, const char *type)
{
	TupleDesc	td = (TupleDesc) fcinfo->flinfo->fn_extra;
	Oid			rettype;
	MemoryContext old;

	if (td != NULL)
		return td;
	rettype = get_fn_expr_rettype(fcinfo->flinfo);
	if (!OidIsValid(rettype))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s needs its result type", fn),
				 errhint("Call the aggregate perfeval.%s instead.", agg)));
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	td = lookup_rowtype_tupdesc_copy(rettype, -1);
	if (td->natts != natts)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s returns a perfeval.%s", fn, type)));
	td = BlessTupleDesc(td);
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = td;
	return td;
}
