/*
 * page_plan_print.c — the plan on paper: the print view and the
 * plain-language page (HTML), the plan's PDF, and the documents of
 * manual handling (seed 003) — the invitation letter to a party outside
 * samplan and the planning document for a meeting held without the
 * system.
 *
 * Every one of them is a document tree of src/doc/plan_layout.c, built
 * from the stored version document (plan_doc_get: access checked — a
 * caller who cannot see the plan gets 404 as if it did not exist —,
 * filtered through the caller's consent-scoped view, audited) or, for the
 * letters, from the plan read with plan_get_for under its own audit
 * action. None carries an address or contact detail of the person; a
 * protected person's say so on every page.
 *
 * The PDFs are pages, not API resources, but an API token (Bearer) may
 * fetch them too: the dispatcher accepts one on any route; its caller
 * gets problem+json instead of an error page.
 */
#include <string.h>

#include "base/date.h"
#include "base/limits.h"
#include "doc/citizen_letter.h"
#include "doc/plan_layout.h"
#include "doc/render_html.h"
#include "doc/render_pdf.h"
#include "http/html.h"
#include "http/json.h"
#include "http/input.h"
#include "mail/mail.h"
#include "page/layout.h"
#include "page/ui.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "sip/citizen.h"
#include "sip/org.h"
#include "sip/plan_doc.h"
#include "sip/plan_in_force.h"

static void refuse(struct request *r)
{
	if (r->via_bearer)
		json_problem(r, &r->problem);
	else
		page_problem(r, &r->problem);
}

/* The plan id and the version number of the path (0: the version in
 * force, for the routes without {no}); false answered 404. */
static bool path_version(struct request *r, struct ctx *ctx, int64_t *id,
                         int *no)
{
	int64_t n = 0;
	*no = 0;
	if (!req_path_id(r, "id", id) ||
	    (req_path_arg(r, "no") && (!req_path_id(r, "no", &n) ||
	                               n > 1000000))) {
		ctx_not_found(ctx);
		refuse(r);
		return false;
	}
	*no = (int)n;
	return true;
}

/* How to reach the coordinator: the coordinator's unit. */
static struct doc_contact unit_contact(struct ctx *ctx, int64_t unit_id)
{
	struct doc_contact c = {0};
	struct unit u;
	struct problem saved = *ctx->problem;
	if (unit_id && unit_get(ctx, unit_id, &u)) {
		c.unit_name = u.name;
		c.phone = u.phone;
		c.email = u.email;
		c.postal_address = u.postal_address;
	}
	*ctx->problem = saved; /* a unit gone from the directory: no contact */
	return c;
}

/* Is version d no longer (or not yet) the one in force? Asked for
 * without a number it is the one in force. */
static bool former(struct ctx *ctx, const struct plan_doc *d, int no)
{
	bool in_force = true;
	if (no && !plan_version_is_in_force(ctx, d->plan_id, d->version.id,
	                                 &in_force))
		return false; /* the database failed: say nothing */
	return !in_force;
}

/* ---- HTML: the print view and the plain-language page ---- */

static void document_page(struct request *r, bool plain)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	int no;
	struct plan_doc d;
	if (!path_version(r, &ctx, &id, &no))
		return;
	if (!plan_doc_get(&ctx, id, no, plain ? "plan.plain" : "plan.print", &d)) {
		refuse(r);
		return;
	}
	struct plan_layout_opts o = {
		.level = 1,
		.former = former(&ctx, &d, no),
		.coordinator = unit_contact(&ctx, d.version.coordinator_unit_id),
	};
	struct doc *doc = plain ? plain_layout(&r->arena, r->lang, &d, &o)
	                        : plan_layout(&r->arena, r->lang, &d, &o);
	layout_begin_bare(r, arena_printf(&r->arena, "%s – %s", doc->title,
	                                  d.person_name ? d.person_name : "–"),
	                  NAV_WORK);
	html_raw(r, "<div class=\"print-view\">");
	html_raw(r, "<p class=\"print-running\">");
	html_text(r, doc->running_person);
	html_raw(r, " · ");
	html_text(r, doc->running_plan);
	if (doc->protected_identity) {
		html_raw(r, " <span class=\"badge protected\">");
		html_text(r, doc->protected_text);
		html_raw(r, "</span>");
	}
	html_raw(r, "</p>");
	struct doc_html_opts h = {
		.level = 1,
		.id = plain ? "plain-doc" : "print-doc",
		.cls = plain ? "plan-document plain-document" : "plan-document",
		.print = !plain,
	};
	doc_render_html(r, doc, &h);
	html_raw(r, "</div><ul class=\"doc-links\"><li><a href=\"");
	const char *v = no ? arena_printf(&r->arena, "/versions/%d", no) : "";
	html_attr(r, sip_plan_url(r, id, arena_printf(&r->arena, "%s/plan.pdf",
	                                              v)));
	html_raw(r, "\">");
	html_text(r, R_(r, "Ladda ner som PDF"));
	html_raw(r, "</a></li><li><a href=\"");
	html_attr(r, sip_plan_url(r, id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till planen"));
	html_raw(r, "</a></li></ul>");
	layout_end(r);
}

/* GET /plans/{id}/print, /plans/{id}/versions/{no}/print */
void page_plan_print(struct request *r)
{
	document_page(r, false);
}

/* GET /plans/{id}/plain, /plans/{id}/versions/{no}/plain */
void page_plan_plain(struct request *r)
{
	document_page(r, true);
}

/* ---- PDF ---- */

static void send_pdf(struct request *r, const struct doc *doc,
                     const char *filename)
{
	struct doc_pdf_limits lim = {LIMIT_PDF_PAGES, LIMIT_PDF};
	struct buf pdf;
	int pages;
	enum doc_pdf_result res = doc_render_pdf(doc, &lim, &pdf, &pages);
	if (res == DOC_PDF_OK) {
		resp_download(r, "application/pdf", filename, pdf.data, pdf.len);
		buf_free(&pdf);
		return;
	}
	if (res == DOC_PDF_FAILED)
		problem_set(&r->problem, &r->arena, PROBLEM_INTERNAL, "%s",
		            R_(r, "PDF-filen kunde inte skapas. Försök igen, eller "
		                  "skriv ut från utskriftsvyn."));
	else
		problem_set(&r->problem, &r->arena, PROBLEM_TOO_LARGE,
		            R_(r, "Dokumentet blir för stort för en PDF-fil (högst "
		                  "%d sidor och %d MB). Skriv ut det från "
		                  "utskriftsvyn i stället."),
		            LIMIT_PDF_PAGES, LIMIT_PDF / (1024 * 1024));
	refuse(r);
}

/* GET /plans/{id}/plan.pdf, /plans/{id}/versions/{no}/plan.pdf: the plan
 * with its plain-language summary after it, one file to hand over. */
void page_plan_pdf(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	int no;
	struct plan_doc d;
	if (!path_version(r, &ctx, &id, &no))
		return;
	if (!plan_doc_get(&ctx, id, no, "plan.pdf", &d)) {
		refuse(r);
		return;
	}
	struct plan_layout_opts o = {
		.level = 1,
		.former = former(&ctx, &d, no),
		.with_plain = true,
		.coordinator = unit_contact(&ctx, d.version.coordinator_unit_id),
	};
	send_pdf(r, plan_layout(&r->arena, r->lang, &d, &o),
	         arena_printf(&r->arena, "sip-plan-%lld-version-%d.pdf",
	                      (long long)id, d.version.version_no));
}

/* ---- manual handling ---- */

/* The plan of path {id} read under audit_action, and the id of its part
 * named `key` ({iid}, {mid}); false, having answered, when either is
 * missing or the plan may not be read. */
static bool plan_and_part(struct request *r, struct ctx *ctx, const char *key,
                          const char *audit_action, int64_t *id,
                          int64_t *part, struct plan *p)
{
	if (!req_path_id(r, "id", id) || !req_path_id(r, key, part)) {
		ctx_not_found(ctx);
		refuse(r);
		return false;
	}
	if (!plan_get_for(ctx, *id, 1, audit_action, p)) {
		refuse(r);
		return false;
	}
	return true;
}

static const struct meeting *meeting_in(const struct plan *p, int64_t mid)
{
	for (int i = 0; i < p->nmeetings; i++)
		if (p->meetings[i].id == mid)
			return &p->meetings[i];
	return NULL;
}

/* GET /plans/{id}/invitations/{iid}/letter.pdf: the letter to a party
 * outside samplan (an invitation without a unit). An invitation to a
 * unit in samplan reaches it there: it has no letter (404). */
void page_plan_letter_pdf(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, iid;
	struct plan p;
	if (!plan_and_part(r, &ctx, "iid", "invitation.letter", &id, &iid, &p))
		return;
	const struct meeting *m = NULL;
	const struct invitation *inv = NULL;
	for (int i = 0; !inv && i < p.nmeetings; i++)
		for (int k = 0; k < p.meetings[i].ninvitations; k++)
			if (p.meetings[i].invitations[k].id == iid &&
			    p.meetings[i].invitations[k].unit_id == 0) {
				m = &p.meetings[i];
				inv = &m->invitations[k];
				break;
			}
	if (!inv) {
		ctx_not_found(&ctx);
		refuse(r);
		return;
	}
	char today[11];
	date_format(date_of_time(r->now), today);
	struct doc_contact from = unit_contact(&ctx, p.lead_unit_id);
	if (!from.unit_name)
		from.unit_name = p.lead_unit_name;
	send_pdf(r, letter_layout(&r->arena, r->lang, &p, m, inv, &from, today),
	         arena_printf(&r->arena, "sip-plan-%lld-kallelse-%lld.pdf",
	                      (long long)id, (long long)iid));
}

/* GET /plans/{id}/meetings/{mid}/planning.pdf */
void page_plan_planning_pdf(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid;
	struct plan p;
	if (!plan_and_part(r, &ctx, "mid", "meeting.planning_document", &id,
	                   &mid, &p))
		return;
	const struct meeting *m = meeting_in(&p, mid);
	if (!m) {
		ctx_not_found(&ctx);
		refuse(r);
		return;
	}
	send_pdf(r, planning_layout(&r->arena, r->lang, &p, m),
	         arena_printf(&r->arena, "sip-plan-%lld-planeringsunderlag-%lld.pdf",
	                      (long long)id, (long long)mid));
}

/* ---- the Min SIP letter ---- */

/* Who can be given a sign-in code from this plan: the individual from
 * 15 (unless a professional refused a child's own reading), each
 * guardian of a child, and a relative or representative the plan is
 * shared with — each one with a personnummer, which is what they sign
 * in with. The same rule as citizen.c's, asked from the staff side; the
 * sign-in itself checks it again. value: "individual" or "related-ID". */
struct letter_recipient {
	const char *value;
	const char *name;
	const char *personnummer;
	bool for_self;
};

static int letter_recipients(struct request *r, const struct plan *p,
                             struct letter_recipient *out, int max)
{
	const struct person *pe = &p->person;
	int n = 0;
	if (pe->personnummer && pe->age >= 15 &&
	    !(pe->is_child && pe->own_reading_refused) && n < max)
		out[n++] = (struct letter_recipient){
			"individual",
			arena_printf(&r->arena, "%s %s", pe->given_name,
			             pe->family_name),
			pe->personnummer, true};
	for (int i = 0; i < pe->nrelated && n < max; i++) {
		const struct related_person *x = &pe->related[i];
		bool guardian = x->role == RELATED_GUARDIAN && pe->is_child;
		bool shared = x->role != RELATED_GUARDIAN && x->may_read_plan;
		if (!x->personnummer || !(guardian || shared))
			continue;
		out[n++] = (struct letter_recipient){
			arena_printf(&r->arena, "related-%lld", (long long)x->id),
			x->name, x->personnummer, false};
	}
	return n;
}

void page_plan_citizen_letter_section(struct request *r, const struct plan *p)
{
	struct letter_recipient who[16];
	int n = p->may_lead ? letter_recipients(r, p, who, 16) : 0;
	if (n == 0)
		return;
	html_raw(r, "<section aria-labelledby=\"min-sip\"><h2 id=\"min-sip\">");
	html_text(r, R_(r, "Min SIP för den enskilde"));
	html_raw(r, "</h2><p>");
	html_text(r, R_(r, "Skriv ut ett brev med en inloggningskod till Min "
	                   "SIP. Koden gäller en gång i 30 dagar. Lämna brevet "
	                   "med planen."));
	html_raw(r, "</p>");
	ui_form_begin(r, arena_printf(&r->arena, "/plans/%lld/citizen-letter",
	                              (long long)p->id));
	struct ui_option *opts = arena_array(&r->arena, struct ui_option,
	                                     (size_t)n);
	for (int i = 0; i < n; i++)
		opts[i] = (struct ui_option){who[i].value, who[i].name};
	ui_select(r, "recipient", R_(r, "Brevet till"), opts, n, who[0].value,
	          NULL, 0);
	size_t nl;
	const struct i18n_language *langs = i18n_languages(&nl);
	struct ui_option *lo = arena_array(&r->arena, struct ui_option, nl);
	for (size_t i = 0; i < nl; i++)
		lo[i] = (struct ui_option){langs[i].code, langs[i].native};
	ui_select(r, "lang", R_(r, "Brevets språk"), lo, (int)nl, "sv", NULL,
	          0);
	ui_submit(r, R_(r, "Skriv ut brev med kod (PDF)"));
	ui_form_end(r);
	html_raw(r, "</section>");
}

static const struct field citizen_letter_fields[] = {
	{"recipient", FIELD_TEXT, 32},
	{"lang", FIELD_TEXT, 8},
};

/* POST /plans/{id}/citizen-letter: a new code for the chosen recipient
 * and the letter with it, as a PDF. A POST, not a GET: every letter is
 * a new code (citizen_code_create, audited), so no link or prefetch may
 * make one. */
void page_plan_citizen_letter(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	struct plan p;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		refuse(r);
		return;
	}
	struct form f;
	bool ok = form_read(r, &r->problem, FIELDS(citizen_letter_fields), &f);
	if (!plan_get_for(&ctx, id, 1, "plan.citizen_letter", &p)) {
		refuse(r);
		return;
	}
	if (!access_plan_lead(&ctx, p.lead_unit_id, p.lead_unit_name)) {
		refuse(r);
		return;
	}
	struct letter_recipient who[16];
	int n = letter_recipients(r, &p, who, 16);
	const char *chosen = form_text(&f, "recipient");
	const struct letter_recipient *to = NULL;
	for (int i = 0; chosen && i < n; i++)
		if (strcmp(who[i].value, chosen) == 0)
			to = &who[i];
	const char *lang = form_text(&f, "lang");
	if (!lang || !i18n_citizen_supported(lang))
		lang = r->lang;
	if (ok && !to)
		ok = problem_field(&r->problem, &r->arena, "recipient", "%s",
		                   R_(r, "Välj vem brevet är till: den enskilde, "
		                         "en vårdnadshavare eller en närstående "
		                         "som planen delas med."));
	char *code;
	int64_t expires;
	if (!ok || !citizen_code_create(&ctx, to->personnummer, &code,
	                                &expires)) {
		refuse(r);
		return;
	}
	struct citizen_letter l = {
		.to_name = to->name,
		.person_name = arena_printf(&r->arena, "%s %s",
		                            p.person.given_name,
		                            p.person.family_name),
		.for_self = to->for_self,
		.code = code,
		.address = arena_printf(&r->arena, "%s/citizen",
		                        mail_public_url()),
		.from = unit_contact(&ctx, p.lead_unit_id),
		.plan_id = id,
	};
	char today[11], until[11];
	date_format(date_of_time(r->now), today);
	date_format(date_of_time(expires), until);
	l.today = today;
	l.valid_until = until;
	if (!l.from.unit_name)
		l.from.unit_name = p.lead_unit_name;
	send_pdf(r, citizen_letter_layout(&r->arena, lang, &l),
	         arena_printf(&r->arena, "min-sip-brev-%lld.pdf",
	                      (long long)id));
	/* The code is on the letter only: never cached on the way. */
	resp_header(r, "Cache-Control", "no-store");
}
