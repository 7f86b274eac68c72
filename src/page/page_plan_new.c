/*
 * page_plan_new.c — step 1 of the SIP process, "Bedöm behov": someone
 * in social services, school or healthcare sees a need for coordination
 * (or the individual or a relative asks) and starts the plan. Recorded:
 * which unit starts it, who took the initiative, the need in the
 * individual's own words and the professional's assessment, the
 * principals and other actors involved, and whether it is a discharge
 * SIP (lag 2017:612) with its hospital episode.
 *
 * Any unit may start a SIP, also for a person whose record it may not
 * read (person.h): registering their personnummer leads here with only
 * what the caller typed on screen (page_plan_new_known), and the form
 * carries the personnummer, which plan_create checks against the
 * person (access_person_start_plan).
 */
#include <string.h>

#include "form/forms.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/access.h"
#include "sip/org.h"
#include "sip/person.h"
#include "sip/plan.h"
#include "sip/user.h"

static const struct ui_option labels[] = {
	{"person_id", N_("Person")},
	{"initiating_unit_id", N_("Enhet som startar planen")},
	{"initiated_by", N_("Vem tog initiativet")},
	{"initiator_name", N_("Namn på den som bad om SIP")},
	{"need_individual", N_("Behovet med den enskildes egna ord")},
	{"need_professional", N_("Yrkesverksammas bedömning")},
	{"principal_ids", N_("Berörda huvudmän och aktörer")},
	{"other_actors", N_("Andra aktörer")},
	{"hospital_episode", N_("Vårdtillfälle")},
	{NULL, NULL},
};

/* The caller's units, when there is a choice. */
static void unit_field(struct request *r, const struct form *f)
{
	const struct user *u = r->user;
	if (u->nunits == 1) {
		html_raw(r, "<p><strong>");
		html_text(r, R_(r, "Enhet som startar planen:"));
		html_raw(r, "</strong> ");
		html_text(r, u->units[0].name);
		html_raw(r, "</p>");
		return;
	}
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)u->nunits + 1);
	for (int i = 0; i < u->nunits; i++)
		o[i] = (struct ui_option){sip_id(r, u->units[i].id),
		                          u->units[i].name};
	ui_select(r, "initiating_unit_id", R_(r, "Enhet som startar planen"), o,
	          u->nunits, sip_value(r, f, "initiating_unit_id", NULL),
	          R_(r, "Välj enhet"), UI_REQUIRED);
}

/* Principals and other actors; by default the caller's own principals. */
static bool principal_field(struct request *r, const struct form *f)
{
	struct ctx ctx = page_ctx(r);
	struct principal *all;
	int n;
	if (!principal_list(&ctx, &all, &n))
		return false;
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)n + 1);
	bool *on = arena_array(&r->arena, bool, (size_t)n + 1);
	const struct form_value *chosen = f ? form_value(f, "principal_ids") : NULL;
	int k = 0;
	for (int i = 0; i < n; i++) {
		bool mine = false;
		for (int u = 0; u < r->user->nunits; u++)
			mine |= r->user->units[u].principal_id == all[i].id;
		bool picked = chosen ? sip_has_id(chosen->ids, chosen->nlist,
		                                  all[i].id)
		                     : mine;
		if (!all[i].active && !picked)
			continue;
		o[k] = (struct ui_option){
			sip_id(r, all[i].id),
			arena_printf(&r->arena, "%s (%s)", all[i].name,
			             principal_kind_label(all[i].kind, r->lang))};
		on[k++] = picked;
	}
	ui_checkbox_group(r, "principal_ids",
	                  R_(r, "Berörda huvudmän och aktörer (obligatoriskt)"),
	                  o, k, on,
	                  R_(r, "Kommun och region som har eller behöver ha "
	                        "insatser, och andra aktörer som är viktiga "
	                        "för samordningen."));
	return true;
}

static void initiative_field(struct request *r, const struct form *f)
{
	struct ui_option o[] = {
		{"professional", R_(r, "Personal (jag eller en kollega) har sett "
		                       "behovet")},
		{"individual", R_(r, "Den enskilde har bett om en SIP")},
		{"relative", R_(r, "En närstående har bett om en SIP")},
	};
	ui_radio_group(r, "initiated_by", R_(r, "Vem tog initiativet? "
	                                        "(obligatoriskt)"),
	               o, 3, sip_value(r, f, "initiated_by", "professional"),
	               NULL);
	ui_input(r, "initiator_name", R_(r, "Namn på den som bad om SIP"),
	         sip_value(r, f, "initiator_name", NULL),
	         R_(r, "När den enskilde eller en närstående tog initiativet."),
	         0, "off");
}

/* p: the person, or for a person known only by the personnummer the
 * caller typed (known_pnr), only p->id. */
static void new_plan_page(struct request *r, const struct person *p,
                          const char *known_pnr, const struct form *f)
{
	layout_begin_bare(r, R_(r, "Starta SIP"), NAV_PERSONS);
	html_raw(r, "<h1>");
	if (known_pnr)
		html_textf(r, R_(r, "Starta SIP för personen med personnummer %s"),
		           known_pnr);
	else
		html_textf(r, R_(r, "Starta SIP för %s"), sip_person_name(r, p));
	html_raw(r, "</h1>");
	if (known_pnr) {
		html_raw(r, "<p class=\"notice\" role=\"status\">");
		html_text(r, R_(r, "Personen finns redan i samplan. Du kan starta en "
		                   "behovsbedömning."));
		html_raw(r, " ");
		html_text(r, R_(r, "Personens registrerade uppgifter visas för din "
		                   "enhet först när ett samtycke i planen omfattar "
		                   "den."));
		html_raw(r, "</p>");
	} else {
		sip_person_line(r, p);
	}
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Steg 1 av 7: Bedöm behovet av samordning. När det "
	                   "är dokumenterat är nästa steg att inhämta "
	                   "samtycke."));
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, labels);
	ui_form_begin(r, "/plans");
	ui_hidden(r, "person_id", sip_id(r, p->id));
	if (known_pnr)
		ui_hidden(r, "personnummer", known_pnr);
	unit_field(r, f);
	initiative_field(r, f);
	ui_textarea(r, "need_individual", R_(r, "Behovet med den enskildes "
	                                        "egna ord"),
	            sip_value(r, f, "need_individual", NULL),
	            R_(r, "Hur beskriver personen själv sin situation och vad "
	                  "hen behöver hjälp med?"), 0, 4);
	ui_textarea(r, "need_professional", R_(r, "Yrkesverksammas bedömning av "
	                                          "behovet av samordning"),
	            sip_value(r, f, "need_professional", NULL),
	            R_(r, "Vilka insatser behöver samordnas, och varför?"),
	            UI_REQUIRED, 4);
	if (!principal_field(r, f)) {
		page_problem(r, &r->problem);
		return;
	}
	ui_textarea(r, "other_actors", R_(r, "Andra aktörer utanför samplan"),
	            sip_value(r, f, "other_actors", NULL),
	            R_(r, "T.ex. Försäkringskassan, Arbetsförmedlingen, "
	                  "hyresvärd, skola."), 0, 3);
	ui_checkbox(r, "is_discharge", R_(r, "SIP vid utskrivning från sluten "
	                                     "vård (lag 2017:612)"),
	            f && form_bool(f, "is_discharge"), NULL);
	ui_input(r, "hospital_episode", R_(r, "Vårdtillfälle"),
	         sip_value(r, f, "hospital_episode", NULL),
	         R_(r, "Vid utskrivning: sjukhus, avdelning och datum för "
	               "inskrivning."), 0, "off");
	ui_submit(r, R_(r, "Starta SIP-processen"));
	ui_form_end(r);
	if (known_pnr) {
		html_raw(r, "<p><a href=\"/persons\">");
		html_text(r, R_(r, "Tillbaka till sökningen"));
	} else {
		html_raw(r, "<p><a href=\"");
		html_attr(r, sip_person_url(r, p->id, ""));
		html_raw(r, "\">");
		html_textf(r, R_(r, "Tillbaka till %s"), sip_person_name(r, p));
	}
	html_raw(r, "</a></p>");
	layout_end(r);
}

void page_plan_new_known(struct request *r, int64_t person_id,
                         const char *personnummer, const struct form *f)
{
	struct person p = {.id = person_id};
	new_plan_page(r, &p, personnummer, f);
}

/* Who the new plan is for: the person's identity when the caller may
 * read the record, else (with the personnummer) the id only. */
static bool plan_person(struct ctx *ctx, int64_t id,
                        const char *pnr, struct person *p, bool *known)
{
	*known = false;
	if (person_get_identity(ctx, id, p))
		return true;
	if (!pnr || ctx->problem->kind != PROBLEM_NOT_FOUND)
		return false;
	struct problem saved = *ctx->problem;
	*ctx->problem = (struct problem){0};
	if (!access_person_start_plan(ctx, id, pnr)) {
		*ctx->problem = saved;
		return false;
	}
	*known = true;
	return true;
}

void page_plan_new(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct person p;
	int64_t id;
	const char *q = req_query(r, "person_id");
	if (!q || !parse_id(q, &id)) {
		resp_redirect(r, "/persons");
		return;
	}
	if (!person_get_identity(&ctx, id, &p)) {
		page_problem(r, &r->problem);
		return;
	}
	new_plan_page(r, &p, NULL, NULL);
}

void page_plan_create(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct plan_create_input in;
	int64_t id;
	bool ok = form_read(r, &r->problem, plan_create_fields,
	                    plan_create_nfields, &f);
	plan_create_input_from(&f, &in);
	if (ok && plan_create(&ctx, &in, &id)) {
		resp_redirect(r, sip_plan_url(r, id, "?done=plan_created"));
		return;
	}
	if (sip_refused(r))
		return;
	int status = problem_http_status(r->problem.kind);
	struct problem kept = r->problem;
	struct problem scratch = {0};
	struct person p;
	bool known = false;
	ctx.problem = &scratch;
	if (!in.person_id || !plan_person(&ctx, in.person_id,
	                                  in.personnummer, &p, &known)) {
		if (!in.person_id)
			ctx_not_found(&ctx);
		page_problem(r, &scratch);
		return;
	}
	r->problem = kept;
	new_plan_page(r, &p, known ? in.personnummer : NULL, &f);
	r->status = status;
}
