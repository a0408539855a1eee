/*
 * BSON <-> JSON with libbson; see bson_json.h for what maps to what.
 * Depth: the document (or the object appended) is level 1 and every
 * object or array inside adds one, the way the host counts
 * json_max_depth; nothing recurses past CD_DOC_DEPTH_MAX + 1.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cd.h"
#include "bson_json.h"

static int	append_value(bson_t *, const char *, size_t, const json_t *,
		    int);
static json_t	*iter_value(const bson_iter_t *, int);

/* The members of obj (at level depth - 1) into b. */
static int
append_members(bson_t *b, const json_t *obj, int depth)
{
	const char	*key;
	size_t		 klen;
	json_t		*v;

	json_object_keylen_foreach((json_t *)obj, key, klen, v) {
		if (klen > INT_MAX || memchr(key, '\0', klen) != NULL ||
		    !bson_utf8_validate(key, klen, false) ||
		    append_value(b, key, klen, v, depth) != CD_OK)
			return (CD_EINVAL);
	}
	return (CD_OK);
}

/* v as the member key of b; depth: v's level when it is an object or array. */
static int
append_value(bson_t *b, const char *key, size_t klen, const json_t *v,
    int depth)
{
	bson_t		 child;
	char		 buf[16];
	const char	*k, *s;
	size_t		 i, n;
	json_t		*m;
	json_int_t	 iv;
	int		 ok;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (depth > CD_DOC_DEPTH_MAX ||
		    !bson_append_document_begin(b, key, (int)klen, &child))
			return (CD_EINVAL);
		ok = append_members(&child, v, depth + 1) == CD_OK;
		/* Always ended: b may not be used while child is open. */
		return (bson_append_document_end(b, &child) && ok ? CD_OK :
		    CD_EINVAL);
	case JSON_ARRAY:
		if (depth > CD_DOC_DEPTH_MAX ||
		    json_array_size(v) > UINT32_MAX ||
		    !bson_append_array_begin(b, key, (int)klen, &child))
			return (CD_EINVAL);
		ok = 1;
		json_array_foreach(v, i, m) {
			n = bson_uint32_to_string((uint32_t)i, &k, buf,
			    sizeof(buf));
			if (append_value(&child, k, n, m, depth + 1) != CD_OK) {
				ok = 0;
				break;
			}
		}
		return (bson_append_array_end(b, &child) && ok ? CD_OK :
		    CD_EINVAL);
	case JSON_STRING:
		s = json_string_value(v);
		n = json_string_length(v);
		if (n > INT_MAX || !bson_utf8_validate(s, n, true))
			return (CD_EINVAL);
		return (bson_append_utf8(b, key, (int)klen, s, (int)n) ? CD_OK :
		    CD_EINVAL);
	case JSON_INTEGER:
		iv = json_integer_value(v);
		if (iv >= INT32_MIN && iv <= INT32_MAX)
			return (bson_append_int32(b, key, (int)klen,
			    (int32_t)iv) ? CD_OK : CD_EINVAL);
		return (bson_append_int64(b, key, (int)klen, (int64_t)iv) ?
		    CD_OK : CD_EINVAL);
	case JSON_REAL:
		return (bson_append_double(b, key, (int)klen,
		    json_real_value(v)) ? CD_OK : CD_EINVAL);
	case JSON_TRUE:
	case JSON_FALSE:
		return (bson_append_bool(b, key, (int)klen, json_is_true(v)) ?
		    CD_OK : CD_EINVAL);
	case JSON_NULL:
		return (bson_append_null(b, key, (int)klen) ? CD_OK :
		    CD_EINVAL);
	}
	return (CD_EINVAL);
}

int
cd_bson_from_json(const json_t *obj, bson_t *out)
{
	bson_init(out);
	if (!json_is_object(obj))
		return (CD_EINVAL);
	return (append_members(out, obj, 2));
}

int
cd_bson_append_json(bson_t *b, const char *key, const json_t *obj)
{
	if (!json_is_object(obj) || strlen(key) > INT_MAX)
		return (CD_EINVAL);
	return (append_value(b, key, strlen(key), obj, 1));
}

/* A value with no JSON twin: libbson's relaxed Extended JSON of it. */
static json_t *
iter_extended(const bson_iter_t *it)
{
	bson_t	 one = BSON_INITIALIZER;
	json_t	*wrap, *v;
	char	*text;
	size_t	 len;

	v = NULL;
	if (bson_append_iter(&one, "v", 1, it) &&
	    (text = bson_as_relaxed_extended_json(&one, &len)) != NULL) {
		if ((wrap = json_loadb(text, len, 0, NULL)) != NULL) {
			v = json_incref(json_object_get(wrap, "v"));
			json_decref(wrap);
		}
		bson_free(text);
	}
	bson_destroy(&one);
	return (v);
}

/* The members after it, as an object or array at level depth - 1. */
static json_t *
iter_members(bson_iter_t *it, int array, int depth)
{
	json_t	*out, *v;
	int	 rc;

	if ((out = array ? json_array() : json_object()) == NULL)
		return (NULL);
	while (bson_iter_next(it)) {
		if ((v = iter_value(it, depth)) == NULL) {
			json_decref(out);
			return (NULL);
		}
		/* Both steal v, even when they fail. */
		rc = array ? json_array_append_new(out, v) :
		    json_object_setn_new(out, bson_iter_key(it),
		    bson_iter_key_len(it), v);
		if (rc != 0) {
			json_decref(out);
			return (NULL);
		}
	}
	return (out);
}

static json_t *
iter_value(const bson_iter_t *it, int depth)
{
	bson_iter_t	 child;
	const char	*s;
	uint32_t	 len;
	double		 d;

	switch (bson_iter_type(it)) {
	case BSON_TYPE_DOCUMENT:
	case BSON_TYPE_ARRAY:
		if (depth > CD_DOC_DEPTH_MAX || !bson_iter_recurse(it, &child))
			return (NULL);
		return (iter_members(&child, bson_iter_type(it) ==
		    BSON_TYPE_ARRAY, depth + 1));
	case BSON_TYPE_UTF8:
		s = bson_iter_utf8(it, &len);
		return (json_stringn(s, len));	/* NULL: not UTF-8 */
	case BSON_TYPE_INT32:
		return (json_integer(bson_iter_int32(it)));
	case BSON_TYPE_INT64:
		return (json_integer(bson_iter_int64(it)));
	case BSON_TYPE_DOUBLE:
		d = bson_iter_double(it);
		return (isfinite(d) ? json_real(d) : iter_extended(it));
	case BSON_TYPE_BOOL:
		return (json_boolean(bson_iter_bool(it)));
	case BSON_TYPE_NULL:
		return (json_null());
	default:
		return (iter_extended(it));
	}
}

json_t *
cd_bson_to_json(const bson_t *doc)
{
	bson_iter_t	it;
	size_t		off;

	/* Structure first: the iterator stops quietly at corruption. */
	if (!bson_validate(doc, BSON_VALIDATE_NONE, &off) ||
	    !bson_iter_init(&it, doc))
		return (NULL);
	return (iter_members(&it, 0, 2));
}
