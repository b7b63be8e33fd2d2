/*
 * rank.c — ranks within groups from one sort (H-1.2.1, issue 11).
 *
 * rank_in(group_key) OVER (ORDER BY ...) is row_number() OVER (PARTITION BY
 * group_key ORDER BY ...) computed in the window's own order: the rows are
 * numbered per key as they pass.  evaluate_detail ranks every agent in its
 * team, its department and the company over one sort instead of three.
 */
#include "perfeval.h"

#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "windowapi.h"

PG_FUNCTION_INFO_V1(pe_rank_in);

/* A key's count of rows so far. */
typedef struct RankInEntry
{
	int32		key;
	int64		count;
} RankInEntry;

/* Per-partition state of rank_in (in the partition's memory). */
typedef struct RankInPartition
{
	bool		initialized;
	int64		last_pos;
	int64		null_count;		/* rows whose key is NULL: one group, as PARTITION BY */
	HTAB	   *counts;			/* key -> rows so far */
} RankInPartition;

/*
 * rank_in(group_key) window function: the number of rows so far, the
 * current one included, whose key equals the current row's (NULL keys are
 * one group), in the window's order.  With an ORDER BY that has no peers
 * (evaluate_detail's ends in the unique employee number) it equals
 * row_number() OVER (PARTITION BY group_key ORDER BY the same keys), so
 * one sort gives every group's ranks (H-1.2.1).  The memory is one entry
 * per distinct key of the partition.
 */
Datum
pe_rank_in(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	RankInPartition *part;
	int64		curpos;
	bool		isnull;
	Datum		key;
	int64		count;

	part = (RankInPartition *) WinGetPartitionLocalMemory(winobj, sizeof(RankInPartition));
	curpos = WinGetCurrentPosition(winobj);
	if (!part->initialized)
	{
		HASHCTL		ctl;

		/* the executor calls a window function for rows 0, 1, 2... in order */
		if (curpos != 0)
			elog(ERROR, "rank_in called first at row " INT64_FORMAT " of a partition", curpos);
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(int32);
		ctl.entrysize = sizeof(RankInEntry);
		ctl.hcxt = GetMemoryChunkContext(part);
		part->counts = hash_create("rank_in counts", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		part->initialized = true;
	}
	else if (curpos != part->last_pos + 1)
		elog(ERROR, "rank_in called at row " INT64_FORMAT " after row " INT64_FORMAT,
			 curpos, part->last_pos);
	part->last_pos = curpos;
	/* rows before the current one are no longer needed */
	WinSetMarkPosition(winobj, curpos);

	key = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull)
		count = ++part->null_count;
	else
	{
		int32		k = DatumGetInt32(key);
		bool		found;
		RankInEntry *e = (RankInEntry *) hash_search(part->counts, &k, HASH_ENTER, &found);

		if (!found)
			e->count = 0;
		count = ++e->count;
	}
	/* an integer, as the ranks it gives (more rows than that: 22003) */
	if (count > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rank_in counted more rows of one key than an integer holds"),
				 errhint("Partition the window so that no key has more than 2147483647 rows.")));
	PG_RETURN_INT32((int32) count);
}
