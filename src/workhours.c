/*
 * workhours.c — business-hour clocks (issue 13): working time between two
 * instants on a calendar that has working hours, the instant N working hours
 * after another, and "within N working hours" (H-2.3.1, H-2.3.2, H-2.3.3).
 *
 * A work clock is a table calendar (its working weekdays, holidays and
 * make-up workdays, src/calendar.c) plus a list of daily shifts in a time
 * zone, compiled into one bytea value by perfeval.work_clock().  The clock
 * functions take that value, not a calendar name, so they are IMMUTABLE,
 * have no text argument (postgres_fdw pushes them down) and compute on a
 * Citus worker exactly what the coordinator compiled.
 *
 * Time is counted on the team's local wall clock: an instant is read in the
 * clock's time zone, and a shift lasts its wall-clock length (on the night
 * the clocks change, a night shift keeps its nominal length).  A shift
 * belongs to the working day on which it starts; one that ends at or before
 * its start crosses midnight into the next day.
 *
 * Cost independent of the distance: with W the working time of one working
 * day and R(d) the working days in [valid_from, d) (the calendar's dense
 * cumulative count), the working time before local instant L of day d is
 *     F(L) = W * R(d - 1) + w(d - 1) * P(d - 1, L) + w(d) * P(d, L)
 * where w(k) is 1 on working days and P(k, L) the part of day k's shifts
 * before L (a shift of day k ends before day k + 2 starts, so older days are
 * complete).  Elapsed working time is F(b) - F(a); the instant h after a is
 * found by dividing F(a) + h by W and selecting the working day of that rank.
 */
#include "perfeval.h"

#include <ctype.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "lib/stringinfo.h"
#include "datatype/timestamp.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "calendar.h"

PG_FUNCTION_INFO_V1(pe_work_clock);
PG_FUNCTION_INFO_V1(pe_work_clock_info);
PG_FUNCTION_INFO_V1(pe_work_time);
PG_FUNCTION_INFO_V1(pe_work_add);
PG_FUNCTION_INFO_V1(pe_within_work_time);
PG_FUNCTION_INFO_V1(pe_clock_is_workday);
PG_FUNCTION_INFO_V1(pe_work_time_accum);
PG_FUNCTION_INFO_V1(pe_reply_accum);
PG_FUNCTION_INFO_V1(pe_work_clock_zone);

#define PE_CLOCK_MAGIC		0x31435750	/* "PWC1" in little-endian order */
#define PE_CLOCK_MAX_SHIFTS 24
#define PE_CLOCK_MAX_DAYS	200000	/* as PE_DENSE_MAX_DAYS: about 550 years */
#define PE_CLOCK_MAX_NAME	1024

/* The fixed part of a compiled clock (followed by the variable arrays). */
typedef struct PeClockHead
{
	int32		magic;
	int32		valid_from;
	int32		valid_to;
	int32		official_to;
	int8		mask[8];		/* Monday first; mask[7] unused (0) */
	int32		nshift;
	int32		nexc;
	int32		namelen;
	int32		zonelen;
	/* int64 start[nshift], end[nshift]; int32 exc[nexc]; name; zone */
} PeClockHead;

/* A decoded clock, cached per call site in fn_extra. */
typedef struct PeClock
{
	PeCal		cal;			/* dense, bounded */
	int			nshift;
	int64		start[PE_CLOCK_MAX_SHIFTS];	/* microseconds after local midnight */
	int64		end[PE_CLOCK_MAX_SHIFTS];	/* > start, <= start + 1 day */
	int64		cumlen[PE_CLOCK_MAX_SHIFTS + 1];	/* prefix sums of lengths */
	int64		perday;			/* W: working time of a working day */
	bool		night;			/* some shift ends after midnight */
	pg_tz	   *tz;
	char	   *zone;
	Size		rawlen;			/* the bytes this was decoded from */
	char	   *raw;
} PeClock;

/* Raises 22023 for a clock value that was not made by work_clock(). */
static void
PeClockBad(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid work clock"),
			 errdetail("%s", why),
			 errhint("Pass the value of perfeval.work_clock(shifts, calendar, time_zone), unchanged.")));
}

/*
 * Parses "HH:MM" at s (00:00 .. 24:00) into microseconds; returns the
 * position after it or NULL.
 */
static const char *
PeParseClockTime(const char *s, int64 *usec)
{
	int			h,
				m;

	if (!isdigit((unsigned char) s[0]) || !isdigit((unsigned char) s[1]) ||
		s[2] != ':' || !isdigit((unsigned char) s[3]) ||
		!isdigit((unsigned char) s[4]))
		return NULL;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return NULL;
	*usec = ((int64) h * 60 + m) * USECS_PER_MINUTE;
	return s + 5;
}

/*
 * Checks a shift list (sorted by start, non-overlapping, also across
 * midnight into the next day's first shift) and fills the derived fields.
 */
static void
PeClockCheckShifts(PeClock *c)
{
	int64		sum = 0;

	if (c->nshift < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a work clock needs at least one shift"),
				 errhint("Pass shifts such as '{09:00-12:00,13:30-18:00}', or '{00:00-24:00}' for a 24x7 team.")));
	c->night = false;
	c->cumlen[0] = 0;
	for (int i = 0; i < c->nshift; i++)
	{
		if (c->start[i] < 0 || c->start[i] >= USECS_PER_DAY ||
			c->end[i] <= c->start[i] || c->end[i] > c->start[i] + USECS_PER_DAY)
			PeClockBad("A shift is outside one day.");
		if (i > 0 && c->start[i] <= c->start[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("shifts must be sorted by their start"),
					 errdetail("Shift %d starts at or before shift %d.", i + 1, i),
					 errhint("List the shifts of a day from the earliest to the latest.")));
		if (i > 0 && c->start[i] < c->end[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("shifts must not overlap"),
					 errdetail("Shift %d starts before shift %d ends.", i + 1, i),
					 errhint("Merge overlapping shifts into one.")));
		if (c->end[i] > USECS_PER_DAY)
			c->night = true;
		sum += c->end[i] - c->start[i];
		c->cumlen[i + 1] = sum;
	}
	/* the last shift must end before the next day's first one starts */
	if (c->end[c->nshift - 1] > c->start[0] + USECS_PER_DAY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shifts must not overlap"),
				 errdetail("Shift %d crosses midnight past the start of the next day's shift 1.", c->nshift),
				 errhint("Merge overlapping shifts into one.")));
	if (sum > USECS_PER_DAY)
		PeClockBad("The shifts are longer than a day.");
	c->perday = sum;
}

/* Returns the time zone called name, or raises 22023. */
static pg_tz *
PeClockZone(const char *name)
{
	pg_tz	   *tz = pg_tzset(name);

	if (tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" not recognized", name),
				 errhint("Use an IANA name such as Asia/Shanghai (see pg_timezone_names).")));
	return tz;
}

/*
 * work_clock(shifts text[], calendar text, time_zone text): compiles a
 * table calendar and daily shifts into a clock value (bytea).  STABLE: it
 * reads the calendar as it is now; compile again after a calendar change.
 * NULL time_zone = the calendar's own zone.
 */
Datum
pe_work_clock(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	const PeCal *cal;
	PeClock		c;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	const char *zone;
	StringInfoData buf;
	PeClockHead head;
	int32	   *exc;
	int			nexc = 0;
	int64		ndays;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	arr = PG_GETARG_ARRAYTYPE_P(0);
	pe_check_array_shape(arr, "shifts");
	cal = pe_cal_get(fcinfo, PG_GETARG_TEXT_PP(1));
	zone = PG_ARGISNULL(2) ? cal->time_zone : text_to_cstring(PG_GETARG_TEXT_PP(2));
	(void) PeClockZone(zone);
	if (strlen(zone) > PE_CLOCK_MAX_NAME)
		PeClockBad("The time zone name is too long.");

	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n > PE_CLOCK_MAX_SHIFTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a work clock has at most %d shifts", PE_CLOCK_MAX_SHIFTS),
				 errdetail("%d shifts were given.", n),
				 errhint("Merge adjacent shifts.")));
	memset(&c, 0, sizeof(c));
	c.nshift = n;
	for (int i = 0; i < n; i++)
	{
		char	   *s = TextDatumGetCString(elems[i]);
		const char *p = PeParseClockTime(s, &c.start[i]);

		if (p != NULL && *p == '-')
			p = PeParseClockTime(p + 1, &c.end[i]);
		else
			p = NULL;
		if (p == NULL || *p != '\0' || c.start[i] == USECS_PER_DAY ||
			c.start[i] == c.end[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid shift \"%s\"", s),
					 errdetail("A shift is written HH:MM-HH:MM with a start before 24:00 and an end different from the start."),
					 errhint("Write e.g. 09:00-12:00; 22:00-06:00 crosses midnight; 00:00-24:00 is the whole day.")));
		if (c.end[i] < c.start[i])
			c.end[i] += USECS_PER_DAY;
	}
	PeClockCheckShifts(&c);

	ndays = (int64) cal->valid_to - cal->valid_from + 1;
	if (ndays > PE_CLOCK_MAX_DAYS || cal->ndays == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("calendar \"%s\" is too long for a work clock", cal->name),
				 errdetail("It covers %lld days; a work clock covers at most %d.",
						   (long long) ndays, PE_CLOCK_MAX_DAYS),
				 errhint("Narrow valid_from and valid_to of the calendar.")));

	/* the days whose status differs from the working weekdays */
	exc = palloc(sizeof(int32) * (cal->nexc + 1));
	for (int i = 0; i < cal->nexc; i++)
		if ((int64) cal->exc[i] >= cal->valid_from && (int64) cal->exc[i] <= cal->valid_to)
			exc[nexc++] = cal->exc[i];

	memset(&head, 0, sizeof(head));
	head.magic = PE_CLOCK_MAGIC;
	head.valid_from = cal->valid_from;
	head.valid_to = cal->valid_to;
	head.official_to = cal->projected ? cal->official_to : cal->valid_to;
	memcpy(head.mask, cal->mask, 7);
	head.nshift = n;
	head.nexc = nexc;
	head.namelen = strlen(cal->name);
	head.zonelen = strlen(zone);

	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, "xxxx", VARHDRSZ);
	appendBinaryStringInfo(&buf, (char *) &head, sizeof(head));
	appendBinaryStringInfo(&buf, (char *) c.start, sizeof(int64) * n);
	appendBinaryStringInfo(&buf, (char *) c.end, sizeof(int64) * n);
	appendBinaryStringInfo(&buf, (char *) exc, sizeof(int32) * nexc);
	appendBinaryStringInfo(&buf, cal->name, head.namelen);
	appendBinaryStringInfo(&buf, zone, head.zonelen);
	SET_VARSIZE(buf.data, buf.len);
	PG_RETURN_BYTEA_P((bytea *) buf.data);
}

/*
 * Decodes and validates a clock value into a new PeClock allocated in cxt:
 * every field is checked, so a forged value gives 22023, never a crash.
 */
static PeClock *
PeClockDecode(bytea *raw, MemoryContext cxt)
{
	Size		len = VARSIZE_ANY_EXHDR(raw);
	const char *p = VARDATA_ANY(raw);
	PeClockHead head;
	PeClock    *c;
	MemoryContext old;
	const int32 *exc;
	int32	   *hol,
			   *wd;
	int			nhol = 0,
				nwd = 0;
	Size		need;

	if (len < sizeof(PeClockHead))
		PeClockBad("The value is too short.");
	memcpy(&head, p, sizeof(head));
	if (head.magic != PE_CLOCK_MAGIC)
		PeClockBad("The value does not start with the work clock mark.");
	if (head.nshift < 1 || head.nshift > PE_CLOCK_MAX_SHIFTS ||
		head.nexc < 0 || head.nexc > PE_CLOCK_MAX_DAYS ||
		head.namelen < 1 || head.namelen > PE_CLOCK_MAX_NAME ||
		head.zonelen < 1 || head.zonelen > PE_CLOCK_MAX_NAME)
		PeClockBad("The value's counts are out of range.");
	need = sizeof(head) + (Size) head.nshift * 16 + (Size) head.nexc * 4 +
		head.namelen + head.zonelen;
	if (len != need)
		PeClockBad("The value's length does not match its contents.");
	if (head.valid_from > head.valid_to ||
		DATE_NOT_FINITE(head.valid_from) || DATE_NOT_FINITE(head.valid_to) ||
		(int64) head.valid_to - head.valid_from + 1 > PE_CLOCK_MAX_DAYS ||
		head.official_to < head.valid_from - 1 || head.official_to > head.valid_to)
		PeClockBad("The value's calendar range is invalid.");
	for (int j = 0; j < 8; j++)
		if (head.mask[j] != 0 && (head.mask[j] != 1 || j == 7))
			PeClockBad("The value's working weekdays are invalid.");

	old = MemoryContextSwitchTo(cxt);
	c = palloc0(sizeof(PeClock));
	p += sizeof(head);
	c->nshift = head.nshift;
	memcpy(c->start, p, sizeof(int64) * head.nshift);
	p += sizeof(int64) * head.nshift;
	memcpy(c->end, p, sizeof(int64) * head.nshift);
	p += sizeof(int64) * head.nshift;
	exc = (const int32 *) palloc(sizeof(int32) * (head.nexc + 1));
	memcpy((void *) exc, p, sizeof(int32) * head.nexc);
	p += sizeof(int32) * head.nexc;
	c->cal.name = pnstrdup(p, head.namelen);
	p += head.namelen;
	c->zone = pnstrdup(p, head.zonelen);
	if (strlen(c->cal.name) != (size_t) head.namelen ||
		strlen(c->zone) != (size_t) head.zonelen)
		PeClockBad("The value's names hold a zero byte.");
	PeClockCheckShifts(c);
	c->tz = PeClockZone(c->zone);

	pe_cal_set_week(&c->cal, head.mask);
	hol = palloc(sizeof(int32) * (head.nexc + 1));
	wd = palloc(sizeof(int32) * (head.nexc + 1));
	for (int i = 0; i < head.nexc; i++)
	{
		if (exc[i] < head.valid_from || exc[i] > head.valid_to ||
			(i > 0 && exc[i] <= exc[i - 1]))
			PeClockBad("The value's exception days are invalid.");
		if (c->cal.mask[pe_weekday(exc[i])])
			hol[nhol++] = exc[i];
		else
			wd[nwd++] = exc[i];
	}
	pe_cal_set_exceptions(&c->cal, hol, nhol, wd, nwd, head.valid_from, head.valid_to);
	c->cal.bounded = true;
	c->cal.valid_from = head.valid_from;
	c->cal.valid_to = head.valid_to;
	c->cal.official_to = head.official_to;
	c->cal.projected = head.official_to < head.valid_to;
	c->cal.time_zone = c->zone;
	pe_cal_make_dense(&c->cal);
	c->rawlen = VARSIZE_ANY_EXHDR(raw);
	c->raw = palloc(c->rawlen);
	memcpy(c->raw, VARDATA_ANY(raw), c->rawlen);
	MemoryContextSwitchTo(old);
	return c;
}

/* Returns the decoded clock of argument argno, cached for this call site. */
static const PeClock *
PeClockGet(FunctionCallInfo fcinfo, int argno)
{
	bytea	   *raw = PG_GETARG_BYTEA_PP(argno);
	PeClock    *c = (PeClock *) fcinfo->flinfo->fn_extra;

	if (likely(c != NULL && c->rawlen == VARSIZE_ANY_EXHDR(raw) &&
			   memcmp(c->raw, VARDATA_ANY(raw), c->rawlen) == 0))
		return c;
	c = PeClockDecode(raw, fcinfo->flinfo->fn_mcxt);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/* Raises 22008 for an infinite timestamp argument. */
static void
PeClockFinite(TimestampTz t, const char *what)
{
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite timestamp", what),
				 errhint("Pass a real instant, not infinity or -infinity.")));
}

/* Returns the local wall-clock time (microseconds since 2000-01-01) of t. */
static int64
PeClockLocal(const PeClock *c, TimestampTz t)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;
	Timestamp	local;

	if (timestamp2tm(t, &tzoff, &tm, &fsec, NULL, c->tz) != 0 ||
		tm2timestamp(&tm, fsec, NULL, &local) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return local;
}

/* Returns the instant whose local wall-clock time in the clock's zone is local. */
static TimestampTz
PeClockInstant(const PeClock *c, int64 local)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;
	TimestampTz result;

	if (timestamp2tm(local, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	tz = DetermineTimeZoneOffset(&tm, c->tz);
	if (tm2timestamp(&tm, fsec, &tz, &result) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return result;
}

/* Working days in [valid_from, d) (d already range-checked). */
static inline int64
PeClockRank(const PeClock *c, int64 d)
{
	return c->cal.cum[d - c->cal.valid_from];
}

/* Is day d (inside the range) a working day? */
static inline bool
PeClockWork(const PeClock *c, int64 d)
{
	int64		i = d - c->cal.valid_from;

	return c->cal.cum[i + 1] != c->cal.cum[i];
}

/* P(k, L): the working time of day k's shifts before local instant L. */
static int64
PeClockPartial(const PeClock *c, int64 k, int64 local)
{
	int64		base = k * USECS_PER_DAY;
	int64		sum = 0;

	for (int i = 0; i < c->nshift; i++)
	{
		int64		x = local - (base + c->start[i]);

		if (x <= 0)
			break;
		sum += Min(x, c->end[i] - c->start[i]);
	}
	return sum;
}

/*
 * F(L): working time in [valid_from 00:00, L) for a local instant L; raises
 * 22008 when L's day (or, with night shifts, the day before) lies outside
 * the calendar.
 */
static int64
PeClockF(const PeClock *c, int64 local)
{
	int64		d = pe_floordiv(local, USECS_PER_DAY);
	int64		lo = c->night ? d - 1 : d;
	int64		f;

	if (lo < (int64) c->cal.valid_from || d > (int64) c->cal.valid_to)
		pe_cal_range_error(&c->cal, lo, d);
	pe_cal_check_range(&c->cal, lo, d);
	if (!c->night)
		return c->perday * PeClockRank(c, d) +
			(PeClockWork(c, d) ? PeClockPartial(c, d, local) : 0);
	f = c->perday * PeClockRank(c, d - 1);
	if (PeClockWork(c, d - 1))
		f += PeClockPartial(c, d - 1, local);
	if (PeClockWork(c, d))
		f += PeClockPartial(c, d, local);
	return f;
}

/* Returns the microseconds of a working-time interval (no months or days). */
static int64
PeClockSpan(const Interval *span, const char *what)
{
	if (span->month != 0 || span->day != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be given in hours, minutes and seconds", what),
				 errdetail("The interval has %d months and %d days.", span->month, span->day),
				 errhint("A working day is not 24 hours: write e.g. interval '16 hours'.")));
	if (span->time < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errhint("Pass the working time to add, e.g. interval '4 hours'.")));
	return span->time;
}

/* Returns an interval of usec microseconds (hours, not days). */
static Interval *
PeClockInterval(int64 usec)
{
	Interval   *r = palloc(sizeof(Interval));

	r->month = 0;
	r->day = 0;
	r->time = usec;
	return r;
}

/*
 * work_time(since, until, clock): the working time from since to until on
 * the clock (negative if until is earlier), H-2.3.1 / H-2.3.3 in business
 * time.
 */
Datum
pe_work_time(PG_FUNCTION_ARGS)
{
	TimestampTz a = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz b = PG_GETARG_TIMESTAMPTZ(1);
	const PeClock *c = PeClockGet(fcinfo, 2);

	PeClockFinite(a, "since");
	PeClockFinite(b, "until");
	PG_RETURN_INTERVAL_P(PeClockInterval(PeClockF(c, PeClockLocal(c, b)) -
										 PeClockF(c, PeClockLocal(c, a))));
}

/*
 * work_add(since, span, clock): the first instant at which span of working
 * time has passed since `since' (since itself for a zero span); the end of a
 * shift when the span runs out exactly there.
 */
Datum
pe_work_add(PG_FUNCTION_ARGS)
{
	TimestampTz a = PG_GETARG_TIMESTAMPTZ(0);
	int64		h = PeClockSpan(PG_GETARG_INTERVAL_P(1), "span");
	const PeClock *c = PeClockGet(fcinfo, 2);
	int64		la,
				target,
				r,
				rem,
				day;
	int			i;

	PeClockFinite(a, "since");
	if (h == 0)
		PG_RETURN_TIMESTAMPTZ(a);
	la = PeClockLocal(c, a);
	target = PeClockF(c, la);
	if (pg_add_s64_overflow(target, h, &target))
		pe_cal_range_error(&c->cal, pe_floordiv(la, USECS_PER_DAY),
						   (int64) c->cal.valid_to + 1);
	/* the working day of rank r holds the target, rem in (0, W] of it */
	r = (target - 1) / c->perday;
	rem = target - r * c->perday;
	if (r >= (int64) c->cal.nworkdays)
		pe_cal_range_error(&c->cal, pe_floordiv(la, USECS_PER_DAY),
						   (int64) c->cal.valid_to + 1);
	day = c->cal.work[r];
	/* a calendar may reach past the last representable timestamp */
	if (day >= (int64) (TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) - 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range"),
				 errdetail("The result would fall on %s.", pe_cal_day_text(day)),
				 errhint("Use a smaller span.")));
	pe_cal_check_range(&c->cal, day, day);
	for (i = 0; i < c->nshift - 1 && c->cumlen[i + 1] < rem; i++)
		;
	PG_RETURN_TIMESTAMPTZ(PeClockInstant(c, day * USECS_PER_DAY + c->start[i] +
										 (rem - c->cumlen[i])));
}

/*
 * within_work_time(since, until, span, clock): true if until is no earlier
 * than since and at most span of working time after it (H-2.3.2: a survey
 * answered within the set time).
 */
Datum
pe_within_work_time(PG_FUNCTION_ARGS)
{
	TimestampTz a = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz b = PG_GETARG_TIMESTAMPTZ(1);
	int64		h = PeClockSpan(PG_GETARG_INTERVAL_P(2), "span");
	const PeClock *c = PeClockGet(fcinfo, 3);

	PeClockFinite(a, "since");
	PeClockFinite(b, "until");
	if (b < a)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(PeClockF(c, PeClockLocal(c, b)) -
				   PeClockF(c, PeClockLocal(c, a)) <= h);
}

/* is_workday(day, clock): is day a working day of the clock's calendar (IMMUTABLE form). */
Datum
pe_clock_is_workday(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	const PeClock *c = PeClockGet(fcinfo, 1);

	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("day must be a finite date"),
				 errhint("Pass a real day, not infinity or -infinity.")));
	pe_cal_check_range(&c->cal, d, d);
	PG_RETURN_BOOL(PeClockWork(c, d));
}

/*
 * work_clock_info(clock): what a clock value holds, as text (calendar,
 * zone, shifts, range), for people reading a stored value.
 */
Datum
pe_work_clock_info(PG_FUNCTION_ARGS)
{
	const PeClock *c = PeClockGet(fcinfo, 0);
	StringInfoData s;

	initStringInfo(&s);
	appendStringInfo(&s, "calendar %s, time zone %s, shifts ", c->cal.name, c->zone);
	for (int i = 0; i < c->nshift; i++)
	{
		int64		e = c->end[i] % USECS_PER_DAY;

		if (e == 0 && c->end[i] == USECS_PER_DAY)
			e = USECS_PER_DAY;
		appendStringInfo(&s, "%s%02d:%02d-%02d:%02d", i ? "," : "",
						 (int) (c->start[i] / USECS_PER_HOUR),
						 (int) (c->start[i] % USECS_PER_HOUR / USECS_PER_MINUTE),
						 (int) (e / USECS_PER_HOUR),
						 (int) (e % USECS_PER_HOUR / USECS_PER_MINUTE));
	}
	appendStringInfo(&s, ", %s to %s", pe_cal_day_text(c->cal.valid_from),
					 pe_cal_day_text(c->cal.valid_to));
	PG_RETURN_TEXT_P(cstring_to_text(s.data));
}

/*
 * Returns the {count, sum} of an int8[2] aggregate state, writable (in place
 * inside an aggregate); 22023 for any other array.  The same shape as the
 * event aggregates of events.c, whose combine and final functions these
 * states share.
 */
static int64 *
PeClockPairState(FunctionCallInfo fcinfo, ArrayType **out)
{
	ArrayType  *arr;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("state must not be NULL"),
				 errhint("The state functions are meant for perfeval's event aggregates; call the aggregate.")));
	arr = PG_GETARG_ARRAYTYPE_P(0);
	if (ARR_NDIM(arr) != 1 || ARR_DIMS(arr)[0] != 2 || ARR_HASNULL(arr) ||
		ARR_ELEMTYPE(arr) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("state must be a bigint array of 2 elements"),
				 errhint("The state functions are meant for perfeval's event aggregates; call the aggregate.")));
	if (!AggCheckCallContext(fcinfo, NULL))
		arr = DatumGetArrayTypePCopy(PG_GETARG_DATUM(0));
	*out = arr;
	return (int64 *) pe_array_data(arr);
}

/* Returns the clock argument argno of an aggregate, 22004 if NULL. */
static const PeClock *
PeClockArg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("clock must not be NULL"),
				 errhint("Pass perfeval.work_clock(shifts, calendar, time_zone).")));
	return PeClockGet(fcinfo, argno);
}

/*
 * Transition of avg_work_time(since, until, clock): one more event whose
 * working time from since to until counts (H-2.3.1, H-2.3.3 in business
 * time); rows with a NULL since or until do not count.
 */
Datum
pe_work_time_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *st = PeClockPairState(fcinfo, &arr);
	const PeClock *c;
	TimestampTz a,
				b;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_ARRAYTYPE_P(arr);
	c = PeClockArg(fcinfo, 3);
	a = PG_GETARG_TIMESTAMPTZ(1);
	b = PG_GETARG_TIMESTAMPTZ(2);
	PeClockFinite(a, "since");
	PeClockFinite(b, "until");
	st[0]++;
	/* |F(b) - F(a)| <= 550 years: no overflow per row; the sum is checked */
	if (pg_add_s64_overflow(st[1], PeClockF(c, PeClockLocal(c, b)) -
							PeClockF(c, PeClockLocal(c, a)), &st[1]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum of elapsed times out of range"),
				 errhint("Aggregate fewer or shorter events per group.")));
	PG_RETURN_ARRAYTYPE_P(arr);
}

/*
 * Transition of reply_rate(sent, answered, span, clock) (H-2.3.2): a survey
 * with a sent time counts; it is a reply if answered is at most span of
 * working time after it (a NULL answered is no reply).
 */
Datum
pe_reply_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *st = PeClockPairState(fcinfo, &arr);
	const PeClock *c;
	TimestampTz a,
				b;
	int64		h;

	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(arr);
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("span must not be NULL"),
				 errhint("Pass the set reply time, e.g. interval '24 hours'.")));
	h = PeClockSpan(PG_GETARG_INTERVAL_P(3), "span");
	c = PeClockArg(fcinfo, 4);
	a = PG_GETARG_TIMESTAMPTZ(1);
	PeClockFinite(a, "sent");
	st[0]++;
	if (!PG_ARGISNULL(2))
	{
		b = PG_GETARG_TIMESTAMPTZ(2);
		PeClockFinite(b, "answered");
		if (b >= a && PeClockF(c, PeClockLocal(c, b)) - PeClockF(c, PeClockLocal(c, a)) <= h)
			st[1]++;
	}
	PG_RETURN_ARRAYTYPE_P(arr);
}

/* work_clock_zone(clock): the time zone of a clock (months are cut there). */
Datum
pe_work_clock_zone(PG_FUNCTION_ARGS)
{
	const PeClock *c = PeClockGet(fcinfo, 0);

	PG_RETURN_TEXT_P(cstring_to_text(c->zone));
}
