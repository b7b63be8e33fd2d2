/*
 * grade.h — the grade type shared by the grading room's C files.
 */
#ifndef PE_GRADE_H
#define PE_GRADE_H

#include "postgres.h"

/* The five grades of H-5.1, worst first. */
#define PE_NGRADES 5

/* Scores are compared with grade boundaries at this many decimals. */
#define PE_SCORE_DIGITS 6
#define PE_SCORE_SCALE 1e6

extern const char *const pe_grade_names[PE_NGRADES];

extern void pe_grade_oids(Oid typoid, Oid *oids);
extern int	pe_grade_rank(Oid enumval);
extern float8 pe_round_score(float8 score);

#endif							/* PE_GRADE_H */
