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
	json_t *o = json_object();
	json_object_set_new(o, "status", json_string(up ? "ok" : "unavailable"));
	json_object_set_new(o, "db", json_string(kind));
	json_respond(r, up ? 200 : 503, o);
}
