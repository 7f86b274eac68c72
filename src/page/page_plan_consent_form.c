/*
 * page_plan_consent_form.c — the consent form of the plan page (step 2).
 *
 * A consent is never general: it says who gave it, in what form, which
 * categories of information may be shared, with which principals and
 * actors, and until when. For a child the guardians consent — both
 * where two are registered — the child is asked and informed, and from
 * 15 the child's own view must be recorded; the form says so next to
 * the fields. A person who cannot consent may still get a SIP once it
 * is recorded how their attitude was ascertained.
 */
#include <string.h>

#include "form/forms.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/ui.h"
#include "sip/org.h"
#include "sip/plan.h"

static void child_rules(struct request *r, const struct person *p)
{
	html_raw(r, "<div class=\"notice\"><p>");
	html_textf(r, R_(r, "%s är %d år. För barn under 18 år är det "
	                   "vårdnadshavarna som samtycker – båda när barnet har "
	                   "två. Barnet ska tillfrågas och informeras."),
	           p->given_name, p->age);
	if (p->child_view_required) {
		html_raw(r, " ");
		html_text(r, R_(r, "Barnet har fyllt 15: barnets egen inställning "
		                   "väger tungt och ska dokumenteras."));
	}
	html_raw(r, "</p></div>");
}

static void given_by_field(struct request *r, const struct form *f,
                           const struct person *p)
{
	struct ui_option o[] = {
		{"individual", R_(r, "Den enskilde själv")},
		{"guardians", R_(r, "Vårdnadshavare (för barn under 18 år)")},
		{"representative", R_(r, "Företrädare (god man, förvaltare)")},
		{"cannot_consent", R_(r, "Den enskilde kan inte samtycka – "
		                         "inställningen har tagits reda på på "
		                         "annat sätt")},
	};
	ui_radio_group(r, "given_by", R_(r, "Vem lämnade samtycket? "
	                                   "(obligatoriskt)"),
	               o, 4,
	               sip_value(r, f, "given_by",
	                         p->is_child ? "guardians" : "individual"),
	               p->is_child ? R_(r, "Barnet är under 18: välj "
	                                   "vårdnadshavare.")
	                           : NULL);
}

/* The registered guardians and representatives to tick. */
static void givers_field(struct request *r, const struct form *f,
                         const struct plan *plan)
{
	const struct person *p = &plan->person;
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)p->nrelated + 1);
	bool *on = arena_array(&r->arena, bool, (size_t)p->nrelated + 1);
	const struct form_value *chosen = f ? form_value(f, "giver_ids") : NULL;
	int n = 0;
	for (int i = 0; i < p->nrelated; i++) {
		const struct related_person *x = &p->related[i];
		if (x->role == RELATED_RELATIVE)
			continue;
		o[n] = (struct ui_option){
			sip_id(r, x->id),
			arena_printf(&r->arena, "%s (%s%s%s)", x->name,
			             related_role_label(x->role, r->lang),
			             x->relation ? ", " : "",
			             x->relation ? x->relation : "")};
		on[n++] = chosen ? sip_has_id(chosen->ids, chosen->nlist, x->id)
		                 : p->is_child && x->role == RELATED_GUARDIAN;
	}
	if (n == 0) {
		ui_field_error(r, "giver_ids");
		html_raw(r, "<p class=\"hint\">");
		html_text(r, R_(r, "Inga vårdnadshavare eller företrädare är "
		                   "registrerade. Samtycker vårdnadshavare eller en "
		                   "företrädare, registrera dem först på "));
		html_raw(r, "<a href=\"");
		html_attr(r, sip_person_url(r, p->id, "#related"));
		html_raw(r, "\">");
		html_text(r, R_(r, "personens sida"));
		html_raw(r, "</a>.</p>");
		return;
	}
	ui_checkbox_group(r, "giver_ids",
	                  R_(r, "Vårdnadshavare eller företrädare som samtyckte"),
	                  o, n, on,
	                  R_(r, "Bara när vårdnadshavare eller en företrädare "
	                        "lämnar samtycket. För barn: alla registrerade "
	                        "vårdnadshavare."));
}

static void scopes_field(struct request *r, const struct form *f)
{
	struct ui_option o[16];
	bool on[16];
	const struct form_value *chosen = f ? form_value(f, "scopes") : NULL;
	int n = 0;
	for (int i = 0; consent_scopes[i] && n < 16; i++, n++) {
		o[n] = (struct ui_option){consent_scopes[i],
		                          consent_scope_label(consent_scopes[i],
		                                              r->lang)};
		on[n] = chosen && sip_has_text(chosen->list, chosen->nlist,
		                               consent_scopes[i]);
	}
	ui_checkbox_group(r, "scopes", R_(r, "Vilka uppgifter får delas? "
	                                    "(obligatoriskt)"),
	                  o, n, on,
	                  R_(r, "Ett samtycke är aldrig generellt: välj bara det "
	                        "som behövs för samordningen."));
}

static void recipients_field(struct request *r, const struct form *f,
                             const struct plan *p)
{
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	struct principal *all = NULL;
	int nall = 0;
	ctx.problem = &scratch;
	principal_list(&ctx, &all, &nall);
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)nall + 1);
	bool *on = arena_array(&r->arena, bool, (size_t)nall + 1);
	const struct form_value *chosen = f ? form_value(f, "recipient_ids")
	                                    : NULL;
	int n = 0;
	for (int i = 0; i < nall; i++) {
		bool in_plan = false;
		for (int k = 0; k < p->nprincipals; k++)
			in_plan |= p->principals[k].id == all[i].id;
		bool picked = chosen ? sip_has_id(chosen->ids, chosen->nlist,
		                                  all[i].id)
		                     : in_plan;
		if (!all[i].active && !picked)
			continue;
		o[n] = (struct ui_option){sip_id(r, all[i].id), all[i].name};
		on[n++] = picked;
	}
	ui_checkbox_group(r, "recipient_ids",
	                  R_(r, "Vilka huvudmän och aktörer får ta del av "
	                        "uppgifterna? (obligatoriskt)"),
	                  o, n, on,
	                  R_(r, "Förvalda är de som berörs enligt "
	                        "behovsbedömningen."));
}

static void child_fields(struct request *r, const struct form *f,
                         const struct person *p)
{
	ui_checkbox(r, "child_informed", R_(r, "Barnet har tillfrågats och "
	                                       "informerats"),
	            f && form_bool(f, "child_informed"),
	            R_(r, "Obligatoriskt för barn: informationen anpassad efter "
	                  "barnets ålder och mognad."));
	ui_textarea(r, "child_view", R_(r, "Barnets egen inställning"),
	            sip_value(r, f, "child_view", NULL),
	            p->child_view_required
	                    ? R_(r, "Obligatoriskt: barnet har fyllt 15, och "
	                            "barnets inställning väger tungt.")
	                    : R_(r, "Barnets synpunkter, i takt med ålder och "
	                            "mognad."),
	            p->child_view_required ? UI_REQUIRED : 0, 3);
}

void plan_form_consent(struct request *r, const struct plan_view *v)
{
	const struct plan *p = v->p;
	const struct form *f = plan_posted(v, "consent");
	struct ui_option forms_o[] = {
		{"oral", R_(r, "Muntligt")},
		{"written", R_(r, "Skriftligt")},
	};
	struct plan_scope s;
	plan_scope_begin(r, v, "consent", &s);
	if (p->person.is_child)
		child_rules(r, &p->person);
	ui_form_begin(r, sip_plan_url(r, p->id, "/consents"));
	given_by_field(r, f, &p->person);
	givers_field(r, f, p);
	ui_radio_group(r, "form", R_(r, "Form (obligatoriskt)"), forms_o, 2,
	               sip_value(r, f, "form", NULL),
	               R_(r, "Även ett muntligt samtycke dokumenteras här."));
	scopes_field(r, f);
	recipients_field(r, f, p);
	ui_input(r, "valid_until", R_(r, "Gäller till och med"),
	         sip_value(r, f, "valid_until", NULL),
	         R_(r, "Datum som ÅÅÅÅ-MM-DD. Samtycket kan återkallas när som "
	               "helst före dess."),
	         UI_REQUIRED | UI_DATE, "off");
	if (p->person.is_child)
		child_fields(r, f, &p->person);
	ui_textarea(r, "attitude_ascertained", R_(r, "Hur den enskildes "
	                                             "inställning togs reda på"),
	            sip_value(r, f, "attitude_ascertained", NULL),
	            R_(r, "Obligatoriskt när den enskilde inte kan samtycka: "
	                  "t.ex. genom närstående eller legal företrädare."),
	            0, 3);
	ui_textarea(r, "note", R_(r, "Anteckning"), sip_value(r, f, "note", NULL),
	            NULL, 0, 3);
	ui_submit(r, R_(r, "Dokumentera samtycket"));
	ui_form_end(r);
	plan_scope_end(r, &s);
}
