/*
 * CSV (RFC 4180) read incrementally: bytes go in as they arrive, whole
 * records come out, so an upload of any size is read in constant memory.
 * Fields are quoted or not, quotes inside quoted fields are doubled,
 * records end with LF, CRLF or a CR alone (what spreadsheets on classic
 * Mac OS wrote), and a quoted field may span lines.  A record's `used`
 * bytes always take its whole line end, so an offset after one is the
 * start of the next record (imports resume from such offsets).
 *
 * A malformed record (too many fields, a field too long, a stray quote,
 * a NUL byte, which would cut the field short unseen) is still read to
 * its end and returned with `error` set, so the caller can reject that
 * one record and go on with the next.
 */
#include <string.h>

#include "cd.h"

enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_SEEN };

void
cd_csv_init(struct cd_csv *c, long long first_line)
{
	c->nfields = 0;
	c->line = c->next_line = first_line;
	c->error = NULL;
	c->state = FIELD_START;
	c->pending_cr = 0;
	c->len = 0;
	c->started = 0;
}

static void
csv_put(struct cd_csv *c, char ch)
{
	if (c->nfields >= CD_CSV_FIELDS) {
		c->error = "too many fields";
		return;
	}
	if (c->len + 1 >= CD_CSV_FIELD) {
		c->error = "a field is longer than 1023 bytes";
		return;
	}
	if (ch == '\0') {
		c->error = "a field holds a NUL byte";
		return;
	}
	c->field[c->nfields][c->len++] = ch;
}

static void
csv_end_field(struct cd_csv *c)
{
	if (c->nfields < CD_CSV_FIELDS) {
		c->field[c->nfields][c->len < CD_CSV_FIELD ? c->len :
		    CD_CSV_FIELD - 1] = '\0';
		c->nfields++;
	} else
		c->error = "too many fields";
	c->len = 0;
	c->state = FIELD_START;
}

/* The record ends at a line end (LF, CRLF or CR): count it, hand it out. */
static int
csv_end_record(struct cd_csv *c)
{
	c->next_line++;
	csv_end_field(c);
	c->started = -1;
	return (1);
}

/* Reset for the next record once the caller has taken this one. */
static void
csv_next(struct cd_csv *c)
{
	c->nfields = 0;
	c->error = NULL;
	c->len = 0;
	c->started = 0;
	c->state = FIELD_START;
}

/*
 * Feed up to len bytes.  Returns 1 when a record is complete (*used says
 * how many bytes it took; feed the rest next), 0 when all of buf was
 * taken and the record goes on.
 */
int
cd_csv_feed(struct cd_csv *c, const char *buf, size_t len, size_t *used)
{
	size_t	i;
	char	ch;

	if (c->started == -1)		/* the previous record was taken */
		csv_next(c);
	/* A CR ended the last read: the record ends, with the LF of a CRLF. */
	if (c->pending_cr && len > 0) {
		c->pending_cr = 0;
		*used = buf[0] == '\n';
		return (csv_end_record(c));
	}
	for (i = 0; i < len; i++) {
		ch = buf[i];
		if (c->started == 0) {
			c->line = c->next_line;
			c->started = 1;
		}
		if (ch == '\n' && c->state == QUOTED)
			c->next_line++;
		switch (c->state) {
		case QUOTED:
			if (ch == '"')
				c->state = QUOTE_SEEN;
			else
				csv_put(c, ch);
			continue;
		case QUOTE_SEEN:
			if (ch == '"') {
				csv_put(c, '"');
				c->state = QUOTED;
				continue;
			}
			if (ch != ',' && ch != '\n' && ch != '\r') {
				c->error = "a character follows a closing quote";
				c->state = UNQUOTED;
				continue;
			}
			break;
		case FIELD_START:
			if (ch == '"') {
				c->state = QUOTED;
				continue;
			}
			break;
		default:
			break;
		}
		if (ch == ',') {
			csv_end_field(c);
			continue;
		}
		if (ch == '\r' && i + 1 == len) {
			c->pending_cr = 1;	/* LF or not, the next read says */
			break;
		}
		if (ch == '\r' || ch == '\n') {
			if (ch == '\r' && buf[i + 1] == '\n')
				i++;
			*used = i + 1;
			return (csv_end_record(c));
		}
		if (c->state == UNQUOTED || c->state == FIELD_START) {
			if (ch == '"')
				c->error = "a quote inside an unquoted field";
			c->state = UNQUOTED;
			csv_put(c, ch);
		}
	}
	*used = len;
	return (0);
}

/* At end of input: 1 when a last record without a newline is pending. */
int
cd_csv_finish(struct cd_csv *c)
{
	if (c->started != 1)
		return (0);
	if (c->pending_cr) {
		c->pending_cr = 0;
		return (csv_end_record(c));
	}
	if (c->state == QUOTED)
		c->error = "a quoted field is not closed";
	csv_end_field(c);
	c->started = -1;
	return (1);
}

/* A record that is one empty field: a blank line. */
int
cd_csv_blank(const struct cd_csv *c)
{
	return (c->nfields == 1 && c->field[0][0] == '\0' && c->error == NULL);
}
