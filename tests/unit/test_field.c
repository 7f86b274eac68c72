/*
 * test_field.c — the field table of src/sip/field.h and the view of
 * access.h, without a database:
 *   - every field the plan JSON (api_json_plan, with every list filled)
 *     and the work list's JSON write is in the table — the test fails
 *     when someone adds a field without a category — and every entry
 *     of the table is written somewhere (no stale entries);
 *   - a caller whose consents cover no category gets, after
 *     plan_filter_view, a plan JSON with participation fields only: a
 *     field of another category that is not filtered fails the test;
 *   - the table is indexed by its ids, the categories map to the
 *     consent scopes of consent.c, units and responsible parties map
 *     to categories as docs/sip-process.md says;
 *   - access_sees_row: a view that was not granted sees nothing, the
 *     lead (all) everything, others what their categories cover plus
 *     their own units' rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/api_plan_json.h"
#include "base/limits.h"
#include "sip/access.h"
#include "sip/field.h"
#include "sip/follow_up.h"
#include "sip/plan.h"
#include "sip/user.h"

static bool seen[FIELD_COUNT];
/* When set, every field written must be one every participant sees. */
static bool only_participation;

/* The table's name for a JSON path: the shapes used in several places
 * have their own prefix. */
static const char *table_name(const char *path)
{
	static const struct {
		const char *from, *to;
	} prefixes[] = {
		{"meetings[].invitations[].", "invitation."},
		{"invitations[].", "invitation."},
		{"current_version.", "version."},
		{"proposed_version.", "version."},
	};
	static char out[256];
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t n = strlen(prefixes[i].from);
		if (strncmp(path, prefixes[i].from, n) == 0) {
			snprintf(out, sizeof out, "%s%s", prefixes[i].to, path + n);
			return out;
		}
	}
	return path;
}

/* Every member of every object, by path ("a.b[].c"); each must be in
 * the table. */
static void walk(json_t *v, const char *path)
{
	if (json_is_object(v)) {
		const char *key;
		json_t *m;
		json_object_foreach(v, key, m) {
			char sub[256];
			snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", key);
			bool container = json_is_object(m) ||
			                 (json_is_array(m) && json_array_size(m) &&
			                  json_is_object(json_array_get(m, 0)));
			if (!container) {
				const struct field_def *f = field_find(table_name(sub));
				if (!f)
					fail_msg("%s (%s) is not in the field table of "
					         "src/sip/field.h: give it a category",
					         sub, table_name(sub));
				seen[f->id] = true;
				if (only_participation &&
				    f->category != FIELD_PARTICIPATION)
					fail_msg("%s (category %d) reaches a caller whose "
					         "consent covers nothing: filter it in "
					         "plan_filter_view and leave it out of "
					         "the JSON", sub, f->category);
			}
			walk(m, sub);
		}
	} else if (json_is_array(v)) {
		char sub[256];
		snprintf(sub, sizeof sub, "%s[]", path);
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			if (json_is_object(e))
				walk(e, sub);
	}
}

static json_t *parse(struct buf *b)
{
	assert_false(buf_failed(b));
	json_error_t err;
	json_t *j = json_loads(b->data, 0, &err);
	if (!j)
		fail_msg("not JSON: %s", err.text);
	return j;
}

static const char *names[] = {"Elena"};
static const char *scopes[] = {"health"};

/* A plan with one of everything (and a withheld intervention). */
/* Who reads the JSON: the actions are written for a caller (an active
 * plan has some for anyone). */
static const struct ctx json_ctx = {.actor = ACTOR_NONE, .lang = "sv"};

static void full_plan(struct plan *p, struct plan_version *v)
{
	static struct related_person rel = {.id = 1, .name = "Elena",
	                                    .relation = "syster", .phone = "070",
	                                    .email = "e@x.se", .address = "Gatan",
	                                    .personnummer = "19900101-0000"};
	static struct plan_principal_ref pr = {.id = 1, .name = "Region"};
	static struct plan_unit_ref un = {.unit_id = 1, .unit_name = "Vux",
	                                  .principal_name = "Region",
	                                  .via = "initiating"};
	static struct plan_event ev = {.id = 1, .action = "plan.create",
	                               .detail = "x", .user_name = "eva",
	                               .unit_name = "Vux", .to_state = "consent",
	                               .from_state = "need_assessed"};
	static struct consent co = {.id = 1, .given_by = "individual",
	                            .form = "oral", .valid_until = "2030-01-01",
	                            .child_view = "x", .attitude_ascertained = "x",
	                            .note = "x", .recorded_by_name = "eva",
	                            .withdrawn_at = 5, .withdrawn_by_name = "bo",
	                            .withdrawal_note = "x", .givers = names,
	                            .ngivers = 1, .scopes = scopes, .nscopes = 1,
	                            .recipients = &pr, .nrecipients = 1};
	static struct preparation prep = {.purpose = "x", .aids = "x",
	                                  .participation = "whole"};
	static struct invitation_professional named = {.user_id = 2,
	                                               .name = "Bo Berg",
	                                               .title = "Kurator"};
	static struct invitation inv = {.id = 1, .meeting_id = 1, .unit_id = 1,
	                                .unit_name = "Vux", .reply = "attend",
	                                .ongoing_interventions = "x",
	                                .replied_at = 5, .channel = "system",
	                                .professionals = &named,
	                                .nprofessionals = 1};
	static struct meeting_participant part = {.id = 1, .name = "Anna",
	                                          .unit_id = 1, .invitation_id = 1};
	static struct meeting me = {.id = 1, .kind = "sip", .date = "2030-01-01",
	                            .start_time = "13:00", .purpose = "x",
	                            .cancelled_at = 5, .invitations = &inv,
	                            .ninvitations = 1, .participants = &part,
	                            .nparticipants = 1};
	static struct goal goal = {.id = 1, .position = 1, .kind = "overall",
	                           .text = "x"};
	static struct intervention_party also = {
		.kind = "region_unit", .unit_id = 1, .unit_name = "Vux"};
	static struct intervention iv[2] = {
		{.id = 1, .position = 1, .goal_id = 1, .goal_text = "x", .what = "KBT",
		 .responsible_kind = "region_unit", .responsible_unit_id = 1,
		 .responsible_unit_name = "Vux", .responsible_name = "Vux",
		 .also = &also, .nalso = 1,
		 .contact_name = "x", .frequency = "x", .timing = "x",
		 .start_date = "2030-01-01", .end_date = "2030-02-01"},
		{.id = 2, .position = 2, .responsible_kind = "region_unit",
		 .responsible_unit_id = 1, .responsible_name = "Vux",
		 .category = FIELD_HEALTH, .withheld = true},
	};
	static struct plan_version_ref ref = {.id = 1, .version_no = 1};
	/* Step 6: a follow-up with a result of each kind and a report, a
	 * handover, and a proposed version 2 (approved as a record has it). */
	static struct goal_result gr = {.goal_id = 1, .goal_text = "x",
	                                .result = "met", .comment = "x",
	                                .recorded_by_name = "eva"};
	static struct intervention_result ir[2] = {
		{.intervention_id = 1, .what = "KBT", .responsible_kind = "region_unit",
		 .responsible_unit_id = 1, .result = "done", .why = "x",
		 .effect = "x", .recorded_by_name = "bo"},
		{.intervention_id = 2, .responsible_kind = "region_unit",
		 .responsible_unit_id = 1, .category = FIELD_HEALTH,
		 .withheld = true},
	};
	static struct principal_report rep[2] = {
		{.principal_id = 1, .principal_name = "Region",
		 .principal_kind = PRINCIPAL_REGION, .text = "x", .unit_name = "Vux",
		 .unit_id = 2, .recorded_by_name = "bo"},
		{.principal_id = 2, .principal_name = "Kommun",
		 .principal_kind = PRINCIPAL_MUNICIPALITY, .unit_id = 3,
		 .category = FIELD_SOCIAL, .withheld = true},
	};
	static struct follow_up fu = {
		.id = 1, .version_no = 1, .reason = "planned", .note = "x",
		.started_by_name = "eva", .wellbeing = "x", .new_information = "x",
		.coordination_needed = "yes", .outcome = "revise",
		.next_date = "2030-01-01", .next_place = "x", .concluded_at = 5,
		.concluded_by_name = "eva", .goal_results = &gr, .ngoal_results = 1,
		.intervention_results = ir, .nintervention_results = 2,
		.reports = rep, .nreports = 2};
	static struct handover ho = {.id = 1, .version_no = 1,
	                             .recipient = "relative",
	                             .recipient_name = "Elena",
	                             .organisation = "x", .method = "paper",
	                             .handed_on = "2030-01-01",
	                             .recorded_by_name = "eva"};
	static struct plan_version proposed;
	proposed = (struct plan_version){
		.id = 2, .version_no = 2, .goals = &goal, .ngoals = 1,
		.interventions = iv, .ninterventions = 2,
		.approved = true, .approval_given_by = "guardian",
		.approval_names = "x", .approval_method = "letter",
		.approved_on = "2030-01-01", .approval_recorded_by_name = "eva",
		.view = {.granted = true, .all = true}};
	*v = (struct plan_version){
		.id = 1, .version_no = 1, .meeting_id = 1, .situation = "x",
		.goals = &goal, .ngoals = 1, .interventions = iv, .ninterventions = 2,
		.coordinator_user_id = 1, .coordinator_unit_id = 1,
		.view = {.granted = true, .all = true}, .withheld = 1u << FIELD_HEALTH,
	};
	*p = (struct plan){
		.id = 1, .state = PLAN_ACTIVE, .initiating_unit_id = 1,
		.lead_unit_id = 1, .closed_at = 5, .principals = &pr, .nprincipals = 1,
		.units = &un, .nunits = 1, .events = &ev, .nevents = 1,
		.consents = &co, .nconsents = 1, .preparation = &prep,
		.meetings = &me, .nmeetings = 1, .current = v, .versions = &ref,
		.nversions = 1, .view = {.granted = true, .all = true},
		.proposed = &proposed, .follow_ups = &fu, .nfollow_ups = 1,
		.handovers = &ho, .nhandovers = 1, .replaces_plan_id = 2,
		.replaced_by_plan_id = 3,
	};
	p->person = (struct person){.id = 1, .personnummer = "199903152388",
	                            .given_name = "Anna", .related = &rel,
	                            .nrelated = 1};
}

static void test_plan_json_fields_in_table(void **state)
{
	(void)state;
	memset(seen, 0, sizeof seen);
	struct plan p;
	struct plan_version v;
	full_plan(&p, &v);
	struct buf b;
	buf_init(&b, LIMIT_RESPONSE);
	struct json_writer w;
	jw_init(&w, &b);
	api_json_plan(&w, &json_ctx, &p);
	json_t *j = parse(&b);
	walk(j, "");
	json_decref(j);

	/* The work list's rows, under "summary.". */
	struct plan_summary s = {.id = 1, .person_id = 1, .person_name = "Anna"};
	buf_free(&b);
	buf_init(&b, LIMIT_RESPONSE);
	jw_init(&w, &b);
	jw_object(&w);
	jw_key(&w, "summary");
	api_json_plan_summary(&w, &s);
	jw_end(&w);
	j = parse(&b);
	walk(j, "");
	json_decref(j);
	buf_free(&b);

	/* ... and no entry of the table is left over. */
	for (int i = 0; i < FIELD_COUNT; i++)
		if (!seen[i])
			fail_msg("%s is in the field table but no JSON writes it",
			         field_table[i].name);
}

static void test_nothing_covered_only_participation(void **state)
{
	(void)state;
	struct plan p;
	struct plan_version v;
	full_plan(&p, &v);
	p.is_discharge = true;
	p.hospital_episode = "x";
	p.need_individual = p.need_professional = "x";
	v.crisis_plan = v.needs = v.future_needs = v.actions_by_others = "x";
	v.interventions[1].withheld = false;
	v.interventions[1].what = "x";
	v.withheld = 0;
	p.view = (struct access_view){.granted = true}; /* no category */
	plan_filter_view(&p);
	assert_true(p.withheld & (1u << FIELD_HEALTH));
	assert_true(p.withheld & (1u << FIELD_SOCIAL));
	assert_true(p.need_withheld);
	assert_true(v.interventions[0].withheld && v.interventions[1].withheld);
	/* Filtered in the domain, not only left out of the JSON. */
	assert_null(p.hospital_episode);
	assert_false(p.is_discharge);
	assert_null(p.need_individual);
	assert_null(p.need_professional);
	assert_null(p.preparation->aids);
	assert_null(p.consents[0].attitude_ascertained);
	assert_null(p.meetings[0].invitations[0].ongoing_interventions);
	assert_true(p.meetings[0].invitations[0].ongoing_withheld);
	assert_null(v.situation);
	assert_null(v.needs);
	assert_null(v.future_needs);
	assert_null(v.actions_by_others);
	assert_null(v.crisis_plan);
	assert_null(v.interventions[0].what);
	assert_null(v.interventions[0].contact_name);
	assert_null(v.interventions[0].timing);
	/* Step 6: the individual's wellbeing and the region's own report
	 * and intervention result, while its goal result stays. */
	assert_null(p.follow_ups[0].wellbeing);
	assert_null(p.follow_ups[0].new_information);
	assert_null(p.follow_ups[0].reports[0].text);
	assert_true(p.follow_ups[0].reports[0].withheld);
	assert_null(p.follow_ups[0].intervention_results[0].result);
	assert_null(p.follow_ups[0].intervention_results[0].why);
	assert_true(p.follow_ups[0].intervention_results[0].withheld);
	assert_non_null(p.follow_ups[0].goal_results[0].result);
	/* ... and what every participant needs stays. */
	assert_non_null(p.preparation->purpose);
	assert_non_null(p.person.given_name);
	assert_non_null(p.meetings[0].date);
	assert_non_null(v.goals[0].text);
	struct buf b;
	buf_init(&b, LIMIT_RESPONSE);
	struct json_writer w;
	jw_init(&w, &b);
	api_json_plan(&w, &json_ctx, &p);
	json_t *j = parse(&b);
	memset(seen, 0, sizeof seen);
	only_participation = true;
	walk(j, "");
	only_participation = false;
	json_decref(j);
	buf_free(&b);
	assert_false(seen[FIELD_VERSION_CRISIS_PLAN]);
	assert_true(seen[FIELD_PLAN_WITHHELD]);
}

/* A field without a category is what the walk above must catch: a
 * name not in the table is not found. */
static void test_unknown_field_is_not_found(void **state)
{
	(void)state;
	assert_null(field_find("need.diagnosis"));
	assert_null(field_find(NULL));
	assert_non_null(field_find("need.hospital_episode"));
}

static void test_table_and_categories(void **state)
{
	(void)state;
	for (int i = 0; i < FIELD_COUNT; i++) {
		assert_int_equal(field_table[i].id, i);
		assert_non_null(field_table[i].name);
		assert_ptr_equal(field_find(field_table[i].name), &field_table[i]);
	}
	/* The consent scopes are the categories, both ways. */
	for (int i = 0; consent_scopes[i]; i++) {
		enum field_category c;
		assert_true(field_category_parse(consent_scopes[i], &c));
		assert_string_equal(field_category_scope(c), consent_scopes[i]);
	}
	enum field_category c;
	assert_false(field_category_parse("everything", &c));
	assert_null(field_category_scope(FIELD_PARTICIPATION));
	assert_null(field_category_scope(FIELD_BY_UNIT));
	/* The health fields of issue 8 are health. */
	assert_int_equal(field_category(FIELD_NEED_HOSPITAL_EPISODE), FIELD_HEALTH);
	assert_int_equal(field_category(FIELD_NEED_IS_DISCHARGE), FIELD_HEALTH);
	assert_int_equal(field_category(FIELD_VERSION_CRISIS_PLAN), FIELD_HEALTH);
	assert_int_equal(field_category(FIELD_PREP_AIDS), FIELD_HEALTH);
	/* Taking part: identity, state, meeting, who takes part. */
	assert_int_equal(field_category(FIELD_PERSON_GIVEN_NAME), FIELD_PARTICIPATION);
	assert_int_equal(field_category(FIELD_PERSON_PERSONNUMMER), FIELD_PARTICIPATION);
	assert_int_equal(field_category(FIELD_PLAN_STATE), FIELD_PARTICIPATION);
	assert_int_equal(field_category(FIELD_MEETING_PLACE), FIELD_PARTICIPATION);
	assert_int_equal(field_category(FIELD_UNIT_NAME), FIELD_PARTICIPATION);
	/* The work list shows only what every participant may see. */
	for (int i = 0; i < FIELD_COUNT; i++)
		if (strncmp(field_table[i].name, "summary.", 8) == 0)
			assert_int_equal(field_table[i].category, FIELD_PARTICIPATION);
	/* Rows follow their unit. */
	assert_int_equal(field_category(FIELD_INTERVENTION_WHAT), FIELD_BY_UNIT);
	assert_int_equal(field_category_of_unit(PRINCIPAL_REGION), FIELD_HEALTH);
	assert_int_equal(field_category_of_unit(PRINCIPAL_MUNICIPALITY), FIELD_SOCIAL);
	assert_int_equal(field_category_of_responsible("region_unit"), FIELD_HEALTH);
	assert_int_equal(field_category_of_responsible("municipality_unit"),
	                 FIELD_SOCIAL);
	assert_int_equal(field_category_of_responsible("individual"),
	                 FIELD_PARTICIPATION);
	assert_int_equal(field_category_of_responsible("relative"),
	                 FIELD_PARTICIPATION);
}

static void test_sees(void **state)
{
	(void)state;
	struct user_unit units[] = {{.id = 7}};
	struct user u = {.id = 1, .units = units, .nunits = 1, .active = true};
	struct access_view none = {0};
	/* Not granted (a refused caller, ACTOR_NONE): nothing at all. */
	assert_false(access_sees(&none, FIELD_PLAN_STATE));
	assert_false(access_sees(&none, FIELD_NEED_HOSPITAL_EPISODE));
	assert_false(access_sees_row(&none, FIELD_HEALTH, 7));
	/* The lead unit (and the console): everything. */
	struct access_view lead = {.granted = true, .all = true, .lead = true};
	assert_true(access_sees(&lead, FIELD_NEED_HOSPITAL_EPISODE));
	assert_true(access_sees_row(&lead, FIELD_BY_UNIT, 0));
	/* A recipient whose consents cover social only. */
	struct access_view social = {.granted = true, .user = &u,
	                             .categories = 1u << FIELD_SOCIAL};
	assert_true(access_sees(&social, FIELD_PLAN_STATE));
	assert_true(access_sees(&social, FIELD_VERSION_SITUATION));
	assert_false(access_sees(&social, FIELD_NEED_HOSPITAL_EPISODE));
	assert_false(access_sees(&social, FIELD_VERSION_CRISIS_PLAN));
	assert_false(access_sees_row(&social, FIELD_HEALTH, 8));
	/* ... but its own unit's rows whatever their category. */
	assert_true(access_sees_row(&social, FIELD_HEALTH, 7));
	/* A FIELD_BY_UNIT field needs its row's category. */
	assert_false(access_sees(&social, FIELD_INTERVENTION_WHAT));
	/* Health and social: the union. */
	social.categories |= 1u << FIELD_HEALTH;
	assert_true(access_sees(&social, FIELD_NEED_HOSPITAL_EPISODE));
	assert_true(access_sees_row(&social, FIELD_HEALTH, 8));
	assert_false(access_sees_row(&social, FIELD_SCHOOL, 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_json_fields_in_table),
		cmocka_unit_test(test_nothing_covered_only_participation),
		cmocka_unit_test(test_unknown_field_is_not_found),
		cmocka_unit_test(test_table_and_categories),
		cmocka_unit_test(test_sees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
