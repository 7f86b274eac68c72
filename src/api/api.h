/*
 * api.h — the handlers of the JSON API under /api/v1, one file per
 * resource in src/api/. They call the same src/sip/ functions as the
 * pages. Documented in docs/openapi.yaml (a test keeps the two in step).
 */
#ifndef SAMPLAN_API_H
#define SAMPLAN_API_H

#include "http/request.h"
#include "sip/ctx.h"

/* Render r->problem as problem+json. */
void api_problem(struct request *r);
/* The domain context for this request. */
struct ctx api_ctx(struct request *r);
/* The path's {name} as an id; false, with 404 answered, when it is not
 * one. */
bool api_path_id(struct request *r, const char *name, int64_t *id);
/* Read the body (JSON or a form) into f; false, with the problem
 * answered, when it does not fit the fields. */
struct field;
struct form;
bool api_read_form(struct request *r, const struct field *fields, size_t n,
                   struct form *f);

/* api_health.c */
void api_health(struct request *r);

/* api_me.c */
void api_me(struct request *r);

/* api_directory.c */
void api_principals_list(struct request *r);
void api_principals_create(struct request *r);
void api_units_list(struct request *r);
void api_units_get(struct request *r);
void api_units_create(struct request *r);
void api_units_update(struct request *r);
void api_users_list(struct request *r);
void api_users_get(struct request *r);
void api_users_create(struct request *r);
void api_users_deactivate(struct request *r);

/* api_persons.c */
struct plan_summary;
/* {"plans": [summary...]} as the response. */
void respond_summaries(struct request *r, const struct plan_summary *plans,
                       int n);
void api_persons_create(struct request *r);
void api_persons_find(struct request *r);
void api_persons_get(struct request *r);
void api_persons_update(struct request *r);
void api_persons_add_related(struct request *r);
void api_persons_update_related(struct request *r);
void api_persons_own_reading(struct request *r);
void api_persons_plans(struct request *r);
/* api_access_log.c */
void api_persons_access_log(struct request *r);

/* api_plans.c */
void api_plans_create(struct request *r);
void api_plans_list(struct request *r);
void api_plans_get(struct request *r);
void api_plans_decline(struct request *r);
void api_plans_consent(struct request *r);
void api_plans_consent_withdraw(struct request *r);
void api_plans_preparation(struct request *r);
void api_plans_meeting(struct request *r);
void api_plans_meeting_cancel(struct request *r);
void api_plans_meeting_reschedule(struct request *r);
void api_plans_invitations(struct request *r);
void api_plans_establish(struct request *r);
void api_plans_revise(struct request *r);
void api_plans_close(struct request *r);
void api_plans_version(struct request *r);
void api_plans_versions_compare(struct request *r);
void api_invitations_mine(struct request *r);
void api_invitations_reply(struct request *r);
void api_invitations_remind(struct request *r);

/* api_follow_up.c: step 6 (follow_up.h) */
void api_plans_follow_up(struct request *r);
void api_plans_follow_up_results(struct request *r);
void api_plans_follow_up_conclude(struct request *r);
void api_plans_approval(struct request *r);
void api_plans_handovers(struct request *r);

/* api_worklist.c */
void api_worklist(struct request *r);
void api_notice_seen(struct request *r); /* h/cconsent */

/* api_closing.c */
void api_plans_closing(struct request *r);
void api_plans_closing_note(struct request *r);
/* api_evaluation.c */
void api_meeting_evaluations(struct request *r);
void api_meeting_evaluation_give(struct request *r);
void api_meeting_paper_feedback(struct request *r);

/* api_deviation.c */
void api_plans_deviation_report(struct request *r);
void api_deviations_list(struct request *r);
void api_deviations_get(struct request *r);
void api_deviations_step(struct request *r);
/* One deviation as JSON; full adds allowed_steps and events (the work
 * list shows the rows without them). */
struct json_writer;
struct deviation;
void api_json_deviation(struct json_writer *w, const struct deviation *x,
                        bool full);

/* api_fhir.c: a plan as FHIR R4 (doc/fhir.h) */
void api_statistics(struct request *r);
void api_fhir_care_plan(struct request *r);
void api_fhir_everything(struct request *r);
/* Render r->problem as a FHIR OperationOutcome (paths under /fhir/). */
void api_fhir_problem(struct request *r);

#endif
