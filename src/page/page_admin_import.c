/*
 * page_admin_import.c — importing the organisation directory from a
 * CSV file (sip/directory.h): an upload form with the columns explained,
 * and after the upload either the counts (after a redirect) or every
 * error with its line, saying plainly that nothing was changed.
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/text.h"
#include "http/html.h"
#include "http/input.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/directory.h"

static const struct field import_fields[] = {
	{"file", FIELD_FILE, LIMIT_IMPORT_BODY},
};

static const struct ui_option labels[] = {
	{"file", N_("CSV-fil")},
	{NULL, NULL},
};

/* A count from the query string after a good import; -1 if absent. */
static long query_count(struct request *r, const char *name)
{
	const char *s = req_query(r, name);
	if (!s || !*s || strlen(s) > 9 || strspn(s, "0123456789") != strlen(s))
		return -1;
	return strtol(s, NULL, 10);
}

static void result(struct request *r)
{
	const char *done = req_query(r, "done");
	if (!done || strcmp(done, "imported") != 0)
		return;
	static const struct { const char *key, *label; } counts[] = {
		{"rows", N_("Rader i filen")},
		{"created", N_("Nya enheter")},
		{"updated", N_("Ändrade enheter")},
		{"unchanged", N_("Oförändrade enheter")},
		{"principals", N_("Nya organisationer")},
	};
	html_raw(r, "<dl class=\"facts\">");
	for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
		long n = query_count(r, counts[i].key);
		if (n < 0)
			continue;
		html_raw(r, "<dt>");
		html_text(r, R_(r, counts[i].label));
		html_raw(r, "</dt><dd>");
		html_int(r, n);
		html_raw(r, "</dd>");
	}
	html_raw(r, "</dl><p><a href=\"/admin/units\">");
	html_text(r, R_(r, "Visa enheterna"));
	html_raw(r, "</a></p>");
}

static void file_input(struct request *r)
{
	const char *err = problem_field_message(&r->problem, "file");
	html_raw(r, err ? "<div class=\"field has-error\">" : "<div class=\"field\">");
	html_raw(r, "<label for=\"f-file\">");
	html_text(r, R_(r, "CSV-fil"));
	html_raw(r, " <span class=\"required\">");
	html_text(r, R_(r, "(obligatoriskt)"));
	html_raw(r, "</span></label><p class=\"hint\" id=\"f-file-hint\">");
	html_textf(r, R_(r, "Sparad som ”CSV UTF-8”, högst %d MB och %d rader."),
	           LIMIT_IMPORT_BODY / (1024 * 1024), LIMIT_CSV_ROWS);
	html_raw(r, "</p>");
	if (err) {
		html_raw(r, "<p class=\"error-message\" id=\"f-file-error\">"
		            "<span class=\"visually-hidden\">");
		html_text(r, R_(r, "Fel:"));
		html_raw(r, "</span> ");
		html_text(r, err);
		html_raw(r, "</p>");
	}
	html_raw(r, "<input type=\"file\" id=\"f-file\" name=\"file\" "
	            "accept=\".csv,text/csv\" required aria-required=\"true\" "
	            "aria-describedby=\"f-file-hint");
	html_raw(r, err ? " f-file-error\" aria-invalid=\"true\">" : "\">");
	html_raw(r, "</div>");
}

static void columns_help(struct request *r)
{
	static const struct { const char *name, *required, *what; } cols[] = {
		{"unit_id", N_("Ja"),
		 N_("Enhetens HSA-id, t.ex. SE2321000016-15CQ. Finns enheten "
		    "redan uppdateras den, annars läggs den upp.")},
		{"unit_name", N_("Ja"), N_("Enhetens namn.")},
		{"principal", N_("Ja"),
		 N_("Organisationens namn, t.ex. ”Ludvika kommun”. Stora och "
		    "små bokstäver spelar ingen roll.")},
		{"principal_kind", N_("För nya organisationer"),
		 N_("municipality (kommun), region eller other_actor (annan "
		    "aktör). Måste stämma med en organisation som redan finns.")},
		{"parent_unit_id", N_("Nej"),
		 N_("HSA-id för den överordnade enheten: i samplan eller på en "
		    "annan rad i filen, med samma organisation.")},
		{"email", N_("Nej"), N_("Enhetens e-postadress.")},
		{"phone", N_("Nej"), N_("Enhetens telefonnummer.")},
		{"postal_address", N_("Nej"), N_("Enhetens postadress.")},
	};
	html_raw(r, "<h2>");
	html_text(r, R_(r, "Så ska filen se ut"));
	html_raw(r, "</h2><p>");
	html_text(r, R_(r, "Första raden är en rubrikrad med kolumnernas namn, "
	                   "i valfri ordning; andra kolumner hoppas över. "
	                   "Fälten skiljs åt med kommatecken (eller semikolon, "
	                   "som Excel sparar med svenska inställningar). Ett "
	                   "fält som innehåller avgränsaren står inom "
	                   "citattecken. En kolumn som saknas i filen lämnar "
	                   "befintliga enheters värden orörda; ett tomt fält "
	                   "tömmer värdet."));
	html_raw(r, "</p>");
	ui_table_region(r, "columns-caption");
	html_raw(r, "<table><caption id=\"columns-caption\">");
	html_text(r, R_(r, "Kolumner"));
	html_raw(r, "</caption><thead><tr><th scope=\"col\">");
	html_text(r, R_(r, "Kolumn"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Obligatorisk"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Innehåll"));
	html_raw(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		html_raw(r, "<tr><th scope=\"row\"><code>");
		html_text(r, cols[i].name);
		html_raw(r, "</code></th><td>");
		html_text(r, R_(r, cols[i].required));
		html_raw(r, "</td><td>");
		html_text(r, R_(r, cols[i].what));
		html_raw(r, "</td></tr>");
	}
	html_raw(r, "</tbody></table></div><p>");
	html_text(r, R_(r, "Allt eller inget: alla rader kontrolleras innan "
	                   "något sparas. Om någon rad är fel ändras ingenting, "
	                   "och du får en lista med varje fel och dess "
	                   "radnummer."));
	html_raw(r, "</p><p>");
	html_text(r, R_(r, "Exempel:"));
	html_raw(r, "</p><pre>");
	html_text(r, "unit_id,unit_name,principal,principal_kind,parent_unit_id\n"
	             "SE2321000180-PSY0,Psykiatri Dalarna,Region Dalarna,region,\n"
	             "SE2321000180-VPL2,\"Vuxenpsykiatri Ludvika, öppenvård\","
	             "Region Dalarna,region,SE2321000180-PSY0\n");
	html_raw(r, "</pre>");
}

static void import_errors(struct request *r, const struct directory_report *rep,
                          const char *filename)
{
	html_raw(r, "<div class=\"error-summary\" role=\"alert\" "
	            "aria-labelledby=\"import-errors-title\" tabindex=\"-1\">"
	            "<h2 id=\"import-errors-title\">");
	html_text(r, R_(r, "Filen importerades inte – ingenting har ändrats"));
	html_raw(r, "</h2><p>");
	html_text(r, r->problem.detail);
	html_raw(r, "</p><p>");
	html_text(r, R_(r, "Rätta felen nedan i filen och importera hela filen "
	                   "igen. Raderna räknas som i en textredigerare: "
	                   "rubrikraden är rad 1."));
	html_raw(r, "</p>");
	if (rep->nerrors < rep->nerrors_total) {
		html_raw(r, "<p>");
		html_textf(r, R_(r, "De första %d felen visas."), rep->nerrors);
		html_raw(r, "</p>");
	}
	html_raw(r, "<p><a href=\"#import-errors\">");
	html_text(r, R_(r, "Till listan med fel"));
	html_raw(r, "</a></p></div>");

	ui_table_region(r, "errors-caption");
	html_raw(r, "<table id=\"import-errors\"><caption id=\"errors-caption\">");
	if (filename)
		html_textf(r, R_(r, "Fel i %s"), filename);
	else
		html_text(r, R_(r, "Fel i filen"));
	html_raw(r, "</caption><thead><tr><th scope=\"col\">");
	html_text(r, R_(r, "Rad"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Kolumn"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Vad som behöver rättas"));
	html_raw(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < rep->nerrors; i++) {
		const struct directory_error *e = &rep->errors[i];
		html_raw(r, "<tr><th scope=\"row\">");
		if (e->line)
			html_int(r, e->line);
		else
			html_text(r, R_(r, "Hela filen"));
		html_raw(r, "</th><td>");
		if (e->column) {
			html_raw(r, "<code>");
			html_text(r, e->column);
			html_raw(r, "</code>");
		} else {
			html_text(r, "–");
		}
		html_raw(r, "</td><td>");
		html_text(r, e->message);
		html_raw(r, "</td></tr>");
	}
	html_raw(r, "</tbody></table></div>");
}

static void import_page(struct request *r, const struct directory_report *rep,
                        const char *filename)
{
	layout_begin(r, R_(r, "Importera organisationskatalog"), NAV_IMPORT);
	page_flash(r);
	result(r);
	if (rep && rep->nerrors)
		import_errors(r, rep, filename);
	else
		ui_error_summary(r, &r->problem, labels);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Lägg upp eller uppdatera många enheter på en gång "
	                   "från en CSV-fil, t.ex. en export från HSA-katalogen "
	                   "eller ett kalkylark. Organisationer som saknas "
	                   "läggs upp."));
	html_raw(r, "</p>");
	ui_form_begin_multipart(r, "/admin/import");
	file_input(r);
	ui_submit(r, R_(r, "Importera"));
	ui_form_end(r);
	columns_help(r);
	layout_end(r);
}

void page_import_form(struct request *r) { import_page(r, NULL, NULL); }

void page_import_submit(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct directory_report rep = {0};
	bool read = form_read(r, &r->problem, FIELDS(import_fields), &f);
	const struct form_value *file = form_value(&f, "file");
	if (read && !file->text)
		problem_field(&r->problem, &r->arena, "file", "%s",
		              file->filename && *file->filename
		                      ? R_(r, "Filen är tom. Välj en CSV-fil med "
		                              "en rubrikrad och minst en enhet.")
		                      : R_(r, "Välj en CSV-fil att importera."));
	if (!problem_any(&r->problem) &&
	    directory_import(&ctx, file->text, strlen(file->text), &rep)) {
		resp_redirect(r, arena_printf(&r->arena,
		                              "/admin/import?done=imported&rows=%d"
		                              "&created=%d&updated=%d&unchanged=%d"
		                              "&principals=%d",
		                              rep.rows, rep.units_created,
		                              rep.units_updated, rep.units_unchanged,
		                              rep.principals_created));
		return;
	}
	const char *name = file->filename;
	if (name && (!*name || !text_utf8_valid(name, strlen(name))))
		name = NULL;
	int status = problem_http_status(r->problem.kind);
	import_page(r, &rep, name);
	r->status = status;
}
