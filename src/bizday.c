/*
 * bizday.c — the calendar room's functions: Excel-style workday and
 * networkdays, numpy-style busday_offset and busday_count, is_workday, and
 * deadline, on table calendars (perfeval.calendar) or on weekend codes and
 * holiday / workday arrays (the IMMUTABLE variants).  Every function costs
 * O(log H) for H exceptions whatever the day count (see calendar.h).
 *
 * The appeal deadlines of H-6.3.3, H-8.1.3, H-8.2.2, H-8.2.4, H-8.2.5 and
 * H-8.3.2 are counted in working days with these functions.
 */
#include "perfeval.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "calendar.h"

PG_FUNCTION_INFO_V1(pe_workday);
PG_FUNCTION_INFO_V1(pe_networkdays);
PG_FUNCTION_INFO_V1(pe_is_workday);
PG_FUNCTION_INFO_V1(pe_busday_offset);
PG_FUNCTION_INFO_V1(pe_busday_count);
PG_FUNCTION_INFO_V1(pe_deadline);
PG_FUNCTION_INFO_V1(pe_workday_arrays);
PG_FUNCTION_INFO_V1(pe_networkdays_arrays);

/* numpy's roll modes. */
typedef enum PeRoll
{
	PE_ROLL_RAISE,
	PE_ROLL_NAT,
	PE_ROLL_FORWARD,
	PE_ROLL_FOLLOWING,
	PE_ROLL_BACKWARD,
	PE_ROLL_PRECEDING,
	PE_ROLL_MODIFIEDFOLLOWING,
	PE_ROLL_MODIFIEDPRECEDING
} PeRoll;

static const char *const PeRollNames[] = {
	"raise", "nat", "forward", "following", "backward", "preceding",
	"modifiedfollowing", "modifiedpreceding"
};

/* Raises 22008 for an infinite date argument (what names it). */
static inline void
CheckFinite(DateADT d, const char *what)
{
	if (unlikely(DATE_NOT_FINITE(d)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite date", what),
				 errdetail("The value given is %s.", DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity"),
				 errhint("Working-day arithmetic needs a real day.")));
}

/*
 * Returns the working day of rank t; when there is none (a calendar whose
 * working days are all explicit workdays and run out), a bounded calendar
 * raises its 22008 range error in the direction of the search, an array
 * calendar 22023.
 */
static int64
SelectOrRaise(const PeCal *cal, int64 t, int64 from, bool forward)
{
	int64		r;

	if (likely(pe_cal_select(cal, t, &r)))
		return r;
	if (cal->bounded)
	{
		if (forward)
			pe_cal_range_error(cal, from, (int64) cal->valid_to + 1);
		else
			pe_cal_range_error(cal, (int64) cal->valid_from - 1, from);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the calendar has no working day in that direction"),
			 errhint("Leave at least one working weekday.")));
	return 0;					/* keep compiler quiet */
}

/*
 * Returns the day reached from start by days working days, Excel WORKDAY
 * style: the start day never counts, 0 returns start, negative goes back
 * (handbook "Working days": the event day itself is not counted).
 */
static int64
CalWorkday(const PeCal *cal, DateADT start, int32 days)
{
	int64		s = start;
	int64		t;
	int64		r;

	CheckFinite(start, "start");
	pe_cal_check_range(cal, s, s);
	if (days == 0)
		return s;
	if (days > 0)
		t = pe_cal_rank(cal, s + 1) + days - 1;
	else
		t = pe_cal_rank(cal, s) + days;
	r = SelectOrRaise(cal, t, s, days > 0);
	if (days > 0)
		pe_cal_check_range(cal, s, r);
	else
		pe_cal_check_range(cal, r, s);
	pe_cal_check_date(r);
	return r;
}

/* Returns Excel NETWORKDAYS: working days in [a, b], negated if a > b. */
static int32
CalNetworkdays(const PeCal *cal, DateADT a, DateADT b)
{
	int64		lo = Min(a, b),
				hi = Max(a, b);
	int64		n;

	CheckFinite(a, "start");
	CheckFinite(b, "finish");
	pe_cal_check_range(cal, lo, hi);
	n = pe_cal_rank(cal, hi + 1) - pe_cal_rank(cal, lo);
	return (int32) (a <= b ? n : -n);
}

/* Parses a roll mode name (numpy's eight), 22023 otherwise. */
static PeRoll
ParseRoll(text *roll)
{
	int			len = VARSIZE_ANY_EXHDR(roll);
	const char *s = VARDATA_ANY(roll);

	for (int i = 0; i < (int) lengthof(PeRollNames); i++)
		if ((int) strlen(PeRollNames[i]) == len &&
			memcmp(PeRollNames[i], s, len) == 0)
			return (PeRoll) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid roll mode \"%s\"", text_to_cstring(roll)),
			 errhint("Use raise, nat, forward, following, backward, preceding, modifiedfollowing or modifiedpreceding.")));
	return PE_ROLL_RAISE;		/* keep compiler quiet */
}

/* Month number (year * 12 + month) of a day, for the modified rolls. */
static int64
MonthOf(int64 d)
{
	int			y,
				m,
				dd;

	j2date((int) (d + POSTGRES_EPOCH_JDATE), &y, &m, &dd);
	return (int64) y * 12 + m;
}

/* Returns the first working day >= d (range-checked). */
static int64
RollForward(const PeCal *cal, int64 d)
{
	int64		r = SelectOrRaise(cal, pe_cal_rank(cal, d), d, true);

	pe_cal_check_range(cal, d, r);
	return r;
}

/* Returns the last working day <= d (range-checked). */
static int64
RollBackward(const PeCal *cal, int64 d)
{
	int64		r = SelectOrRaise(cal, pe_cal_rank(cal, d + 1) - 1, d, false);

	pe_cal_check_range(cal, r, d);
	return r;
}

/* workday(start date, days int, calendar text): Excel WORKDAY on a table calendar (H-6.3.3, H-8). */
Datum
pe_workday(PG_FUNCTION_ARGS)
{
	DateADT		start = PG_GETARG_DATEADT(0);
	int32		days = PG_GETARG_INT32(1);
	const PeCal *cal = pe_cal_get(fcinfo, PG_GETARG_TEXT_PP(2));

	PG_RETURN_DATEADT((DateADT) CalWorkday(cal, start, days));
}

/* networkdays(start, finish, calendar): Excel NETWORKDAYS on a table calendar (H-8). */
Datum
pe_networkdays(PG_FUNCTION_ARGS)
{
	DateADT		a = PG_GETARG_DATEADT(0);
	DateADT		b = PG_GETARG_DATEADT(1);
	const PeCal *cal = pe_cal_get(fcinfo, PG_GETARG_TEXT_PP(2));

	PG_RETURN_INT32(CalNetworkdays(cal, a, b));
}

/* is_workday(day, calendar): whether day is a working day (handbook "Working days"). */
Datum
pe_is_workday(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	const PeCal *cal = pe_cal_get(fcinfo, PG_GETARG_TEXT_PP(1));

	CheckFinite(d, "day");
	pe_cal_check_range(cal, d, d);
	PG_RETURN_BOOL(pe_cal_is_work(cal, d));
}

/*
 * busday_offset(day, offset, roll, calendar): numpy.busday_offset — roll a
 * day off to a working day by the roll mode, then move offset working days
 * (handbook "Working days").
 */
Datum
pe_busday_offset(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);
	int32		offset = PG_GETARG_INT32(1);
	PeRoll		roll = ParseRoll(PG_GETARG_TEXT_PP(2));
	const PeCal *cal = pe_cal_get(fcinfo, PG_GETARG_TEXT_PP(3));
	int64		d = day;
	int64		r,
				res;

	CheckFinite(day, "day");
	pe_cal_check_range(cal, d, d);
	r = d;
	if (!pe_cal_is_work(cal, d))
	{
		switch (roll)
		{
			case PE_ROLL_RAISE:
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s is not a working day in calendar \"%s\"",
								pe_cal_day_text(d), cal->name),
						 errhint("Pass a roll mode such as 'forward' or 'backward' to move it to a working day first.")));
				break;
			case PE_ROLL_NAT:
				PG_RETURN_NULL();
			case PE_ROLL_FORWARD:
			case PE_ROLL_FOLLOWING:
				r = RollForward(cal, d);
				break;
			case PE_ROLL_BACKWARD:
			case PE_ROLL_PRECEDING:
				r = RollBackward(cal, d);
				break;
			case PE_ROLL_MODIFIEDFOLLOWING:
				r = RollForward(cal, d);
				if (MonthOf(r) != MonthOf(d))
					r = RollBackward(cal, d);
				break;
			case PE_ROLL_MODIFIEDPRECEDING:
				r = RollBackward(cal, d);
				if (MonthOf(r) != MonthOf(d))
					r = RollForward(cal, d);
				break;
		}
	}
	if (offset == 0)
		PG_RETURN_DATEADT((DateADT) r);
	res = SelectOrRaise(cal, pe_cal_rank(cal, r) + offset, r, offset > 0);
	pe_cal_check_range(cal, Min(res, d), Max(res, d));
	pe_cal_check_date(res);
	PG_RETURN_DATEADT((DateADT) res);
}

/*
 * busday_count(begin, finish, calendar): numpy.busday_count — working days
 * in [begin, finish); for begin > finish, minus the working days in
 * (finish, begin] (numpy >= 1.25).
 */
Datum
pe_busday_count(PG_FUNCTION_ARGS)
{
	DateADT		a = PG_GETARG_DATEADT(0);
	DateADT		b = PG_GETARG_DATEADT(1);
	const PeCal *cal = pe_cal_get(fcinfo, PG_GETARG_TEXT_PP(2));
	int64		n;

	CheckFinite(a, "begin");
	CheckFinite(b, "finish");
	if (a == b)
		PG_RETURN_INT32(0);
	if (a < b)
	{
		pe_cal_check_range(cal, a, (int64) b - 1);
		n = pe_cal_rank(cal, b) - pe_cal_rank(cal, a);
	}
	else
	{
		pe_cal_check_range(cal, (int64) b + 1, a);
		n = -(pe_cal_rank(cal, (int64) a + 1) - pe_cal_rank(cal, (int64) b + 1));
	}
	PG_RETURN_INT32((int32) n);
}

/* Raises 22008 for a deadline past the timestamp range (what the end day is). */
static void
DeadlineRangeError(int64 day)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("deadline out of range"),
			 errdetail("The working day reached ends on %s, beyond the range of timestamp with time zone (4713 BC to 294276 AD).",
					   pe_cal_day_text(day)),
			 errhint("Use a smaller day count.")));
}

/*
 * Returns the first instant whose local date in tz is on or after day
 * (a day number): the first late instant of a deadline ending the day
 * before.  Walks the zone's offset segments from two days before the local
 * midnight: in a segment with offset o the wall clock is t + o, increasing,
 * so the first instant of the segment at or past midnight M is
 * max(start, M - o).  Where the clock goes back across or onto midnight
 * (America/Havana, 2024-11-03) this is the first of the two midnights,
 * where it jumps over midnight it is the transition itself.  Seconds since
 * the Unix epoch, in int64 (|day| < 2^31, so no overflow); the caller
 * converts to microseconds with an overflow check.
 */
static int64
FirstInstantOfDay(int64 day, pg_tz *tz)
{
	int64		m = (day + POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY;
	pg_time_t	t = m - 2 * SECS_PER_DAY;

	/* offsets stay within a day, so the clock at t is before midnight */
	for (int guard = 0; guard < 1000; guard++)
	{
		long		before_gmtoff,
					after_gmtoff;
		int			before_isdst,
					after_isdst;
		pg_time_t	boundary;
		int			res;

		res = pg_next_dst_boundary(&t, &before_gmtoff, &before_isdst,
								   &boundary, &after_gmtoff, &after_isdst, tz);
		if (res < 0)
			break;
		if (t + before_gmtoff >= m)
			return t;
		if (res == 0 || m - before_gmtoff < boundary)
			return m - before_gmtoff;
		t = boundary;
	}
	elog(ERROR, "cannot find the start of a local day in time zone \"%s\"",
		 pg_get_timezone_name(tz));
	return 0;					/* keep compiler quiet */
}

/*
 * deadline(event, days, calendar): the first late instant of a time limit
 * of days working days counted from the event's local date (in the
 * calendar's time zone): the first instant of the local day after the
 * working day reached, whatever the zone's transitions (H-6.3.3, H-8.1.3,
 * H-8.2.2, H-8.2.4, H-8.2.5, H-8.3.2).  22008 when that instant is past the
 * timestamp range.
 */
Datum
pe_deadline(PG_FUNCTION_ARGS)
{
	TimestampTz event = PG_GETARG_TIMESTAMPTZ(0);
	int32		days = PG_GETARG_INT32(1);
	const PeCal *cal = pe_cal_get(fcinfo, PG_GETARG_TEXT_PP(2));
	pg_tz	   *tz;
	struct pg_tm tt;
	fsec_t		fsec;
	int			tzoff;
	DateADT		ldate;
	int64		r;
	int64		secs;
	int64		usecs;

	if (TIMESTAMP_NOT_FINITE(event))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("event must be a finite timestamp"),
				 errhint("A deadline needs a real event time.")));
	tz = pg_tzset(cal->time_zone);
	if (tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" of calendar \"%s\" is not recognized",
						cal->time_zone, cal->name),
				 errhint("Set the calendar's time_zone to a name from pg_timezone_names.")));
	if (timestamp2tm(event, &tzoff, &tt, &fsec, NULL, tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	ldate = date2j(tt.tm_year, tt.tm_mon, tt.tm_mday) - POSTGRES_EPOCH_JDATE;
	r = CalWorkday(cal, ldate, days);
	/* the day after r must start inside the timestamp range */
	if (r + 1 >= (int64) (TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE))
		DeadlineRangeError(r);
	secs = FirstInstantOfDay(r + 1, tz) -
		(int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY;
	if (pg_mul_s64_overflow(secs, USECS_PER_SEC, &usecs) ||
		!IS_VALID_TIMESTAMP(usecs))
		DeadlineRangeError(r);
	PG_RETURN_TIMESTAMPTZ((TimestampTz) usecs);
}

/*
 * Parses an Excel weekend argument into a Monday-first working mask:
 * codes '1'-'7' (two days off, 1 = Saturday and Sunday), '11'-'17' (one day
 * off, 11 = Sunday) or a seven-character mask with 1 = day off.  22023
 * otherwise.
 */
static void
ParseWeekend(text *weekend, int8 *mask)
{
	int			len = VARSIZE_ANY_EXHDR(weekend);
	const char *s = VARDATA_ANY(weekend);
	int			code = -1;

	if (len == 7)
	{
		for (int j = 0; j < 7; j++)
		{
			if (s[j] != '0' && s[j] != '1')
				goto bad;
			mask[j] = (s[j] == '0') ? 1 : 0;
		}
		return;
	}
	if (len == 1 && s[0] >= '1' && s[0] <= '7')
		code = s[0] - '0';
	else if (len == 2 && s[0] == '1' && s[1] >= '1' && s[1] <= '7')
		code = 10 + (s[1] - '0');
	if (code < 0)
		goto bad;
	for (int j = 0; j < 7; j++)
		mask[j] = 1;
	if (code <= 7)
	{
		mask[(code + 4) % 7] = 0;
		mask[(code + 5) % 7] = 0;
	}
	else
		mask[(code - 5) % 7] = 0;
	return;

bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid weekend \"%s\"", text_to_cstring(weekend)),
			 errdetail("Excel's weekend codes are 1 to 7 and 11 to 17, or a seven-character mask of 0 and 1 starting on Monday."),
			 errhint("Use '1' or '0000011' for Saturday and Sunday off.")));
}

/* Returns the days of a date[] argument, checked: 1-D, no NULLs, finite. */
static int32 *
DateArray(ArrayType *arr, const char *argname, int *n)
{
	int32	   *v;
	int			cnt;

	if (ARR_ELEMTYPE(arr) != DATEOID)
		elog(ERROR, "%s must be a date array", argname);
	pe_check_array_shape(arr, argname);
	cnt = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	v = (int32 *) pe_array_data(arr);
	for (int i = 0; i < cnt; i++)
		if (DATE_NOT_FINITE(v[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("%s must hold finite dates", argname),
					 errdetail("Element %d is %s.", i + 1,
							   DATE_IS_NOBEGIN(v[i]) ? "-infinity" : "infinity"),
					 errhint("Remove the infinite dates.")));
	*n = cnt;
	return v;
}

/* The fn_extra cache of an array variant: the arguments and their compiled form. */
typedef struct PeArrCache
{
	Size		len;			/* bytes in key */
	PeCal		cal;
	MemoryContext cxt;
	char		key[FLEXIBLE_ARRAY_MEMBER];
} PeArrCache;

/*
 * Returns the calendar described by the weekend text and the holiday and
 * workday arrays (argument numbers w, h, k), compiled once per call site
 * while the arguments stay the same.
 */
static const PeCal *
ArrayCalendar(FunctionCallInfo fcinfo, int w, int h, int k)
{
	text	   *weekend = PG_GETARG_TEXT_PP(w);
	ArrayType  *hol = PG_GETARG_ARRAYTYPE_P(h);
	ArrayType  *wd = PG_GETARG_ARRAYTYPE_P(k);
	Size		lw = VARSIZE_ANY(weekend),
				lh = VARSIZE(hol),
				lk = VARSIZE(wd);
	Size		len = lw + lh + lk;
	PeArrCache *c = (PeArrCache *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	int8		mask[7];
	int32	   *hv,
			   *wv;
	int			nh,
				nw;

	if (c != NULL && c->len == len &&
		memcmp(c->key, weekend, lw) == 0 &&
		memcmp(c->key + lw, hol, lh) == 0 &&
		memcmp(c->key + lw + lh, wd, lk) == 0)
		return &c->cal;

	ParseWeekend(weekend, mask);
	hv = DateArray(hol, "holidays", &nh);
	wv = DateArray(wd, "workdays", &nw);

	if (c != NULL)
	{
		MemoryContextDelete(c->cxt);
		fcinfo->flinfo->fn_extra = NULL;
	}
	{
		MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext,
												  "perfeval array calendar",
												  ALLOCSET_SMALL_SIZES);

		/* built under the call's context, kept only once complete */
		old = MemoryContextSwitchTo(cxt);
		c = palloc0(offsetof(PeArrCache, key) + len);
		c->cxt = cxt;
		pe_cal_set_week(&c->cal, mask);
		pe_cal_set_exceptions(&c->cal, hv, nh, wv, nw, PG_INT64_MIN, PG_INT64_MAX);
		MemoryContextSwitchTo(old);
		MemoryContextSetParent(cxt, fcinfo->flinfo->fn_mcxt);
		c->cal.bounded = false;
		c->cal.name = "(arrays)";
		memcpy(c->key, weekend, lw);
		memcpy(c->key + lw, hol, lh);
		memcpy(c->key + lw + lh, wd, lk);
		c->len = len;
		fcinfo->flinfo->fn_extra = c;
	}
	return &c->cal;
}

/*
 * workday(start, days, weekend, holidays, workdays): Excel WORKDAY.INTL
 * plus make-up workdays, no table needed (IMMUTABLE).  All days off is an
 * error, as in Excel.
 */
Datum
pe_workday_arrays(PG_FUNCTION_ARGS)
{
	DateADT		start = PG_GETARG_DATEADT(0);
	int32		days = PG_GETARG_INT32(1);
	const PeCal *cal = ArrayCalendar(fcinfo, 2, 3, 4);

	if (cal->nwork == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weekend \"%s\" leaves no working weekday",
						text_to_cstring(PG_GETARG_TEXT_PP(2))),
				 errhint("Leave at least one working weekday, as Excel's WORKDAY.INTL requires.")));
	PG_RETURN_DATEADT((DateADT) CalWorkday(cal, start, days));
}

/*
 * networkdays(start, finish, weekend, holidays, workdays): Excel
 * NETWORKDAYS.INTL plus make-up workdays, no table needed (IMMUTABLE).
 */
Datum
pe_networkdays_arrays(PG_FUNCTION_ARGS)
{
	DateADT		a = PG_GETARG_DATEADT(0);
	DateADT		b = PG_GETARG_DATEADT(1);
	const PeCal *cal = ArrayCalendar(fcinfo, 2, 3, 4);

	PG_RETURN_INT32(CalNetworkdays(cal, a, b));
}
