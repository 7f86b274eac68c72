/*
 * api_health.c — GET /healthz: 200 {"status":"ok","db":"sqlite"} after a
 * real round trip to the database; 503 {"status":"unavailable", "db":
 * ..., "reason": "unreachable" | "read_only" | "disk_full" | "io_error"}
 * when it cannot be reached, its file is read-only, or a connection of
 * this process met such trouble in the last minute with no commit since
 * (db_trouble). For load balancers and monitoring; needs no login and
 * shows no data (the reason is a word, not the database's message).
 */
#include <string.h>

#include "api/api.h"
#include "http/json.h"
#include "http/server.h"
#include "store/db.h"

void api_health(struct request *r)
{
	const struct server_config *cfg = server_config();
	const char *kind = r->db ? db_kind_name(r->db)
	                   : cfg && strncmp(cfg->db_url, "sqlite:", 7) == 0
	                           ? "sqlite" : "postgresql";
	int rc = r->db ? db_ping(r->db) : DB_UNAVAILABLE;
	const char *reason = db_trouble();
	if (rc != DB_OK && !reason)
		reason = rc == DB_REFUSED ? "io_error" : "unreachable";
	bool up = rc == DB_OK && !reason;
	struct json_writer w;
	json_start(r, up ? 200 : 503, &w);
	jw_object(&w);
	jw_kstr(&w, "status", up ? "ok" : "unavailable");
	jw_kstr(&w, "db", kind);
	if (!up)
		jw_kstr(&w, "reason", reason);
	jw_end(&w);
}
