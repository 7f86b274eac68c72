/*
 * api_me.c — GET /api/v1/me: the caller and their units. A caller
 * authenticated by session cookie also gets the session's csrf_token,
 * which cookie-authenticated API writes must send as X-CSRF-Token.
 */
#include "api/api.h"
#include "api/api_json.h"
#include "http/json.h"
#include "sip/user.h"

void api_me(struct request *r)
{
	struct json_writer w;
	json_start(r, 200, &w);
	api_json_user(&w, r->user,
	              r->session_csrf && !r->via_bearer ? r->session_csrf : NULL);
}
