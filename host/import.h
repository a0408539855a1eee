/*
 * The import runner's job (import.c) and the thread that writes its
 * batches (import_writer.c): the runner calculates one batch while the
 * writer stores the one before, so the host's work and PostgreSQL's
 * overlap instead of taking turns.
 */
#ifndef CD_IMPORT_H
#define CD_IMPORT_H

#include <limits.h>

#include "cd.h"
#include "carbon.h"

struct job {
	char		 id[37];
	char		 company[37];
	char		 user[37];
	char		 spool[PATH_MAX];
	long long	 offset;	/* of the next record */
	long long	 next_row;	/* its line number */
	long long	 processed, rejected;
	char		 names[CD_CSV_FIELDS][64];
	int		 ncols;
	char		 why[256];	/* the database refused the last run */
};

/* A refused row, written with its batch. */
struct rejection {
	long long	 row;
	char		 field[64];
	char		 code[32];
	char		 msg[256];
};

/*
 * Rows and refusals up to a spool offset, committed together with the
 * job's progress or not at all.
 */
struct batch {
	struct cd_store		 st;
	struct rejection	*rej;
	size_t			 nrej, caprej;
	long long		 offset, next_row;	/* where the next starts */
	long long		 done, bad;
};

void	batch_init(struct batch *, const struct job *);
void	batch_reject(struct batch *, long long, const struct cd_calc *);
void	batch_free(struct batch *);

int	writer_start(void);
void	writer_stop(void);
int	writer_send(struct job *, struct batch *);
int	writer_wait(char *, size_t);

#endif
