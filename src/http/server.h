/*
 * server.h — the HTTP server: libmicrohttpd glue, per-thread database
 * connections, limits, security headers, access log, graceful shutdown.
 *
 * It knows nothing of pages, the API or the domain: each complete request
 * goes to config->dispatch, which fills in the response (src/routes.c).
 */
#ifndef SAMPLAN_SERVER_H
#define SAMPLAN_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"
#include "http/router.h"

struct server_config {
	const char *db_url;
	const char *listen;        /* "ADDR:PORT", "[v6]:PORT" */
	unsigned threads;          /* 0: number of cores */
	/* The reverse proxy in front (an address, "127.0.0.1"), or NULL.
	 * Only requests whose TCP peer is this address have their client
	 * address taken from X-Forwarded-For and may carry auth_header. */
	const char *trusted_proxy;
	/* The header by which the trusted proxy names the signed-in user
	 * (e.g. "X-Remote-User"), or NULL: see routes.c. */
	const char *auth_header;
	/* The header by which it names a citizen signed in at /citizen by
	 * BankID or Freja eID: their personnummer (e.g.
	 * "X-Citizen-Personnummer"), or NULL. Believed only on /citizen
	 * paths and only from trusted_proxy. */
	const char *citizen_auth_header;
	bool secure;               /* behind TLS: Secure cookies, HSTS */
	/* Answer each request with "Samplan-Queries: N", the statements it
	 * ran on its worker's connection (db_query_count): for tests. */
	bool count_queries;
	const struct route *routes;
	size_t nroutes;
	/* Called once per request when its body is complete, or early with
	 * r->early_status set (413, 414). Must set r->status and body. */
	void (*dispatch)(struct request *r);
	/* After dispatch: true when the response must wait for work done
	 * elsewhere (the audit group commit). The server then suspends the
	 * connection — freeing the worker thread — and calls start_wait,
	 * whose resume(r, ok) may come from any thread; with ok false the
	 * prepared response is replaced by a 503. May be NULL. */
	bool (*must_wait)(struct request *r);
	void (*start_wait)(struct request *r,
	                   void (*resume)(struct request *r, bool ok));
	/* Called once per worker connection to the database after it opens
	 * (and before the first request uses it); may be NULL. */
	void (*on_db_open)(struct db *db);
};

/* Run until SIGTERM or SIGINT; then stop accepting, let requests in
 * flight finish (up to a grace period), and close the database
 * connections. Returns 0, or non-zero with a message in err when the
 * server could not start — among others when the port is in use: the
 * listening socket is bound exclusively (no SO_REUSEPORT), so two
 * servers never share a port.
 *
 * Slow and idle clients (LIMIT_CONNECTION_TIMEOUT_S and the connection
 * limits in base/limits.h): a connection with no byte for the timeout
 * is closed, whether it is sending its headers, a body, or idle between
 * keep-alive requests; one address may hold LIMIT_CONNECTIONS_PER_IP
 * connections (not applied to the trusted proxy, which multiplexes all
 * clients: there the proxy limits, docs/operations.md), all together
 * LIMIT_CONNECTIONS, so a handful of addresses cannot fill the server.
 * The open-files limit is raised to fit. */
int server_run(const struct server_config *config, char *err, size_t errlen);

/* The configuration of the running server (for the dispatcher). */
const struct server_config *server_config(void);

#endif
