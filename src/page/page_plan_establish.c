/*
 * page_plan_establish.c — GET and POST /plans/{id}/establish (step 5:
 * the plan is written at the SIP meeting, invited → active) and
 * /plans/{id}/revise (after a follow-up, a new version: follow_up →
 * active). See page_plan_establish.h for the form's rows.
 *
 * The flat fields are the API's (establish_fields); the rows are the
 * API's shapes too (form/rows.h), read by name ("goals[2].text"), as
 * many as the form posted. Nothing
 * is saved until the plan is whole: plan_establish and plan_revise
 * check everything in one go and write in one transaction.
 *
 * A refused form, and a form that asked for one more row, answer 303 to
 * the form's GET URL (Post/Redirect/Get, page_refill.h); that GET reads
 * what was posted exactly as the POST did and shows it again.
 */
#include <string.h>

#include "base/limits.h"
#include "form/forms.h"
#include "form/rows.h"
#include "http/input.h"
#include "page/layout.h"
#include "page/page_plan_establish.h"
#include "page/page_refill.h"
#include "page/page_sip.h"
#include "page/pages.h"

/* "Lägg till ett mål" and the like: which list gets one more row. */
static const struct field add_fields[] = {
	{"add", FIELD_TEXT, 20},
};

/* The posted rows, by name (form/rows.h: the shapes the API reads too). */
struct posted_rows {
	struct form_rows goals, interventions, participants;
};

static bool read_rows(struct request *r, struct posted_rows *x)
{
	bool ok = form_rows_read(r, &r->problem, &goal_shape, &x->goals);
	ok &= form_rows_read(r, &r->problem, &intervention_shape,
	                     &x->interventions);
	ok &= form_rows_read(r, &r->problem, &participant_shape,
	                     &x->participants);
	return ok;
}

static int clamp(int64_t n, int max)
{
	return n < 0 ? 0 : n > max ? max : (int)n;
}

/* ---- building the form's row values ---- */

/* What was typed in row i's column col, as the form shows it again. */
static const char *cell(struct request *r, const struct form_rows *x, int i,
                        const char *col)
{
	return sip_value_at(r, &x->f, form_rows_index(x, i, col));
}

/* The intervention's "who" as the form's menu has it: as posted, or
 * made from the separate columns. */
static const char *who_cell(struct request *r, const struct form_rows *x,
                            int i)
{
	const char *kind = form_rows_value(x, i, "responsible_kind")->text;
	int64_t unit = form_rows_value(x, i, "responsible_unit_id")->num;
	if (!kind)
		return cell(r, x, i, "who");
	return unit ? arena_printf(&r->arena, "%s:%lld", kind, (long long)unit)
	            : kind;
}

static void rows_from_post(struct request *r, const struct posted_rows *x,
                           struct establish_form *e)
{
	const struct form_rows *g = &x->goals, *v = &x->interventions,
	                       *p = &x->participants;
	e->ngoals = g->n;
	e->ninterventions = v->n;
	e->nparticipants = p->n;
	e->goals = arena_array(&r->arena, struct goal_row, (size_t)g->n + 1);
	e->interventions = arena_array(&r->arena, struct intervention_row,
	                               (size_t)v->n + 1);
	e->participants = arena_array(&r->arena, struct participant_row,
	                              (size_t)p->n + 1);
	for (int i = 0; i < g->n; i++)
		e->goals[i] = (struct goal_row){cell(r, g, i, "kind"),
		                                cell(r, g, i, "text")};
	for (int i = 0; i < v->n; i++)
		e->interventions[i] = (struct intervention_row){
			.goal = cell(r, v, i, "goal"),
			.what = cell(r, v, i, "what"),
			.who = who_cell(r, v, i),
			.responsible_name = cell(r, v, i, "responsible_name"),
			.contact_name = cell(r, v, i, "contact_name"),
			.frequency = cell(r, v, i, "frequency"),
			.timing = cell(r, v, i, "timing"),
			.start_date = cell(r, v, i, "start_date"),
			.end_date = cell(r, v, i, "end_date"),
			.also = form_rows_value(v, i, "also_responsible")->list,
			.nalso = form_rows_value(v, i, "also_responsible")->nlist};
	for (int i = 0; i < p->n; i++)
		e->participants[i] = (struct participant_row){
			.present = form_rows_value(p, i, "present")->num != 0,
			.invitation_id = cell(r, p, i, "invitation_id"),
			.unit_id = cell(r, p, i, "unit_id"),
			.name = cell(r, p, i, "name"),
			.role = cell(r, p, i, "role")};
}

/* Room for more blank rows at the end of each list. */
static void add_blank_rows(struct request *r, struct establish_form *e,
                           int goals, int interventions, int participants)
{
	int ng = clamp(e->ngoals + goals, ESTABLISH_MAX_GOALS);
	int ni = clamp(e->ninterventions + interventions,
	               ESTABLISH_MAX_INTERVENTIONS);
	int np = clamp(e->nparticipants + participants,
	               ESTABLISH_MAX_PARTICIPANTS);
	struct goal_row *g = arena_array(&r->arena, struct goal_row,
	                                 (size_t)ng + 1);
	struct intervention_row *x = arena_array(&r->arena,
	                                         struct intervention_row,
	                                         (size_t)ni + 1);
	struct participant_row *p = arena_array(&r->arena,
	                                        struct participant_row,
	                                        (size_t)np + 1);
	for (int i = 0; i < e->ngoals && i < ng; i++)
		g[i] = e->goals[i];
	for (int i = 0; i < e->ninterventions && i < ni; i++)
		x[i] = e->interventions[i];
	for (int i = 0; i < e->nparticipants && i < np; i++)
		p[i] = e->participants[i];
	e->goals = g;
	e->ngoals = ng;
	e->interventions = x;
	e->ninterventions = ni;
	e->participants = p;
	e->nparticipants = np;
}

/* The label of an invited row: the unit and how it answered. */
static void label_invited(struct request *r, struct establish_form *e)
{
	for (int i = 0; i < e->nparticipants && e->meeting; i++) {
		struct participant_row *x = &e->participants[i];
		int64_t id;
		if (!x->invitation_id || !parse_id(x->invitation_id, &id))
			continue;
		for (int k = 0; k < e->meeting->ninvitations; k++) {
			const struct invitation *inv = &e->meeting->invitations[k];
			if (inv->id == id)
				x->label = arena_printf(&r->arena, "%s – %s",
				                        inv->unit_name,
				                        plan_reply_label(r, inv->reply));
		}
	}
}

/* A fresh form: the invited units that will come, the individual, the
 * caller, and blank rows. */
static void rows_fresh(struct request *r, struct establish_form *e)
{
	const struct meeting *m = e->meeting;
	int n = m ? m->ninvitations : 0;
	e->participants = arena_array(&r->arena, struct participant_row,
	                              (size_t)n + ESTABLISH_FREE_PARTICIPANTS + 1);
	int k = 0;
	for (int i = 0; i < n; i++) {
		const struct invitation *inv = &m->invitations[i];
		if (!inv->unit_id || !inv->reply || strcmp(inv->reply, "decline") == 0)
			continue;
		e->participants[k++] = (struct participant_row){
			.present = true,
			.invitation_id = sip_id(r, inv->id),
			.unit_id = sip_id(r, inv->unit_id),
			.name = inv->substitute_name ? inv->substitute_name
			                             : inv->attendee_name,
			.role = inv->unit_name};
	}
	if (m) {
		e->participants[k++] = (struct participant_row){
			.name = sip_person_name(r, &e->p->person),
			.role = R_(r, "Den enskilde")};
		e->participants[k++] = (struct participant_row){
			.name = r->user->full_name,
			.role = arena_printf(&r->arena, "%s%s%s",
			                     r->user->title ? r->user->title : "",
			                     r->user->title ? ", " : "",
			                     e->p->lead_unit_name)};
	}
	e->nparticipants = k;
	e->ngoals = 0;
	e->ninterventions = 0;
	add_blank_rows(r, e, ESTABLISH_GOAL_ROWS, ESTABLISH_INTERVENTION_ROWS,
	               m ? ESTABLISH_FREE_PARTICIPANTS - 2 : 0);
	label_invited(r, e);
}

/* A revision starts from the current version's goals and interventions. */
static void rows_from_version(struct request *r, struct establish_form *e,
                              const struct plan_version *v)
{
	e->ngoals = v->ngoals;
	e->goals = arena_array(&r->arena, struct goal_row, (size_t)v->ngoals + 1);
	for (int i = 0; i < v->ngoals; i++)
		e->goals[i] = (struct goal_row){v->goals[i].kind, v->goals[i].text};
	e->ninterventions = v->ninterventions;
	e->interventions = arena_array(&r->arena, struct intervention_row,
	                               (size_t)v->ninterventions + 1);
	for (int i = 0; i < v->ninterventions; i++) {
		const struct intervention *x = &v->interventions[i];
		const char *goal = NULL;
		for (int g = 0; g < v->ngoals; g++)
			if (v->goals[g].id == x->goal_id)
				goal = arena_printf(&r->arena, "%d", g + 1);
		const char *who = x->responsible_unit_id
			? arena_printf(&r->arena, "%s:%lld", x->responsible_kind,
			               (long long)x->responsible_unit_id)
			: x->responsible_kind;
		const char **also = arena_array(&r->arena, const char *,
		                                (size_t)x->nalso + 1);
		for (int k = 0; k < x->nalso; k++)
			also[k] = x->also[k].unit_id
				? arena_printf(&r->arena, "%s:%lld", x->also[k].kind,
				               (long long)x->also[k].unit_id)
				: x->also[k].kind;
		e->interventions[i] = (struct intervention_row){
			goal, x->what, who, x->responsible_name, x->contact_name,
			x->frequency, x->timing, x->start_date, x->end_date,
			also, x->nalso};
	}
}

/* ---- what the form chooses among ---- */

static const struct meeting *the_meeting(const struct plan *p, bool revise)
{
	const char *kind = revise ? "follow_up" : "sip";
	for (int i = p->nmeetings - 1; i >= 0; i--)
		if (meeting_upcoming(&p->meetings[i]) &&
		    strcmp(p->meetings[i].kind, kind) == 0)
			return &p->meetings[i];
	return NULL;
}

static bool taking_part(const struct plan_unit_ref *u)
{
	return !u->left_at && principal_kind_is_principal(u->principal_kind);
}

static void coordinator_choices(struct request *r, struct establish_form *e)
{
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	int64_t *ids = arena_array(&r->arena, int64_t, (size_t)e->p->nunits + 1);
	int n = 0;
	for (int i = 0; i < e->p->nunits; i++)
		if (taking_part(&e->p->units[i]) &&
		    !sip_has_id(ids, n, e->p->units[i].unit_id))
			ids[n++] = e->p->units[i].unit_id;
	ctx.problem = &scratch;
	user_list_in_units(&ctx, ids, n, &e->coordinators, &e->ncoordinators);
}

/* Units of the plan's principals and actors, and every unit taking
 * part; with a directory too large for a menu in every row, only the
 * units taking part. */
static void unit_choices(struct request *r, struct establish_form *e)
{
	enum { MENU_MAX = 300 };
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	size_t count = 0, cap = 0;
	ctx.problem = &scratch;
	e->units = NULL;
	for (int i = 0; i < e->p->nprincipals; i++) {
		struct unit *list;
		int n;
		if (!unit_list(&ctx, e->p->principals[i].id, true, &list, &n))
			continue;
		for (int k = 0; k < n; k++) {
			ARENA_PUSH(&r->arena, e->units, count, cap);
			e->units[count++] = list[k];
		}
	}
	if (count > MENU_MAX)
		count = 0;
	for (int i = 0; i < e->p->nunits; i++) {
		const struct plan_unit_ref *u = &e->p->units[i];
		bool seen = false;
		for (size_t k = 0; k < count && !seen; k++)
			seen = e->units[k].id == u->unit_id;
		if (seen || u->left_at)
			continue;
		ARENA_PUSH(&r->arena, e->units, count, cap);
		e->units[count++] = (struct unit){
			.id = u->unit_id, .name = u->unit_name,
			.principal_name = u->principal_name,
			.principal_kind = u->principal_kind, .active = true};
	}
	e->nunits = (int)count;
}

static void prepare(struct request *r, const struct plan *p, bool revise,
                    struct establish_form *e)
{
	e->revise = revise;
	e->p = p;
	e->meeting = the_meeting(p, revise);
	e->from = revise ? p->current : NULL;
	coordinator_choices(r, e);
	unit_choices(r, e);
}

/* ---- the handlers ---- */

/* The plan, if the caller may take this step now; else the error page. */
static bool load_for_step(struct request *r, bool revise, struct plan *p)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return false;
	}
	if (!plan_get(&ctx, id, p)) {
		page_problem(r, &r->problem);
		return false;
	}
	if (!p->may_lead)
		problem_set(&r->problem, &r->arena, PROBLEM_FORBIDDEN,
		            R_(r, "Det här steget görs av den enhet som leder "
		                  "planen (%s)."), p->lead_unit_name);
	else if (p->state != (revise ? PLAN_FOLLOW_UP : PLAN_INVITED))
		problem_set(&r->problem, &r->arena, PROBLEM_CONFLICT,
		            revise ? R_(r, "Planen är i läget ”%s”. En plan "
		                           "revideras under uppföljningen: starta "
		                           "uppföljningen först.")
		                   : R_(r, "Planen är i läget ”%s”. Planen "
		                           "upprättas på SIP-mötet, när kallelserna "
		                           "är skickade."),
		            plan_state_label(p->state, r->lang));
	if (!problem_any(&r->problem))
		return true;
	page_problem(r, &r->problem);
	return false;
}



/* ---- saving ---- */

/* Where each entry of the domain's lists came from in the form. */
struct row_maps {
	int *goal, *intervention, *participant;
	int ng, ni, np;
};

/* The domain's lists from the rows written in; the form's goal numbers
 * ("Hör till mål") become indexes among the goals kept. */
static void build_lists(struct request *r, const struct posted_rows *x,
                        struct establish_input *in, struct row_maps *m)
{
	struct goal_input *goals;
	struct intervention_input *interventions;
	struct participant_input *participants;
	m->ng = goal_inputs_from(&r->arena, &x->goals, true, &goals, &m->goal);
	int *goal_of_row = arena_array(&r->arena, int, (size_t)x->goals.n + 1);
	for (int k = 0; k < m->ng; k++)
		goal_of_row[m->goal[k]] = k + 1;
	m->ni = intervention_inputs_from(&r->arena, &x->interventions,
	                                 goal_of_row, x->goals.n, true,
	                                 &interventions, &m->intervention);
	m->np = participant_inputs_from(&r->arena, &x->participants, true,
	                                &participants, &m->participant);
	in->goals = goals;
	in->ngoals = m->ng;
	in->interventions = interventions;
	in->ninterventions = m->ni;
	in->participants = participants;
	in->nparticipants = m->np;
}

/* The form's column for a column of the domain's: the kind and the unit
 * of who is responsible are one choice in the form. */
static const char *form_column(const char *rest)
{
	if (strcmp(rest, ".responsible_kind") == 0 ||
	    strcmp(rest, ".responsible_unit_id") == 0)
		return ".who";
	return rest;
}

/* The domain's "goals[3].text" is the form's goals[ROW].text. */
static void remap(struct request *r, const char *list, const int *row, int n)
{
	struct problem *p = &r->problem;
	for (int i = 0; i < p->nfields; i++) {
		int k;
		const char *rest;
		if (sip_row_field(p->fields[i].field, list, &k, &rest) && k < n)
			p->fields[i].field = arena_printf(&r->arena, "%s[%d]%s", list,
			                                  row[k], form_column(rest));
	}
}

static bool establish(struct request *r, int64_t id, bool revise,
                      const struct form *flat, const struct posted_rows *x)
{
	struct ctx ctx = page_ctx(r);
	struct establish_input in = {0};
	struct row_maps m;
	int64_t version;
	establish_input_from(flat, &in);
	build_lists(r, x, &in, &m);
	bool ok = revise ? plan_revise(&ctx, id, &in, &version)
	                 : plan_establish(&ctx, id, &in, &version);
	if (!ok) {
		remap(r, "goals", m.goal, m.ng);
		remap(r, "interventions", m.intervention, m.ni);
		remap(r, "participants", m.participant, m.np);
	}
	return ok;
}

/* The form again with what was typed: after a refusal, or with one more
 * row in the list `add` names ("goal", "intervention", "participant";
 * NULL: none). */
static void show_posted(struct request *r, const struct plan *p, bool revise,
                        const struct form *flat, const struct posted_rows *x,
                        const char *add)
{
	struct establish_form e = {0};
	prepare(r, p, revise, &e);
	e.flat = flat;
	rows_from_post(r, x, &e);
	if (add) {
		bool goal = strcmp(add, "goal") == 0;
		bool intervention = strcmp(add, "intervention") == 0;
		add_blank_rows(r, &e, goal, intervention, !goal && !intervention);
		e.added = goal ? "goals" : intervention ? "interventions"
		                                        : "participants";
	}
	label_invited(r, &e);
	establish_page(r, &e);
}

static void refill(struct request *r, int64_t id, bool revise,
                   const struct form *flat, const struct posted_rows *x,
                   const char *add)
{
	int status = add ? 200 : problem_http_status(r->problem.kind);
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	struct plan p;
	ctx.problem = &scratch;
	if (!plan_get(&ctx, id, &p)) {
		page_problem(r, &scratch);
		return;
	}
	show_posted(r, &p, revise, flat, x, add);
	r->status = status;
}

/* The form's fields as posted: the row counts (and "add"), the flat
 * fields, the rows. False when one of them did not read (field errors in
 * r->problem). */
static bool read_posted(struct request *r, struct form *counts,
                        struct form *flat, struct posted_rows *rows)
{
	bool ok = form_read(r, &r->problem, FIELDS(add_fields), counts);
	ok &= form_read(r, &r->problem, establish_fields, establish_nfields,
	                flat);
	ok &= read_rows(r, rows);
	return ok;
}

static void show(struct request *r, bool revise)
{
	struct plan p;
	struct establish_form e = {0};
	if (!load_for_step(r, revise, &p))
		return;
	if (page_refill_restore(r)) {
		struct form counts, flat;
		struct posted_rows rows;
		read_posted(r, &counts, &flat, &rows);
		show_posted(r, &p, revise, &flat, &rows, form_text(&counts, "add"));
		return;
	}
	prepare(r, &p, revise, &e);
	rows_fresh(r, &e);
	if (revise && p.current) {
		struct participant_row *keep = e.participants;
		int nkeep = e.nparticipants;
		rows_from_version(r, &e, p.current);
		e.participants = keep;
		e.nparticipants = nkeep;
		add_blank_rows(r, &e, 0, 0, 0);
	}
	establish_page(r, &e);
}

void page_plan_establish_form(struct request *r) { show(r, false); }
void page_plan_revise_form(struct request *r) { show(r, true); }

static void save(struct request *r, bool revise)
{
	struct form counts, flat;
	struct posted_rows rows;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		struct ctx ctx = page_ctx(r);
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	bool ok = read_posted(r, &counts, &flat, &rows);
	const char *add = form_text(&counts, "add");
	if (ok && !add) {
		if (establish(r, id, revise, &flat, &rows)) {
			resp_redirect(r, sip_plan_url(r, id, revise ? "?done=revised"
			                                            : "?done=established"));
			return;
		}
		if (sip_refused(r))
			return;
	}
	if (page_refill_redirect(r, sip_plan_url(r, id, revise ? "/revise"
	                                                       : "/establish")))
		return;
	refill(r, id, revise, &flat, &rows, add);
}

void page_plan_establish(struct request *r) { save(r, false); }
void page_plan_revise(struct request *r) { save(r, true); }
