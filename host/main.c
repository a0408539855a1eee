/*
 * carbon-depict: the host.  Reads the configuration and runs the master.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cd.h"

static void
usage(void)
{
	fprintf(stderr, "usage: carbon-depict [-t] [-c config.yaml]\n"
	    "  -c FILE  configuration (default $CD_CONFIG or "
	    "conf/carbon-depict.yaml)\n"
	    "  -t       check the configuration and exit\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	static struct cd_config	 conf;
	const char		*path;
	char			*err;
	int			 ch, check;

	path = getenv("CD_CONFIG") ? getenv("CD_CONFIG") :
	    "conf/carbon-depict.yaml";
	check = 0;
	while ((ch = getopt(argc, argv, "c:th")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 't':
			check = 1;
			break;
		default:
			usage();
		}
	}
	err = NULL;
	if (cd_config_load(&conf, path, &err) != CD_OK) {
		fprintf(stderr, "carbon-depict: configuration refused: %s\n",
		    err);
		free(err);
		return (1);
	}
	if (check) {
		/* The document store's URL is parsed, not connected to. */
		if (cd_docs_init(&conf, &err) != CD_OK) {
			fprintf(stderr, "carbon-depict: configuration refused: "
			    "%s\n", err);
			free(err);
			cd_config_cleanup(&conf);
			return (1);
		}
		cd_docs_cleanup();
		printf("carbon-depict: %s is valid\n", path);
		cd_config_cleanup(&conf);
		return (0);
	}
	cd_log_init(conf.log_level, conf.access_log);
	cd_conf = &conf;
	(void)cd_master_run(&conf, path);
	cd_config_cleanup(&conf);
	return (0);
}
