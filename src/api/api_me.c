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
	json_t *o = api_json_user(r->user);
	if (r->session_csrf && !r->via_bearer)
		json_object_set_new(o, "csrf_token", json_string(r->session_csrf));
	json_respond(r, 200, o);
}
