/*
 * calendar.h — the calendar room: a business-day calendar compiled into its
 * rank/select form (working weekdays plus sorted exceptions with prefix
 * counts), shared by calendar.c (compiling, the per-backend cache and its
 * invalidation) and bizday.c (the Excel-, numpy- and deadline-style
 * functions).  Only the calendar room includes this header.
 *
 * Working day (H-6.3.3, H-8.1.3, H-8.2.2, H-8.2.4, H-8.2.5, H-8.3.2 and the
 * handbook's "Working days" note): a working weekday that is not a holiday,
 * or a declared make-up workday (调休) on a day off.
 *
 * Day numbers are DateADT values (days since 2000-01-01) widened to int64.
 * The rank R(d) is the number of working days in [origin, d) for a fixed
 * origin (the Monday 1999-12-27); only differences of ranks matter, so it
 * may be negative.  R(d) = B(d) + prefix[k], where B counts the working
 * weekdays by week arithmetic and k is the number of exceptions before d.
 */
#ifndef PE_CALENDAR_H
#define PE_CALENDAR_H

#include "perfeval.h"

#include "utils/date.h"

/* A compiled calendar: everything a call needs, no table access. */
typedef struct PeCal
{
	int			nwork;			/* working weekdays per week (0-7) */
	int8		mask[7];		/* Monday first: 1 = working weekday */
	int8		pre[8];			/* pre[j] = working weekdays among 0..j-1 */
	int8		pos[7];			/* pos[k] = weekday index of the k-th one */
	int			nexc;			/* number of effective exceptions */
	int32	   *exc;			/* sorted days whose status differs from mask */
	int32	   *prefix;			/* nexc + 1 prefix sums of +1 / -1 deltas */
	bool		bounded;		/* table calendar: valid_from/valid_to apply */
	DateADT		valid_from;
	DateADT		valid_to;
	/* days after official_to are projected (statutory days only) */
	bool		projected;		/* official_to < valid_to */
	DateADT		official_to;
	/* dense form of bounded calendars: O(1) rank and select */
	int32	   *cum;			/* cum[i] = working days in [valid_from, valid_from + i) */
	int32	   *work;			/* work[k] = the k-th working day from valid_from */
	int32		ndays;			/* valid_to - valid_from + 1, 0 if not dense */
	int32		nworkdays;		/* cum[ndays] */
	int64		rank0;			/* R(valid_from) */
	char	   *name;			/* calendar name (table calendars) */
	char	   *time_zone;		/* IANA name (table calendars) */
} PeCal;

/* The per-call-site reference kept in fn_extra (see pe_cal_get). */
typedef struct PeCalRef
{
	uint64		generation;
	const PeCal *cal;
	int			namecap;
	int			namelen;
	char		name[FLEXIBLE_ARRAY_MEMBER];
} PeCalRef;

/* Bumped whenever calendar data may have changed (calendar.c). */
extern uint64 pe_cal_generation;

/* Slow path of pe_cal_get: finds or compiles the calendar (42704 if unknown). */
extern const PeCal *pe_cal_get_slow(FunctionCallInfo fcinfo, text *name);

/*
 * Returns the compiled table calendar called name for this call site: one
 * comparison of a generation counter and the name on the hot path.
 */
static inline const PeCal *
pe_cal_get(FunctionCallInfo fcinfo, text *name)
{
	PeCalRef   *ref = (PeCalRef *) fcinfo->flinfo->fn_extra;
	int			len = VARSIZE_ANY_EXHDR(name);

	if (likely(ref != NULL && ref->generation == pe_cal_generation &&
			   ref->namelen == len &&
			   memcmp(ref->name, VARDATA_ANY(name), len) == 0))
		return ref->cal;
	return pe_cal_get_slow(fcinfo, name);
}

/* Fills the weekday tables of cal from a Monday-first mask (1 = working). */
extern void pe_cal_set_week(PeCal *cal, const int8 *mask);

/*
 * Sets cal's exceptions from holiday and workday day lists (any order,
 * duplicates allowed); days outside [lo, hi] are ignored.  Allocates in the
 * current memory context.  Raises 22023 when a day is in both lists.
 */
extern void pe_cal_set_exceptions(PeCal *cal, const int32 *holidays, int nhol,
								  const int32 *workdays, int nwork,
								  int64 lo, int64 hi);

/* Floor division and modulo for int64 (b > 0). */
static inline int64
pe_floordiv(int64 a, int64 b)
{
	int64		q = a / b;

	if ((a % b) != 0 && a < 0)
		q--;
	return q;
}

/* Monday-first weekday index (0 = Monday .. 6 = Sunday) of a day number. */
static inline int
pe_weekday(int64 d)
{
	int64		x = d + 5;		/* 2000-01-01 was a Saturday */

	return (int) (x - 7 * pe_floordiv(x, 7));
}

/* Returns the index of the first exception >= d (lower bound). */
static inline int
pe_cal_lower(const PeCal *cal, int64 d)
{
	int			lo = 0,
				hi = cal->nexc;

	while (lo < hi)
	{
		int			mid = (lo + hi) >> 1;

		if ((int64) cal->exc[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* B(d): working weekdays in [origin, d) by week arithmetic. */
static inline int64
pe_cal_base_rank(const PeCal *cal, int64 d)
{
	int64		x = d + 5;
	int64		q = pe_floordiv(x, 7);

	return q * cal->nwork + cal->pre[x - 7 * q];
}

/* R(d): working days in [origin, d), in O(1) inside a dense calendar, else O(log H). */
static inline int64
pe_cal_rank(const PeCal *cal, int64 d)
{
	uint64		i = (uint64) (d - (int64) cal->valid_from);

	if (likely(i <= (uint64) cal->ndays && cal->ndays > 0))
		return cal->rank0 + cal->cum[i];
	return pe_cal_base_rank(cal, d) + cal->prefix[pe_cal_lower(cal, d)];
}

/* Returns whether day d is a working day. */
static inline bool
pe_cal_is_work(const PeCal *cal, int64 d)
{
	int			i = pe_cal_lower(cal, d);
	bool		w = cal->mask[pe_weekday(d)] != 0;

	if (i < cal->nexc && (int64) cal->exc[i] == d)
		return !w;
	return w;
}

/*
 * Returns the working day whose rank is t (the day d with R(d) = t that is
 * a working day), in O(log H); false if there is none (no working weekday
 * and no exception left).
 */
static inline bool
pe_cal_select(const PeCal *cal, int64 t, int64 *result)
{
	int			lo = 0,
				hi = cal->nexc;
	int64		d;
	uint64		k = (uint64) (t - cal->rank0);

	if (likely(k < (uint64) cal->nworkdays))
	{
		*result = cal->work[k];
		return true;
	}
	/* smallest i with R(exc[i] + 1) > t */
	while (lo < hi)
	{
		int			mid = (lo + hi) >> 1;
		int64		e = cal->exc[mid];

		if (pe_cal_base_rank(cal, e + 1) + cal->prefix[mid + 1] > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (cal->nwork == 0)
	{
		if (lo == cal->nexc)
			return false;
		*result = cal->exc[lo];
		return true;
	}
	else
	{
		int64		u = t - cal->prefix[lo];
		int64		q = pe_floordiv(u, cal->nwork);

		d = 7 * q + cal->pos[u - q * cal->nwork] - 5;
		if (lo < cal->nexc && d >= (int64) cal->exc[lo])
			d = cal->exc[lo];
	}
	*result = d;
	return true;
}

/* Adds the dense form to a bounded calendar (if its range is not huge). */
extern void pe_cal_make_dense(PeCal *cal);

/* Formats a day number as YYYY-MM-DD (or PostgreSQL's text) for messages. */
extern char *pe_cal_day_text(int64 d);

/* Year of a day number. */
extern int	pe_cal_year(int64 d);

/* Raises the 22008 error of pe_cal_check_range (out of line). */
extern void pe_cal_range_error(const PeCal *cal, int64 lo, int64 hi) pg_attribute_noreturn();

/* Gives the once-per-session WARNING of an answer using projected days. */
extern void pe_cal_projection_note(const PeCal *cal, int64 lo, int64 hi);

/*
 * Raises 22008 unless every day in [lo, hi] lies inside a bounded
 * calendar's valid_from..valid_to; the hint names the year whose notice is
 * missing.  A range reaching past official_to uses projected days: it is
 * answered, with a WARNING once per session and calendar.  No-op for
 * unbounded (array) calendars.
 */
static inline void
pe_cal_check_range(const PeCal *cal, int64 lo, int64 hi)
{
	if (cal->bounded &&
		unlikely(lo < (int64) cal->valid_from || hi > (int64) cal->valid_to))
		pe_cal_range_error(cal, lo, hi);
	if (unlikely(cal->projected && hi > (int64) cal->official_to))
		pe_cal_projection_note(cal, lo, hi);
}

/* Raises 22008 if d is not a date PostgreSQL can represent. */
extern void pe_cal_check_date(int64 d);

#endif							/* PE_CALENDAR_H */
