/*
 * static.h — CSS and icons embedded in the binary (web/), served with
 * long-lived caching: their URLs carry a hash of the content, so a new
 * build changes the URL and browsers never use a stale copy.
 */
#ifndef SAMPLAN_STATIC_H
#define SAMPLAN_STATIC_H

#include "http/request.h"

/* Compute the content hashes (startup). */
void static_init(void);

/* "/static/style.css?v=1a2b3c4d" for an embedded file name. */
const char *static_url(const char *name);

/* Handler for GET /static/{name}. */
void static_serve(struct request *r);

/* Handler for GET /api/v1/openapi.yaml: docs/openapi.yaml as it was
 * when the binary was built, as application/yaml. Public: it describes
 * the API and holds no data. */
void static_openapi(struct request *r);

#endif
