/*
 * The ceiling for bench/run: a bare libmicrohttpd server shaped like the
 * host (one listening socket, N forked processes, epoll, M threads each)
 * answering the same body as GET /api/health, with nothing else: no
 * routing, no logging, no metrics.
 *
 *     baseline PORT PROCESSES THREADS SECONDS
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

static const char	body[] = "{\"status\":\"ok\",\"version\":\"0.1.0\"}";

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	(void)cls; (void)url; (void)method; (void)version; (void)upload;
	(void)upload_size;
	/* Answering on the first call makes libmicrohttpd close the connection. */
	if (*con_cls == NULL) {
		*con_cls = (void *)body;
		return (MHD_YES);
	}
	r = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)body,
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL ||
	    MHD_add_response_header(r, "Content-Type", "application/json") !=
	    MHD_YES)
		return (MHD_NO);
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return (ret);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in	 sa;
	struct MHD_Daemon	*d;
	int			 fd, on = 1, procs, threads, secs;

	if (argc != 5) {
		fprintf(stderr, "usage: baseline PORT PROCESSES THREADS SECONDS\n");
		return (2);
	}
	procs = atoi(argv[2]);
	threads = atoi(argv[3]);
	secs = atoi(argv[4]);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(fd, 4096) == -1) {
		perror("listen");
		return (1);
	}
	for (int i = 0; i < procs; i++) {
		if (fork() != 0)
			continue;
		d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD |
		    MHD_USE_TURBO, 0, NULL, NULL, answer, NULL,
		    MHD_OPTION_LISTEN_SOCKET, fd,
		    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)8192,
		    MHD_OPTION_END);
		if (d == NULL)
			_exit(1);
		sleep((unsigned int)secs);
		MHD_stop_daemon(d);
		_exit(0);
	}
	while (wait(NULL) > 0)
		;
	return (0);
}
