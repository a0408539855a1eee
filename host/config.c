/*
 * The one configuration file (YAML, read with libyaml) and its
 * environment overrides.  Nested mappings flatten to dotted keys
 * ("plugins.gri.edition"); a sequence of scalars becomes one value joined
 * with ','.  Every known key can be overridden by CD_<KEY> in the
 * environment, dots becoming underscores (CD_PORT, CD_PLUGIN_DIRS).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "cd.h"

enum keytype { K_STR, K_OPTSTR, K_INT, K_SIZE, K_BOOL, K_DIRS, K_LEVEL,
    K_CHOICE };

struct keydef {
	const char	*name;
	enum keytype	 type;
	size_t		 off;
	size_t		 len;		/* K_STR: buffer size */
	long long	 min, max;	/* K_INT, K_SIZE */
	const char	*def;
};

#define OFF(f)		offsetof(struct cd_config, f)
#define LEN(f)		sizeof(((struct cd_config *)0)->f)

/* K_CHOICE keys: the field gets the index of the value. */
static const char *const docstores[] = { "postgres", "mongodb", NULL };

static const struct {
	const char		*name;
	const char *const	*values;
} choices[] = {
	{ "docstore", docstores },	/* CD_DOCSTORE_* order */
};

static const struct keydef keys[] = {
	{ "listen", K_STR, OFF(listen), LEN(listen), 0, 0, "127.0.0.1" },
	{ "port", K_INT, OFF(port), 0, 1, 65535, "5500" },
	{ "workers", K_INT, OFF(workers), 0, 0, CD_WORKERS_MAX, "0" },
	{ "threads", K_INT, OFF(threads), 0, 1, 64, "4" },
	{ "plugin_dirs", K_DIRS, OFF(plugin_dirs), 0, 0, 0,
	    "build/plugins,build/frameworks" },
	{ "plugin_cache", K_STR, OFF(plugin_cache), LEN(plugin_cache), 0, 0,
	    "run/plugin-cache" },
	{ "log_level", K_LEVEL, OFF(log_level), 0, 0, 0, "info" },
	{ "access_log", K_BOOL, OFF(access_log), 0, 0, 0, "true" },
	{ "max_body", K_SIZE, OFF(max_body), 0, 1, 1 << 30, "1048576" },
	{ "json_max_depth", K_INT, OFF(json_max_depth), 0, 1, 512, "32" },
	{ "connection_timeout", K_INT, OFF(connection_timeout), 0, 1, 3600,
	    "30" },
	{ "drain_timeout", K_INT, OFF(drain_timeout), 0, 0, 600, "10" },
	{ "dev", K_BOOL, OFF(dev), 0, 0, 0, "false" },
	{ "user", K_OPTSTR, OFF(user), LEN(user), 0, 0, "nobody" },
	{ "database_url", K_OPTSTR, OFF(database_url), LEN(database_url), 0, 0,
	    "" },
	{ "db_timeout_ms", K_INT, OFF(db_timeout_ms), 0, 100, 600000, "5000" },
	{ "migrations_dir", K_STR, OFF(migrations_dir), LEN(migrations_dir), 0,
	    0, "conf/migrations" },
	{ "redis_url", K_OPTSTR, OFF(redis_url), LEN(redis_url), 0, 0, "" },
	{ "redis_timeout_ms", K_INT, OFF(redis_timeout_ms), 0, 10, 10000,
	    "250" },
	{ "jwt_secret_file", K_OPTSTR, OFF(jwt_secret_file),
	    LEN(jwt_secret_file), 0, 0, "" },
	{ "access_ttl", K_INT, OFF(access_ttl), 0, 60, 3600, "900" },
	{ "refresh_ttl", K_INT, OFF(refresh_ttl), 0, 3600, 31536000,
	    "2592000" },
	{ "bcrypt_cost", K_INT, OFF(bcrypt_cost), 0, 12, 16, "12" },
	{ "login_max_failures", K_INT, OFF(login_max_failures), 0, 1, 100,
	    "5" },
	{ "login_lockout", K_INT, OFF(login_lockout), 0, 1, 86400, "900" },
	{ "rate_limit_ip", K_INT, OFF(rate_limit_ip), 0, 0, 10000000, "6000" },
	{ "rate_limit_user", K_INT, OFF(rate_limit_user), 0, 0, 10000000,
	    "3000" },
	{ "cors_origins", K_OPTSTR, OFF(cors_origins), LEN(cors_origins), 0, 0,
	    "" },
	{ "behind_tls", K_BOOL, OFF(behind_tls), 0, 0, 0, "false" },
	{ "trust_proxy", K_BOOL, OFF(trust_proxy), 0, 0, 0, "false" },
	{ "metrics_dictionary", K_STR, OFF(metrics_dictionary),
	    LEN(metrics_dictionary), 0, 0, "conf/metrics.yaml" },
	{ "factors_dir", K_STR, OFF(factors_dir), LEN(factors_dir), 0, 0,
	    "conf/factors" },
	{ "spool_dir", K_STR, OFF(spool_dir), LEN(spool_dir), 0, 0,
	    "run/spool" },
	{ "import_max_bytes", K_SIZE, OFF(import_max_bytes), 0, 1024,
	    1 << 30, "1073741824" },
	{ "settings_max_age", K_INT, OFF(settings_max_age), 0, 1, 3600, "30" },
	{ "dashboard_dir", K_OPTSTR, OFF(dashboard_dir), LEN(dashboard_dir),
	    0, 0, "assets/dist" },
	{ "docstore", K_CHOICE, OFF(docstore), 0, 0, 0, "postgres" },
	{ "mongo_url", K_OPTSTR, OFF(mongo_url), LEN(mongo_url), 0, 0, "" },
};

/* Keys under this prefix belong to plugins and are not checked here. */
#define PLUGIN_PREFIX	"plugins."

static const struct keydef *
config_keydef(const char *name)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, name) == 0)
			return (&keys[i]);
	return (NULL);
}

static void
config_envname(const char *key, char *buf, size_t len)
{
	size_t	i, j;

	j = cd_strlcpy(buf, "CD_", len);
	for (i = 0; key[i] != '\0' && j + 1 < len; i++, j++)
		buf[j] = key[i] == '.' ? '_' : (char)toupper((unsigned char)key[i]);
	buf[j < len ? j : len - 1] = '\0';
}

static int
config_level(const char *v)
{
	static const char *names[] = { "debug", "info", "warn", "error" };

	for (int i = 0; i < 4; i++)
		if (strcmp(v, names[i]) == 0)
			return (i);
	return (-1);
}

static const char *const *
config_choices(const struct keydef *k)
{
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++)
		if (strcmp(choices[i].name, k->name) == 0)
			return (choices[i].values);
	cd_fatal("no values for choice key %s", k->name);
}

/* Store value v for key k into the typed field; where says where it came from. */
static int
config_apply(struct cd_config *c, const struct keydef *k, const char *v,
    const char *where, char **err)
{
	const char *const *vals;
	char		*end, *base, names[128];
	long long	 n;

	base = (char *)c + k->off;
	switch (k->type) {
	case K_OPTSTR:
		if (strlen(v) >= k->len) {
			*err = cd_asprintf("%s: '%s' must be at most %zu "
			    "characters", where, k->name, k->len - 1);
			return (CD_EINVAL);
		}
		cd_strlcpy(base, v, k->len);
		return (CD_OK);
	case K_STR:
		if (*v == '\0' || strlen(v) >= k->len) {
			*err = cd_asprintf("%s: '%s' must be 1..%zu characters",
			    where, k->name, k->len - 1);
			return (CD_EINVAL);
		}
		cd_strlcpy(base, v, k->len);
		return (CD_OK);
	case K_INT:
	case K_SIZE:
		errno = 0;
		n = strtoll(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || n < k->min ||
		    n > k->max) {
			*err = cd_asprintf("%s: '%s' must be an integer in "
			    "%lld..%lld, not '%s'", where, k->name, k->min,
			    k->max, v);
			return (CD_EINVAL);
		}
		if (k->type == K_SIZE)
			*(size_t *)(void *)base = (size_t)n;
		else
			*(int *)(void *)base = (int)n;
		return (CD_OK);
	case K_BOOL:
		if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
		    strcmp(v, "on") == 0 || strcmp(v, "1") == 0)
			*(int *)(void *)base = 1;
		else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
		    strcmp(v, "off") == 0 || strcmp(v, "0") == 0)
			*(int *)(void *)base = 0;
		else {
			*err = cd_asprintf("%s: '%s' must be true or false, "
			    "not '%s'", where, k->name, v);
			return (CD_EINVAL);
		}
		return (CD_OK);
	case K_LEVEL:
		if ((n = config_level(v)) < 0) {
			*err = cd_asprintf("%s: '%s' must be debug, info, warn "
			    "or error, not '%s'", where, k->name, v);
			return (CD_EINVAL);
		}
		*(int *)(void *)base = (int)n;
		return (CD_OK);
	case K_CHOICE:
		vals = config_choices(k);
		for (n = 0; vals[n] != NULL; n++)
			if (strcmp(v, vals[n]) == 0) {
				*(int *)(void *)base = (int)n;
				return (CD_OK);
			}
		names[0] = '\0';
		for (n = 0; vals[n] != NULL; n++)
			(void)snprintf(names + strlen(names), sizeof(names) -
			    strlen(names), "%s%s", n == 0 ? "" :
			    vals[n + 1] == NULL ? " or " : ", ", vals[n]);
		*err = cd_asprintf("%s: '%s' must be %s, not '%s'", where,
		    k->name, names, v);
		return (CD_EINVAL);
	case K_DIRS:
		c->nplugin_dirs = 0;
		for (const char *p = v; *p != '\0';) {
			size_t l = strcspn(p, ",");
			if (l == 0 || l >= PATH_MAX ||
			    c->nplugin_dirs == CD_PLUGIN_DIRS_MAX) {
				*err = cd_asprintf("%s: '%s' takes 1..%d "
				    "non-empty paths", where, k->name,
				    CD_PLUGIN_DIRS_MAX);
				return (CD_EINVAL);
			}
			memcpy(c->plugin_dirs[c->nplugin_dirs], p, l);
			c->plugin_dirs[c->nplugin_dirs++][l] = '\0';
			p += l + (p[l] == ',');
		}
		if (c->nplugin_dirs == 0) {
			*err = cd_asprintf("%s: '%s' is empty", where, k->name);
			return (CD_EINVAL);
		}
		return (CD_OK);
	}
	return (CD_EINVAL);
}

static void
config_kv_add(struct cd_config *c, const char *key, const char *value,
    int line)
{
	for (size_t i = 0; i < c->nkv; i++) {
		if (strcmp(c->kv[i].key, key) == 0) {
			free(c->kv[i].value);
			c->kv[i].value = cd_strdup(value);
			c->kv[i].line = line;
			return;
		}
	}
	c->kv = cd_realloc(c->kv, (c->nkv + 1) * sizeof(*c->kv));
	c->kv[c->nkv].key = cd_strdup(key);
	c->kv[c->nkv].value = cd_strdup(value);
	c->kv[c->nkv].line = line;
	c->nkv++;
}

/* Walk the event stream; build dotted keys into path. */
struct walk {
	yaml_parser_t	 parser;
	const char	*file;
	char		 path[256];
	char		**err;
};

static int	walk_mapping(struct cd_config *, struct walk *);

static int
walk_error(struct walk *w, const yaml_event_t *ev, const char *what)
{
	*w->err = cd_asprintf("%s:%zu: %s", w->file,
	    ev->start_mark.line + 1, what);
	return (CD_EINVAL);
}

static int
walk_next(struct walk *w, yaml_event_t *ev)
{
	if (yaml_parser_parse(&w->parser, ev))
		return (CD_OK);
	*w->err = cd_asprintf("%s:%zu:%zu: %s%s%s", w->file,
	    w->parser.problem_mark.line + 1, w->parser.problem_mark.column + 1,
	    w->parser.problem ? w->parser.problem : "YAML error",
	    w->parser.context ? " " : "",
	    w->parser.context ? w->parser.context : "");
	return (CD_EINVAL);
}

static int
walk_sequence(struct cd_config *c, struct walk *w, int line)
{
	yaml_event_t	 ev;
	char		*joined;
	size_t		 len;

	joined = cd_strdup("");
	len = 0;
	for (;;) {
		if (walk_next(w, &ev) != CD_OK) {
			free(joined);
			return (CD_EINVAL);
		}
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			int rc = walk_error(w, &ev,
			    "a list may hold only plain values");
			yaml_event_delete(&ev);
			free(joined);
			return (rc);
		}
		size_t vl = ev.data.scalar.length;
		joined = cd_realloc(joined, len + vl + 2);
		if (len > 0)
			joined[len++] = ',';
		memcpy(joined + len, ev.data.scalar.value, vl);
		len += vl;
		joined[len] = '\0';
		yaml_event_delete(&ev);
	}
	config_kv_add(c, w->path, joined, line);
	free(joined);
	return (CD_OK);
}

static int
walk_value(struct cd_config *c, struct walk *w)
{
	yaml_event_t	ev;
	int		rc, line;

	if (walk_next(w, &ev) != CD_OK)
		return (CD_EINVAL);
	line = (int)ev.start_mark.line + 1;
	switch (ev.type) {
	case YAML_SCALAR_EVENT:
		config_kv_add(c, w->path, (const char *)ev.data.scalar.value,
		    line);
		rc = CD_OK;
		break;
	case YAML_SEQUENCE_START_EVENT:
		rc = walk_sequence(c, w, line);
		break;
	case YAML_MAPPING_START_EVENT:
		rc = walk_mapping(c, w);
		break;
	default:
		rc = walk_error(w, &ev, "unsupported YAML construct");
		break;
	}
	yaml_event_delete(&ev);
	return (rc);
}

static int
walk_mapping(struct cd_config *c, struct walk *w)
{
	yaml_event_t	ev;
	size_t		base;
	int		rc;

	base = strlen(w->path);
	for (;;) {
		if (walk_next(w, &ev) != CD_OK)
			return (CD_EINVAL);
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			w->path[base] = '\0';
			return (CD_OK);
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			rc = walk_error(w, &ev, "a key must be a plain value");
			yaml_event_delete(&ev);
			return (rc);
		}
		const char *k = (const char *)ev.data.scalar.value;
		if ((size_t)snprintf(w->path + base, sizeof(w->path) - base,
		    "%s%s", base ? "." : "", k) >= sizeof(w->path) - base) {
			rc = walk_error(w, &ev, "key too long");
			yaml_event_delete(&ev);
			return (rc);
		}
		if (strncmp(w->path, PLUGIN_PREFIX, strlen(PLUGIN_PREFIX)) != 0 &&
		    strcmp(w->path, "plugins") != 0 &&
		    config_keydef(w->path) == NULL) {
			char *what = cd_asprintf("unknown key '%s'", w->path);
			rc = walk_error(w, &ev, what);
			free(what);
			yaml_event_delete(&ev);
			return (rc);
		}
		yaml_event_delete(&ev);
		if ((rc = walk_value(c, w)) != CD_OK)
			return (rc);
		w->path[base] = '\0';
	}
}

static int
config_walk(struct cd_config *c, const char *buf, size_t len,
    const char *file, char **err)
{
	struct walk	w;
	yaml_event_t	ev;
	int		rc, done;

	memset(&w, 0, sizeof(w));
	w.file = file;
	w.err = err;
	if (!yaml_parser_initialize(&w.parser))
		cd_fatal("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&w.parser, (const unsigned char *)buf, len);

	rc = CD_OK;
	done = 0;
	while (!done && rc == CD_OK) {
		if ((rc = walk_next(&w, &ev)) != CD_OK)
			break;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_MAPPING_START_EVENT:
			rc = walk_mapping(c, &w);
			break;
		default:
			rc = walk_error(&w, &ev,
			    "the configuration must be a mapping of keys");
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&w.parser);
	return (rc);
}

/* Parse buf (named file in messages), then apply defaults and environment. */
int
cd_config_parse(struct cd_config *c, const char *buf, size_t len,
    const char *file, char **err)
{
	char		 where[PATH_MAX + 32], env[128];
	const char	*v;
	int		 line;

	memset(c, 0, sizeof(*c));
	if (config_walk(c, buf, len, file, err) != CD_OK)
		goto fail;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct keydef *k = &keys[i];
		line = 0;
		config_envname(k->name, env, sizeof(env));
		if ((v = getenv(env)) != NULL) {
			snprintf(where, sizeof(where), "environment %s", env);
			config_kv_add(c, k->name, v, 0);
		} else if ((v = cd_config_get(c, k->name)) != NULL) {
			for (size_t j = 0; j < c->nkv; j++)
				if (strcmp(c->kv[j].key, k->name) == 0)
					line = c->kv[j].line;
			snprintf(where, sizeof(where), "%s:%d", file, line);
		} else {
			v = k->def;
			snprintf(where, sizeof(where), "default");
		}
		if (config_apply(c, k, v, where, err) != CD_OK)
			goto fail;
	}
	if (c->docstore == CD_DOCSTORE_MONGODB && c->mongo_url[0] == '\0') {
		*err = cd_asprintf("'docstore' is mongodb but 'mongo_url' is "
		    "empty: set mongo_url (or CD_MONGO_URL) to a mongodb:// URL");
		goto fail;
	}
	if (c->workers == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		c->workers = n < 1 ? 1 : n > CD_WORKERS_MAX ? CD_WORKERS_MAX :
		    (int)n;
	}
	return (CD_OK);

fail:
	cd_config_cleanup(c);
	return (CD_EINVAL);
}

int
cd_config_load(struct cd_config *c, const char *file, char **err)
{
	char	*buf;
	size_t	 len;
	int	 rc;

	memset(c, 0, sizeof(*c));
	if ((buf = cd_file_read(file, 1 << 20, &len, err)) == NULL)
		return (CD_ERR);
	rc = cd_config_parse(c, buf, len, file, err);
	free(buf);
	return (rc);
}

void
cd_config_cleanup(struct cd_config *c)
{
	for (size_t i = 0; i < c->nkv; i++) {
		free(c->kv[i].key);
		free(c->kv[i].value);
	}
	free(c->kv);
	c->kv = NULL;
	c->nkv = 0;
}

/* The environment's CD_<KEY> wins over the file. */
const char *
cd_config_get(const struct cd_config *c, const char *key)
{
	char		 env[128];
	const char	*v;

	config_envname(key, env, sizeof(env));
	if ((v = getenv(env)) != NULL)
		return (v);
	for (size_t i = 0; i < c->nkv; i++)
		if (strcmp(c->kv[i].key, key) == 0)
			return (c->kv[i].value);
	return (NULL);
}
