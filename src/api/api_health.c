/*
 * api_health.c — GET /healthz: 200 {"status":"ok","db":"sqlite"} after a
 * real round trip to the database, 503 when it cannot be reached. For
 * load balancers and monitoring; needs no login and shows no data.
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
	bool up = r->db && db_ping(r->db) == DB_OK;
	struct json_writer w;
	json_start(r, up ? 200 : 503, &w);
	jw_object(&w);
	jw_kstr(&w, "status", up ? "ok" : "unavailable");
	jw_kstr(&w, "db", kind);
	jw_end(&w);
}
