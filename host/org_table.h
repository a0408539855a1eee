/*
 * A company-owned table served over REST (org_table.c), for api_org.c:
 * list, get and delete with an in-use check, a store with its audit row,
 * the end of a request's transaction, and the body checks they share.
 * Private to those two files; include after cd.h.
 */
#ifndef CD_ORG_TABLE_H
#define CD_ORG_TABLE_H

struct cd_org_table {
	const char	*noun;		/* "entity": messages, audit actions */
	const char	*plural;	/* "entities": the list's member */
	const char	*sql_list;	/* ($1 company) ordered rows */
	const char	*sql_get;	/* ($1 id, $2 company) the row */
	const char	*sql_lock;	/* ($1, $2) SELECT 1 ... FOR UPDATE */
	const char	*sql_uses;	/* ($1, $2) (what, column, count) */
	const char	*sql_delete;	/* ($1, $2) ... RETURNING id */
	json_t		*(*json)(struct pg_result *, int);
	int		(*serialise)(struct cd_req *, struct cd_tx *);
};

int		 cd_org_not_found(struct cd_req *, const struct cd_org_table *);
const char	*cd_org_path_id(struct cd_req *, const struct cd_org_table *);
int		 cd_org_end(struct cd_req *, struct cd_tx *, int);
int		 cd_org_abort(struct cd_req *, struct cd_tx *);
int		 cd_org_answer(struct cd_req *, struct cd_tx *, int, json_t *);

int		 cd_org_field_enum(struct cd_req *, const char *,
		    const char *const *, int, const char **);
int		 cd_org_field_bool(struct cd_req *, const char *,
		    const char **);
int		 cd_org_field_uuid(struct cd_req *, const char *,
		    const char **);

int		 cd_org_rows(struct cd_tx *, const char *, const char *,
		    const char *);
int		 cd_org_row_lock(struct cd_req *, struct cd_tx *,
		    const struct cd_org_table *, const char *);
int		 cd_org_list(struct cd_req *, const struct cd_org_table *);
int		 cd_org_get(struct cd_req *, const struct cd_org_table *);
int		 cd_org_delete(struct cd_req *, const struct cd_org_table *);
int		 cd_org_store(struct cd_req *, struct cd_tx *,
		    const struct cd_org_table *, const char *,
		    const char *const *, int, int);

#endif /* CD_ORG_TABLE_H */
