/*
 * routes.c — the route table and the dispatcher: the whole attack
 * surface of samplan on one screen (STYLE §2).
 *
 * Each row: method, path pattern, handler, the capability it needs
 * (capability.h), whether it changes data (then a cookie-authenticated
 * caller must send the session's CSRF token, as the form field
 * csrf_token or the header X-CSRF-Token; bearer-token callers need not),
 * and an optional body cap.
 *
 * The dispatcher runs the same steps for every request, in this order:
 * early refusals (413, 414), routes that need no database (static
 * files, /healthz), database (503), caller (API token or session
 * cookie), language, route (404, 405), capability (401 / login redirect,
 * 403), body (400, 413), CSRF (403), then the handler. Reads' audit
 * records are committed before the response leaves (routes_must_wait).
 */
#include "routes.h"

#include <string.h>

#include "api/api.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/date.h"
#include "base/text.h"
#include "http/html.h"
#include "http/input.h"
#include "http/json.h"
#include "http/server.h"
#include "http/static.h"
#include "page/layout.h"
#include "page/pages.h"
#include "audit/audit_group.h"
#include "page/citizen_layout.h"
#include "sip/auth.h"
#include "sip/citizen.h"
#include "sip/capability.h"
#include "sip/personnummer.h"
#include "sip/user.h"
#include "store/db.h"

#define GET HTTP_GET
#define POST HTTP_POST

/* clang-format off */
const struct route routes[] = {
	/* method, pattern, handler, capability, changes, max_body, without_db */
	{GET,  "/static/{name}",                 static_serve,            CAP_PUBLIC,       false, 0, true},
	{GET,  "/healthz",                       api_health,              CAP_PUBLIC,       false, 0, true},
	{GET,  "/api/v1/openapi.yaml",           static_openapi,          CAP_PUBLIC,       false, 0, true},

	{GET,  "/login",                         page_login_form,         CAP_PUBLIC,       false, 0, false},
	{POST, "/login",                         page_login_submit,       CAP_PUBLIC,       true,  0, false},
	{POST, "/logout",                        page_logout,             CAP_LOGGED_IN,    true,  0, false},
	{POST, "/language",                      page_language,           CAP_PUBLIC,       true,  0, false},
	{GET,  "/",                              page_home,               CAP_LOGGED_IN,    false, 0, false},
	{GET,  "/account",                       page_account,            CAP_LOGGED_IN,    false, 0, false},
	/* h/cconsent: a unit marks a notice of the work list seen */
	{POST, "/notices/{nid}/seen",            page_notice_seen,        CAP_WORK,         true,  0, false},
	{POST, "/account/password",              page_account_password,   CAP_LOGGED_IN,    true,  0, false},

	/* The SIP process: persons, plans, invitations (src/page/page_persons.c, page_plan*.c, page_invitation.c) */
	{GET,  "/persons",                       page_persons,               CAP_WORK, false, 0, false},
	{GET,  "/persons/new",                   page_person_new,            CAP_WORK, false, 0, false},
	{POST, "/persons",                       page_person_create,         CAP_WORK, true,  0, false},
	{GET,  "/persons/{id}",                  page_person,                CAP_WORK, false, 0, false},
	{POST, "/persons/{id}",                  page_person_update,         CAP_WORK, true,  0, false},
	{POST, "/persons/{id}/related",          page_person_add_related,    CAP_WORK, true,  0, false},
	{POST, "/persons/{id}/related/{rid}",    page_person_update_related, CAP_WORK, true,  0, false},
	{POST, "/persons/{id}/own-reading",      page_person_own_reading,    CAP_WORK, true,  0, false},
	{GET,  "/plans/new",                     page_plan_new,              CAP_WORK, false, 0, false},
	{POST, "/plans",                         page_plan_create,           CAP_WORK, true,  0, false},
	{GET,  "/plans/{id}",                    page_plan,                  CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/decline",            page_plan_decline,          CAP_WORK, true,  0, false},
	{POST, "/plans/{id}/consents",           page_plan_consent,          CAP_WORK, true,  0, false},
	{GET,  "/plans/{id}/consents/{cid}/withdraw", page_plan_consent_withdraw_form, CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/consents/{cid}/withdraw", page_plan_consent_withdraw, CAP_WORK, true, 0, false},
	{POST, "/plans/{id}/preparation",        page_plan_preparation,      CAP_WORK, true,  0, false},
	{POST, "/plans/{id}/meetings",           page_plan_meeting,          CAP_WORK, true,  0, false},
	{POST, "/plans/{id}/meetings/{mid}/cancel", page_plan_meeting_cancel, CAP_WORK, true, 0, false},
	{POST, "/plans/{id}/invitations",        page_plan_invitations,      CAP_WORK, true,  0, false},
	{GET,  "/plans/{id}/establish",          page_plan_establish_form,   CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/establish",          page_plan_establish,        CAP_WORK, true,  0, false},
	{GET,  "/plans/{id}/revise",             page_plan_revise_form,      CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/revise",             page_plan_revise,           CAP_WORK, true,  0, false},
	{POST, "/plans/{id}/follow-up",          page_plan_follow_up,        CAP_WORK, true,  0, false},
	/* step 6: follow-up results, approval, handing over (h/followup) */
	{GET,  "/plans/{id}/follow-up",          page_plan_follow_up_form,   CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/follow-up/results",  page_plan_follow_up_results, CAP_WORK, true, 0, false},
	{POST, "/plans/{id}/follow-up/conclude", page_plan_follow_up_conclude, CAP_WORK, true, 0, false},
	{GET,  "/plans/{id}/approval",           page_plan_approval_form,    CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/approval",           page_plan_approval,         CAP_WORK, true,  0, false},
	{POST, "/plans/{id}/handovers",          page_plan_handover,         CAP_WORK, true,  0, false},
	{POST, "/plans/{id}/close",              page_plan_close,            CAP_WORK, true,  0, false},
	{POST, "/plans/{id}/closing-notes",      page_plan_closing_note,     CAP_WORK, true,  0, false},
	{GET,  "/plans/{id}/versions/compare", page_plan_versions_compare, CAP_WORK, false, 0, false},
	{GET,  "/plans/{id}/versions/{no}",      page_plan_version,          CAP_WORK, false, 0, false},
	/* A meeting in the calendar, and moving it (h/ics: src/page/page_plan_calendar.c, src/doc/ics.c);
	   the .ics answers a signed-in user and an API token alike, under both paths */
	{GET,  "/plans/{id}/meetings/{mid}/meeting.ics", page_plan_meeting_ics, CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/meetings/{mid}/reschedule", page_plan_meeting_reschedule, CAP_WORK, true, 0, false},
	{POST, "/api/v1/plans/{id}/meetings/{mid}/reschedule", api_plans_meeting_reschedule, CAP_WORK, true, 0, false},
	{GET,  "/api/v1/plans/{id}/meetings/{mid}/meeting.ics", page_plan_meeting_ics, CAP_WORK, false, 0, false},
	/* The plan on paper: print view, plain summary, PDF, letters (h/print; src/page/page_plan_print.c) */
	{GET,  "/plans/{id}/print",              page_plan_print,            CAP_WORK, false, 0, false},
	{GET,  "/plans/{id}/versions/{no}/print", page_plan_print,           CAP_WORK, false, 0, false},
	{GET,  "/plans/{id}/plain",              page_plan_plain,            CAP_WORK, false, 0, false},
	{GET,  "/plans/{id}/versions/{no}/plain", page_plan_plain,           CAP_WORK, false, 0, false},
	{GET,  "/plans/{id}/plan.pdf",           page_plan_pdf,              CAP_WORK, false, 0, false},
	{GET,  "/plans/{id}/versions/{no}/plan.pdf", page_plan_pdf,          CAP_WORK, false, 0, false},
	{GET,  "/plans/{id}/invitations/{iid}/letter.pdf", page_plan_letter_pdf, CAP_WORK, false, 0, false},
	{GET,  "/plans/{id}/meetings/{mid}/planning.pdf", page_plan_planning_pdf, CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/citizen-letter",     page_plan_citizen_letter,   CAP_WORK, true,  0, false},
	{GET,  "/invitations/{id}",              page_invitation,            CAP_WORK, false, 0, false},
	{POST, "/invitations/{id}/reply",        page_invitation_reply,      CAP_WORK, true,  0, false},
	{POST, "/invitations/{id}/remind",       page_invitation_remind,     CAP_WORK, true,  0, false},

	{GET,  "/admin/principals",              page_principals,         CAP_ADMIN,        false, 0, false},
	{GET,  "/admin/principals/new",          page_principal_new,      CAP_ADMIN,        false, 0, false},
	{POST, "/admin/principals",              page_principal_create,   CAP_ADMIN,        true,  0, false},
	{GET,  "/admin/principals/{id}",         page_principal_edit,     CAP_ADMIN,        false, 0, false},
	{POST, "/admin/principals/{id}",         page_principal_update,   CAP_ADMIN,        true,  0, false},
	{GET,  "/admin/units",                   page_units,              CAP_ADMIN,        false, 0, false},
	{GET,  "/admin/units/new",               page_unit_new,           CAP_ADMIN,        false, 0, false},
	{POST, "/admin/units",                   page_unit_create,        CAP_ADMIN,        true,  0, false},
	{GET,  "/admin/units/{id}",              page_unit_edit,          CAP_ADMIN,        false, 0, false},
	{POST, "/admin/units/{id}",              page_unit_update,        CAP_ADMIN,        true,  0, false},
	{GET,  "/admin/users",                   page_users,              CAP_MANAGE_USERS, false, 0, false},
	{GET,  "/admin/users/new",               page_user_new,           CAP_MANAGE_USERS, false, 0, false},
	{POST, "/admin/users",                   page_user_create,        CAP_MANAGE_USERS, true,  0, false},
	{GET,  "/admin/users/{id}",              page_user_edit,          CAP_MANAGE_USERS, false, 0, false},
	{POST, "/admin/users/{id}",              page_user_update,        CAP_MANAGE_USERS, true,  0, false},
	{POST, "/admin/users/{id}/deactivate",   page_user_deactivate,    CAP_MANAGE_USERS, true,  0, false},
	{POST, "/admin/users/{id}/reactivate",   page_user_reactivate,    CAP_MANAGE_USERS, true,  0, false},
	{GET,  "/admin/import",                  page_import_form,        CAP_ADMIN,        false, 0, false},
	{POST, "/admin/import",                  page_import_submit,      CAP_ADMIN,        true,  LIMIT_IMPORT_BODY, false},
	{GET,  "/admin/outbox",                  page_outbox,             CAP_ADMIN,        false, 0, false},

	/* Reviewing the audit log, and the individual's extract (src/page/page_audit.c) */
	{GET,  "/audit",                         page_audit,              CAP_AUDIT_REVIEW, false, 0, false},
	{GET,  "/audit/report",                  page_audit_report,       CAP_AUDIT_REVIEW, false, 0, false},
	{GET,  "/audit.csv",                     page_audit_csv,          CAP_AUDIT_REVIEW, false, 0, false},
	{GET,  "/audit/report.csv",              page_audit_report_csv,   CAP_AUDIT_REVIEW, false, 0, false},
	{GET,  "/persons/{id}/access-log",       page_person_access_log,  CAP_WORK,         false, 0, false},
	/* h/cextract: the individuals' anonymous feedback, summed */
	{GET,  "/feedback",                      page_feedback,           CAP_WORK,         false, 0, false},


	/* The individual's own samplan (src/page/page_citizen*.c): citizens
	   only, on their own cookie; no staff session is looked at here */
	{GET,  "/citizen",                       page_citizen_home,       CAP_PUBLIC,       false, 0, false},
	{POST, "/citizen/sign-in",               page_citizen_sign_in,    CAP_PUBLIC,       true,  0, false},
	{POST, "/citizen/sign-out",              page_citizen_sign_out,   CAP_CITIZEN,      true,  0, false},
	/* h/cconsent: who sees what (src/page/page_citizen_consent.c) */
	{GET,  "/citizen/plans/{id}/consents",   page_citizen_consents,   CAP_CITIZEN,      false, 0, false},
	{GET,  "/citizen/plans/{id}/consents/{cid}/narrow",   page_citizen_consent_narrow_form,   CAP_CITIZEN, false, 0, false},
	{POST, "/citizen/plans/{id}/consents/{cid}/narrow",   page_citizen_consent_narrow,        CAP_CITIZEN, true,  0, false},
	{GET,  "/citizen/plans/{id}/consents/{cid}/withdraw", page_citizen_consent_withdraw_form, CAP_CITIZEN, false, 0, false},
	{POST, "/citizen/plans/{id}/consents/{cid}/withdraw", page_citizen_consent_withdraw,      CAP_CITIZEN, true,  0, false},
	{GET,  "/citizen/plans/{id}/consents/{cid}/widen",    page_citizen_consent_widen_form,    CAP_CITIZEN, false, 0, false},
	{POST, "/citizen/plans/{id}/consents/{cid}/widen",    page_citizen_consent_widen,         CAP_CITIZEN, true,  0, false},
	{GET,  "/citizen/plans/{id}/follow-up-request",       page_citizen_follow_up_request_form, CAP_CITIZEN, false, 0, false},
	{POST, "/citizen/plans/{id}/follow-up-request",       page_citizen_follow_up_request,     CAP_CITIZEN, true,  0, false},
	/* h/cextract: who has read my data; anonymous feedback after a
	   meeting (page_citizen_extract.c, page_citizen_feedback.c) */
	{GET,  "/citizen/access-log",            page_citizen_access_log, CAP_CITIZEN,      false, 0, false},
	{GET,  "/citizen/access-log.pdf",        page_citizen_access_log_pdf, CAP_CITIZEN,  false, 0, false},
	{GET,  "/citizen/plans/{id}/meetings/{mid}/feedback", page_citizen_feedback, CAP_CITIZEN, false, 0, false},
	{POST, "/citizen/plans/{id}/meetings/{mid}/feedback", page_citizen_feedback_post, CAP_CITIZEN, true, 0, false},
	/* h/cread: the citizen reads the plan, its versions and meetings */
	{GET,  "/citizen/plans/{id}",            page_citizen_plan,         CAP_CITIZEN,  false, 0, false},
	{GET,  "/citizen/plans/{id}/plan.pdf",   page_citizen_plan_pdf,     CAP_CITIZEN,  false, 0, false},
	{GET,  "/citizen/plans/{id}/versions/{no}", page_citizen_plan_version, CAP_CITIZEN, false, 0, false},
	{GET,  "/citizen/plans/{id}/versions/{no}/plan.pdf", page_citizen_plan_pdf, CAP_CITIZEN, false, 0, false},
	{GET,  "/citizen/plans/{id}/versions/{no}/changes", page_citizen_plan_changes, CAP_CITIZEN, false, 0, false},
	{GET,  "/citizen/plans/{id}/meetings",   page_citizen_meetings,     CAP_CITIZEN,  false, 0, false},
	{GET,  "/citizen/plans/{id}/meetings/{mid}/meeting.ics", page_citizen_meeting_ics, CAP_CITIZEN, false, 0, false},
	/* h/cown: my own part, a proposed revision and my answer, asking for a SIP
	   (src/page/page_citizen_own.c, page_citizen_proposal.c, page_citizen_ask.c) */
	{GET,  "/citizen/plans/{id}/own",        page_citizen_own,        CAP_CITIZEN,      false, 0, false},
	{POST, "/citizen/plans/{id}/own",        page_citizen_own_post,   CAP_CITIZEN,      true,  0, false},
	{GET,  "/citizen/plans/{id}/proposal",   page_citizen_proposal,   CAP_CITIZEN,      false, 0, false},
	{POST, "/citizen/plans/{id}/proposal/approve", page_citizen_proposal_approve, CAP_CITIZEN, true, 0, false},
	{POST, "/citizen/plans/{id}/proposal/reject",  page_citizen_proposal_reject,  CAP_CITIZEN, true, 0, false},
	{GET,  "/citizen/ask",                   page_citizen_ask,        CAP_CITIZEN,      false, 0, false},
	{POST, "/citizen/ask",                   page_citizen_ask_post,   CAP_CITIZEN,      true,  0, false},

	{GET,  "/api/v1/me",                     api_me,                  CAP_LOGGED_IN,    false, 0, false},
	{GET,  "/api/v1/principals",             api_principals_list,     CAP_LOGGED_IN,    false, 0, false},
	{POST, "/api/v1/principals",             api_principals_create,   CAP_ADMIN,        true,  0, false},
	{GET,  "/api/v1/units",                  api_units_list,          CAP_LOGGED_IN,    false, 0, false},
	{POST, "/api/v1/units",                  api_units_create,        CAP_ADMIN,        true,  0, false},
	{GET,  "/api/v1/units/{id}",             api_units_get,           CAP_LOGGED_IN,    false, 0, false},
	{POST, "/api/v1/units/{id}",             api_units_update,        CAP_ADMIN,        true,  0, false},
	{GET,  "/api/v1/users",                  api_users_list,          CAP_MANAGE_USERS, false, 0, false},
	{POST, "/api/v1/users",                  api_users_create,        CAP_MANAGE_USERS, true,  0, false},
	{GET,  "/api/v1/users/{id}",             api_users_get,           CAP_MANAGE_USERS, false, 0, false},
	{POST, "/api/v1/users/{id}/deactivate",  api_users_deactivate,    CAP_MANAGE_USERS, true,  0, false},

	{POST, "/api/v1/persons",                       api_persons_create,         CAP_WORK, true,  0, false},
	{GET,  "/api/v1/persons",                       api_persons_find,           CAP_WORK, false, 0, false},
	{GET,  "/api/v1/persons/{id}",                  api_persons_get,            CAP_WORK, false, 0, false},
	{POST, "/api/v1/persons/{id}",                  api_persons_update,         CAP_WORK, true,  0, false},
	{POST, "/api/v1/persons/{id}/related",          api_persons_add_related,    CAP_WORK, true,  0, false},
	{POST, "/api/v1/persons/{id}/related/{rid}",    api_persons_update_related, CAP_WORK, true,  0, false},
	{POST, "/api/v1/persons/{id}/own-reading",      api_persons_own_reading,    CAP_WORK, true,  0, false},
	{GET,  "/api/v1/persons/{id}/plans",            api_persons_plans,          CAP_WORK, false, 0, false},
	{GET,  "/api/v1/persons/{id}/access-log",       api_persons_access_log,     CAP_WORK, false, 0, false},
	{POST, "/api/v1/plans",                         api_plans_create,           CAP_WORK, true,  0, false},
	{GET,  "/api/v1/plans",                         api_plans_list,             CAP_WORK, false, 0, false},
	{GET,  "/api/v1/plans/{id}",                    api_plans_get,              CAP_WORK, false, 0, false},
	{POST, "/api/v1/plans/{id}/decline",            api_plans_decline,          CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/consents",           api_plans_consent,          CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/consents/{cid}/withdraw", api_plans_consent_withdraw, CAP_WORK, true, 0, false},
	{POST, "/api/v1/plans/{id}/preparation",        api_plans_preparation,      CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/meetings",           api_plans_meeting,          CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/meetings/{mid}/cancel", api_plans_meeting_cancel, CAP_WORK, true, 0, false},
	{POST, "/api/v1/plans/{id}/invitations",        api_plans_invitations,      CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/establish",          api_plans_establish,        CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/follow-up",          api_plans_follow_up,        CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/revise",             api_plans_revise,           CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/close",              api_plans_close,            CAP_WORK, true,  0, false},
	{GET,  "/api/v1/plans/{id}/closing",            api_plans_closing,          CAP_WORK, false, 0, false},
	{POST, "/api/v1/plans/{id}/closing-notes",      api_plans_closing_note,     CAP_WORK, true,  0, false},
	{GET,  "/api/v1/plans/{id}/versions/compare", api_plans_versions_compare, CAP_WORK, false, 0, false},
	{GET,  "/api/v1/plans/{id}/versions/{no}",      api_plans_version,          CAP_WORK, false, 0, false},
	{GET,  "/api/v1/invitations",                   api_invitations_mine,       CAP_WORK, false, 0, false},
	{GET,  "/api/v1/worklist",                      api_worklist,               CAP_WORK, false, 0, false},
	/* h/cconsent: a unit has seen a notice of its work list */
	{POST, "/api/v1/notices/{id}/seen",             api_notice_seen,            CAP_WORK, true,  0, false},
	{POST, "/api/v1/invitations/{id}/reply",        api_invitations_reply,      CAP_WORK, true,  0, false},
	/* step 6: follow-up results, approval, handing over (h/followup) */
	{POST, "/api/v1/plans/{id}/follow-up/results",  api_plans_follow_up_results, CAP_WORK, true, 0, false},
	{POST, "/api/v1/plans/{id}/follow-up/conclude", api_plans_follow_up_conclude, CAP_WORK, true, 0, false},
	{POST, "/api/v1/plans/{id}/approval",           api_plans_approval,         CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/handovers",          api_plans_handovers,        CAP_WORK, true,  0, false},
	{POST, "/api/v1/invitations/{id}/remind",       api_invitations_remind,     CAP_WORK, true,  0, false},

	/* FHIR R4: a plan as CarePlan and as a Bundle (src/api/api_fhir.c, src/doc/fhir*.c; h/fhir) */
	{GET,  "/fhir/CarePlan/{id}",                   api_fhir_care_plan,         CAP_WORK, false, 0, false},
	{GET,  "/fhir/CarePlan/{id}/$everything",       api_fhir_everything,        CAP_WORK, false, 0, false},

	/* the citizen pages' information text and language switch (h/clang;
	 * POST /language takes the six too, for a /citizen next) */
	{GET,  "/citizen/about",                        page_citizen_about,         CAP_PUBLIC, false, 0, false},
	{POST, "/citizen/language",                     page_language,              CAP_PUBLIC, true,  0, false},

	/* issue 12, meeting evaluation and paper feedback: a participant's
	 * evaluation of a held meeting, the meeting's evaluations, SIP-kollen
	 * typed in from paper (page_meeting_evaluation.c, api_evaluation.c) */
	{GET,  "/plans/{id}/meetings/{mid}/evaluation",      page_meeting_evaluation,          CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/meetings/{mid}/evaluation",      page_meeting_evaluation_post,     CAP_WORK, true,  0, false},
	{GET,  "/plans/{id}/meetings/{mid}/evaluations",     page_meeting_evaluations,         CAP_WORK, false, 0, false},
	{GET,  "/plans/{id}/meetings/{mid}/feedback/paper",  page_meeting_paper_feedback,      CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/meetings/{mid}/feedback/paper",  page_meeting_paper_feedback_post, CAP_WORK, true,  0, false},
	{GET,  "/api/v1/plans/{id}/meetings/{mid}/evaluations",    api_meeting_evaluations,     CAP_WORK, false, 0, false},
	{POST, "/api/v1/plans/{id}/meetings/{mid}/evaluations",    api_meeting_evaluation_give, CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/meetings/{mid}/paper-feedback", api_meeting_paper_feedback,  CAP_WORK, true,  0, false},
	/* Issue 12, deviations in the collaboration (src/page/page_deviation.c,
	   src/api/api_deviation.c, src/sip/deviation.c) */
	{GET,  "/plans/{id}/deviations/new",            page_deviation_new,         CAP_WORK, false, 0, false},
	{POST, "/plans/{id}/deviations/new",            page_deviation_create,      CAP_WORK, true,  0, false},
	{GET,  "/deviations",                           page_deviations,            CAP_WORK, false, 0, false},
	{GET,  "/deviations/{id}",                      page_deviation,             CAP_WORK, false, 0, false},
	{POST, "/deviations/{id}/{step}",               page_deviation_step,        CAP_WORK, true,  0, false},
	{POST, "/api/v1/plans/{id}/deviations",         api_plans_deviation_report, CAP_WORK, true,  0, false},
	{GET,  "/api/v1/deviations",                    api_deviations_list,        CAP_WORK, false, 0, false},
	{GET,  "/api/v1/deviations/{id}",               api_deviations_get,         CAP_WORK, false, 0, false},
	{POST, "/api/v1/deviations/{id}/{step}",        api_deviations_step,        CAP_WORK, true,  0, false},
	/* issue 12, statistics: the agreement's follow-up in figures, no
	 * personal data (src/sip/statistics.c, docs/statistics.md) */
	{GET,  "/statistics",                           page_statistics,            CAP_STATISTICS, false, 0, false},
	{GET,  "/statistics.csv",                       page_statistics_csv,        CAP_STATISTICS, false, 0, false},
	{GET,  "/api/v1/statistics",                    api_statistics,             CAP_STATISTICS, false, 0, false},
};
/* clang-format on */

const size_t nroutes = sizeof routes / sizeof routes[0];

/* ---- the dispatcher ---- */

struct ctx request_ctx(struct request *r)
{
	return (struct ctx){
		.actor = r->citizen ? ACTOR_CITIZEN
		         : r->user  ? ACTOR_STAFF : ACTOR_NONE,
		.db = r->db,
		.arena = &r->arena,
		.problem = &r->problem,
		.user = r->citizen ? NULL : r->user,
		.citizen = r->citizen,
		.citizen_session_id = r->citizen ? r->citizen->session_id : 0,
		.client_addr = r->client_addr,
		.lang = r->lang,
		.now = r->now,
		.audit_defer = r->defer_audit ? &r->audit_pending : NULL,
	};
}

/* The individual's pages: /citizen and below. */
static bool citizen_path(const char *path)
{
	return strncmp(path, "/citizen", 8) == 0 &&
	       (path[8] == '\0' || path[8] == '/');
}

static void render_problem(struct request *r)
{
	/* FHIR clients read an OperationOutcome (api_fhir.c). */
	if (strncmp(r->path, "/fhir/", 6) == 0)
		api_fhir_problem(r);
	else if (r->is_api)
		json_problem(r, &r->problem);
	else if (citizen_path(r->path))
		citizen_problem(r, &r->problem);
	else
		page_problem(r, &r->problem);
}

static void fail(struct request *r, enum problem_kind kind, const char *detail)
{
	problem_set(&r->problem, &r->arena, kind, "%s", detail);
	render_problem(r);
}

static const char *bearer_token(struct request *r)
{
	const char *h = req_header(r, "Authorization");
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return h;
}

/* Sign-in through the region's identity provider (SITHS card, BankID):
 * an authenticating reverse proxy names the user in the header given by
 * --auth-header, and we believe it only from --trusted-proxy's address.
 * The identity is per request — no password, no login form — so it
 * needs no session to authenticate. CSRF still does: a state-changing
 * request must carry the CSRF token of a samplan session made for the
 * same user. The first GET (or HEAD) of a user without such a session
 * makes one (audited as session.login "proxy header") and sets its
 * cookie, so the pages' forms carry its token; a POST without it is
 * refused by csrf_ok, and makes no session. The cookie alone never
 * signs anyone in while the header is in use: the header decides who
 * asks, the session only proves the form came from our page. */
static bool authenticate_proxy_user(struct request *r, const char *username)
{
	struct ctx ctx = request_ctx(r);
	struct user *u = arena_new(&r->arena, struct user);
	if (!user_load_by_username(&ctx, username, u, NULL) || !u->active) {
		if (r->problem.kind != PROBLEM_NOT_FOUND && problem_any(&r->problem))
			return false; /* database trouble */
		log_warn("sign-in by proxy header refused from %s: no active "
		         "user %s", r->client_addr, username);
		problem_set(&r->problem, &r->arena, PROBLEM_FORBIDDEN, "%s",
		            R_(r, "Du är inloggad via regionens inloggningstjänst, "
		                  "men har inget aktivt konto i samplan. Kontakta "
		                  "din administratör."));
		return false;
	}
	const char *cookie = req_cookie(r, SESSION_COOKIE);
	struct session session;
	if (cookie && auth_session(&ctx, cookie, &session) &&
	    session.user_id == u->id) {
		r->session_csrf = session.csrf_token;
	} else if (problem_any(&r->problem)) {
		return false;
	} else if (r->method == HTTP_GET || r->method == HTTP_HEAD) {
		char *token, *csrf;
		if (!auth_session_open(&ctx, u, "proxy header", &token, &csrf))
			return false;
		r->session_csrf = csrf;
		r->new_session_token = token;
	}
	r->user = u;
	r->user_id = u->id;
	return true;
}

/* Find the caller. False when a request must be refused outright (a bad
 * API token, an identity header from anyone but the trusted proxy, or
 * the database failing); r->problem says why. */
static bool authenticate(struct request *r)
{
	struct ctx ctx = request_ctx(r);
	const struct server_config *cfg = server_config();
	const char *ident = cfg && cfg->auth_header
	                            ? req_header(r, cfg->auth_header) : NULL;
	if (ident && !r->from_trusted_proxy) {
		log_warn("identity header %s refused from %s: not the trusted "
		         "proxy", cfg->auth_header, r->peer_addr);
		problem_set(&r->problem, &r->arena, PROBLEM_FORBIDDEN, "%s",
		            R_(r, "Inloggning via inloggningstjänsten accepteras "
		                  "bara genom regionens proxy."));
		return false;
	}
	if (ident && *ident)
		return authenticate_proxy_user(r, ident);
	const char *token = bearer_token(r);
	int64_t user_id = 0;
	if (token) {
		if (!auth_token_user(&ctx, token, &user_id)) {
			if (!problem_any(&r->problem))
				problem_set(&r->problem, &r->arena,
				            PROBLEM_UNAUTHORIZED, "%s",
				            R_(r, "API-nyckeln är ogiltig eller "
				                  "återkallad."));
			return false;
		}
		r->via_bearer = true;
	} else {
		const char *cookie = req_cookie(r, SESSION_COOKIE);
		struct session session;
		if (!cookie)
			return true;
		if (!auth_session(&ctx, cookie, &session))
			return !problem_any(&r->problem);
		user_id = session.user_id;
		r->session_csrf = session.csrf_token;
	}
	struct user *u = arena_new(&r->arena, struct user);
	if (!user_load(&ctx, user_id, u))
		return false;
	r->user = u;
	r->user_id = u->id;
	return true;
}

/* Find the citizen on a /citizen path: through the trusted proxy's
 * citizen header (BankID, Freja eID) or the citizen cookie. The staff
 * cookie, an API token and the staff identity header are not looked at
 * here, so no staff session ever acts as a citizen; the citizen cookie
 * is never looked at anywhere else. As for staff (authenticate_proxy_
 * user), the header decides who asks and a session made for it at the
 * first GET carries the CSRF token of the pages' forms. False when the
 * request must be refused; r->problem says why. */
static bool authenticate_citizen(struct request *r)
{
	struct ctx ctx = request_ctx(r);
	const struct server_config *cfg = server_config();
	const char *ident = cfg && cfg->citizen_auth_header
	                            ? req_header(r, cfg->citizen_auth_header)
	                            : NULL;
	if (ident && !r->from_trusted_proxy) {
		log_warn("citizen identity header refused from %s: not the "
		         "trusted proxy", r->peer_addr);
		problem_set(&r->problem, &r->arena, PROBLEM_FORBIDDEN, "%s",
		            R_(r, "Inloggning med e-legitimation fungerar bara "
		                  "genom regionens inloggningstjänst."));
		return false;
	}
	const char *cookie = req_cookie(r, CITIZEN_COOKIE);
	struct citizen *c = arena_new(&r->arena, struct citizen);
	bool have = cookie && citizen_session(&ctx, cookie, c);
	if (problem_any(&r->problem))
		return false;
	if (ident && *ident) {
		struct personnummer pnr;
		bool same = have &&
		            personnummer_parse(ident, date_of_time(r->now), &pnr) ==
		                    PNR_OK &&
		            strcmp(pnr.canonical, c->personnummer) == 0;
		if (!same) {
			have = false;
			if (r->method != HTTP_GET && r->method != HTTP_HEAD) {
				/* No session of this citizen, so no CSRF
				 * token: the form did not come from our page. */
				problem_set(&r->problem, &r->arena,
				            PROBLEM_FORBIDDEN, "%s",
				            R_(r, "Formuläret har gått ut eller kom "
				                  "från en annan webbplats. Ladda om "
				                  "sidan och försök igen."));
				return false;
			}
			char *token;
			if (!citizen_sign_in_proxy(&ctx, ident, &token, c))
				return false;
			r->new_citizen_token = token;
			have = true;
		}
	}
	if (have) {
		r->citizen = c;
		r->session_csrf = c->csrf_token;
	}
	return true;
}

/* The citizen pages (/citizen, /citizen/...) are in the six languages
 * of i18n_languages(): their own cookie, else the browser's choice among
 * the six. Every other page is in Swedish or English. */
static const char *pick_language(struct request *r)
{
	if (r->path && strncmp(r->path, "/citizen", 8) == 0 &&
	    (r->path[8] == '\0' || r->path[8] == '/')) {
		const char *chosen = req_cookie(r, CITIZEN_LANG_COOKIE);
		if (i18n_citizen_supported(chosen))
			return chosen;
		return i18n_citizen_negotiate(req_header(r, "Accept-Language"));
	}
	if (r->user && r->user->lang && i18n_supported(r->user->lang))
		return r->user->lang;
	const char *cookie = req_cookie(r, LANG_COOKIE);
	if (i18n_supported(cookie))
		return cookie;
	return i18n_negotiate(req_header(r, "Accept-Language"));
}

static void refuse_login_needed(struct request *r)
{
	if (r->is_api) {
		fail(r, PROBLEM_UNAUTHORIZED,
		     R_(r, "Logga in eller skicka en API-nyckel "
		           "(Authorization: Bearer ...)."));
		return;
	}
	/* Pages: to the login page, then back here (GET only). */
	const char *next = r->method == HTTP_GET ? r->path : "/";
	struct buf b;
	buf_init(&b, LIMIT_URL_LENGTH * 4);
	buf_puts(&b, "/login?next=");
	for (const unsigned char *p = (const unsigned char *)next; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	resp_redirect(r, arena_strdup(&r->arena, b.data));
	buf_free(&b);
}

/* The methods the route table has for r->path, for a 405's Allow. */
static const char *allowed_methods(struct request *r)
{
	struct buf b;
	buf_init(&b, 64);
	for (size_t i = 0; i < nroutes; i++) {
		if (!router_pattern_matches(routes[i].pattern, r->path))
			continue;
		const char *m = http_method_name(routes[i].method);
		if (strstr(b.data, m))
			continue;
		buf_printf(&b, "%s%s", b.len ? ", " : "", m);
		if (routes[i].method == HTTP_GET && !strstr(b.data, "HEAD"))
			buf_puts(&b, ", HEAD");
	}
	const char *out = arena_strdup(&r->arena, b.data);
	buf_free(&b);
	return out;
}

static bool csrf_ok(struct request *r)
{
	if (!r->route->changes || r->via_bearer)
		return true;
	if (!r->user && !r->citizen)
		return true;
	const char *sent = input_raw(r, "csrf_token");
	if (!sent)
		sent = req_header(r, "X-CSRF-Token");
	return sent && r->session_csrf && text_secret_equal(sent, r->session_csrf);
}

static void dispatch(struct request *r)
{
	r->lang = pick_language(r);
	r->defer_audit = audit_group_running();
	if (r->server_stopping) {
		fail(r, PROBLEM_UNAVAILABLE,
		     R_(r, "samplan startar om. Försök igen om en stund; "
		           "inget av det du skickade har sparats."));
		resp_header(r, "Retry-After", "5");
		return;
	}
	if (r->early_status == 503 && r->route && r->route->changes &&
	    r->status >= 200 && r->status < 300) {
		/* The audit record of what the answer would show failed, but
		 * the change itself is committed: say so, show nothing. */
		int kept = r->status;
		const char *saved =
			R_(r, "Ändringen är sparad, men uppgifterna kan inte visas "
			      "just nu eftersom läsningen inte kunde loggas. Hämta "
			      "dem igen om en stund.");
		if (r->is_api) {
			struct json_writer w;
			json_start(r, kept, &w);
			jw_object(&w);
			jw_kstr(&w, "status", "saved");
			jw_kstr(&w, "detail", saved);
			jw_end(&w);
		} else {
			fail(r, PROBLEM_UNAVAILABLE, saved);
			r->status = kept;
		}
		return;
	}
	if (r->early_status == 503) {
		fail(r, PROBLEM_UNAVAILABLE,
		     R_(r, "Uppgifterna kunde inte loggas och visas därför inte. "
		           "Försök igen om en stund."));
		return;
	}
	if (r->early_status == 501) {
		r->status = 501;
		r->content_type = "text/plain; charset=utf-8";
		html_raw(r, "501 Not Implemented: only Transfer-Encoding: chunked "
		            "is understood\n");
		return;
	}
	if (r->early_status == 400) {
		fail(r, PROBLEM_BAD_REQUEST,
		     R_(r, "Adressen innehåller otillåtna tecken."));
		return;
	}
	if (r->early_status == 414) {
		r->status = 414;
		r->content_type = "text/plain; charset=utf-8";
		html_raw(r, "414 URI Too Long\n");
		return;
	}
	if (r->early_status == 413) {
		fail(r, PROBLEM_TOO_LARGE,
		     R_(r, "Det som skickades är för stort."));
		return;
	}
	if (r->route && r->route->without_db) {
		r->route->handler(r);
		return;
	}
	if (!r->db) {
		fail(r, PROBLEM_UNAVAILABLE,
		     R_(r, "Databasen kan inte nås just nu. Försök igen om en "
		           "stund."));
		return;
	}
	/* The caller first, so even a "not found" page shows their menu
	 * and carries their CSRF token (the footer's language form). */
	bool for_citizen = citizen_path(r->path);
	if (!(for_citizen ? authenticate_citizen(r) : authenticate(r))) {
		render_problem(r);
		return;
	}
	r->lang = pick_language(r);
	if (!r->route) {
		if (r->path_known) {
			problem_set(&r->problem, &r->arena, PROBLEM_METHOD,
			            "%s", R_(r, "Metoden stöds inte för den här "
			                        "adressen."));
			render_problem(r);
			/* After rendering: a page starts with no headers. */
			resp_header(r, "Allow", allowed_methods(r));
			return;
		}
		fail(r, PROBLEM_NOT_FOUND, R_(r, "Sidan finns inte."));
		return;
	}
	enum capability cap = (enum capability)r->route->capability;
	if (cap == CAP_CITIZEN) {
		/* Citizens' routes are under /citizen, and only there. */
		if (!for_citizen) {
			fail(r, PROBLEM_NOT_FOUND, R_(r, "Sidan finns inte."));
			return;
		}
		if (!r->citizen) {
			resp_redirect(r, "/citizen");
			return;
		}
	} else if (!capability_granted(r->user, cap)) {
		if (!r->user)
			refuse_login_needed(r);
		else
			fail(r, PROBLEM_FORBIDDEN,
			     R_(r, "Du har inte behörighet till den här sidan."));
		return;
	}
	if (r->method != HTTP_GET && r->method != HTTP_HEAD &&
	    !input_parse(r, &r->problem)) {
		render_problem(r);
		return;
	}
	if (!csrf_ok(r)) {
		fail(r, PROBLEM_FORBIDDEN,
		     R_(r, "Formuläret har gått ut eller kom från en annan "
		           "webbplats. Ladda om sidan och försök igen."));
		return;
	}
	r->route->handler(r);
}

/* The cookie of a session made for the proxy's identity header. */
static void set_session_cookie(struct request *r)
{
	const struct server_config *cfg = server_config();
	resp_header(r, "Set-Cookie",
	            arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; "
	                         "SameSite=Strict%s", SESSION_COOKIE,
	                         r->new_session_token,
	                         cfg && cfg->secure ? "; Secure" : ""));
}

void routes_dispatch(struct request *r)
{
	dispatch(r);
	if (r->new_session_token)
		set_session_cookie(r);
	if (r->new_citizen_token)
		page_set_cookie(r, CITIZEN_COOKIE, r->new_citizen_token,
		                "/citizen", -1);
}

/* ---- the audit group commit (see audit_group.h) ---- */

bool routes_must_wait(struct request *r) { return r->audit_pending != NULL; }

/* The resume function travels with its request: written by the worker
 * before audit_group_submit (which takes the queue's lock), read by the
 * audit writer after taking it. (It was one global, rewritten by every
 * worker that suspended a request while the writer read it to resume
 * another: a data race, found by ThreadSanitizer in test_concurrency.) */
static void audit_done(void *arg, bool ok)
{
	struct request *r = arg;
	r->resume(r, ok);
}

void routes_start_wait(struct request *r,
                       void (*resume)(struct request *r, bool ok))
{
	r->resume = resume;
	audit_group_submit(r->audit_pending, audit_done, r);
}
