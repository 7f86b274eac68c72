/*
 * citizen_letter.c — the Min SIP letter (see citizen_letter.h), in
 * plain language: short sentences, one thing per paragraph, the code
 * large enough to read and type.
 */
#include "doc/citizen_letter.h"

#include "base/i18n.h"

struct doc *citizen_letter_layout(struct arena *a, const char *lang,
                                  const struct citizen_letter *l)
{
	struct doc *doc = doc_new(a, lang, tr(lang, "Din plan i Min SIP"));
	doc->subtitle = arena_printf(a, tr(lang, "Till %s. Datum: %s."),
	                             l->to_name, l->today);
	doc->pdf_title = tr(lang, "Inloggning till Min SIP");
	doc->running_person = l->to_name;
	doc->running_plan = plan_layout_running(a, lang, l->plan_id, 0);

	struct doc_node *s = doc_section(a, doc, NULL,
	                                 tr(lang, "Vad är Min SIP?"), NULL);
	doc_add(a, doc, s, DOC_PARAGRAPH, NULL,
	        l->for_self
	                ? tr(lang, "Min SIP är en webbplats där du kan läsa din "
	                           "samordnade individuella plan (SIP). Du ser "
	                           "dina möten. Du kan säga ja eller nej när "
	                           "planen ska ändras. Du bestämmer vem som får "
	                           "se dina uppgifter. Du kan se vem som har "
	                           "läst dem.")
	                : arena_printf(a,
	                               tr(lang, "Min SIP är en webbplats där du "
	                                        "kan läsa planen för %s. Du "
	                                        "ser det som du får se, till "
	                                        "exempel planen som gäller."),
	                               l->person_name));

	s = doc_section(a, doc, NULL, tr(lang, "Så loggar du in"), NULL);
	doc_field(a, doc, s, tr(lang, "1. Gå till"), l->address);
	struct doc_node *code =
		doc_field(a, doc, s, tr(lang, "2. Skriv din kod"), l->code);
	code->cls = "sign-in-code";
	doc_field(a, doc, s, tr(lang, "Koden gäller till och med"),
	          l->valid_until);
	doc_add(a, doc, s, DOC_PARAGRAPH, NULL,
	        tr(lang, "Koden fungerar en gång. Den är bara till dig. Visa "
	                 "den inte för någon annan. Efter det kan du logga in "
	                 "med BankID eller Freja eID på regionens webbplats."));

	s = doc_section(a, doc, NULL, tr(lang, "Frågor?"), NULL);
	doc_add(a, doc, s, DOC_PARAGRAPH, NULL,
	        tr(lang, "Om koden inte fungerar, eller om du har fått brevet "
	                 "fel, kontakta oss. Du kan alltid få planen på papper "
	                 "i stället."));
	doc_field(a, doc, s, tr(lang, "Kontakt"),
	          plan_layout_contact(a, lang, &l->from));
	return doc;
}
