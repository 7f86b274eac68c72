/*
 * extract_layout.c — the extract of who read my data as a document (see
 * extract_layout.h). Plain Swedish, "du" form.
 */
#include "doc/extract_layout.h"

#include "audit/review.h"
#include "base/i18n.h"

struct doc *extract_layout(struct arena *a, const char *lang,
                           const struct citizen_extract *ex, int64_t now)
{
	struct doc *d = doc_new(a, lang, tr(lang, "Vem har läst dina uppgifter"));
	char made[20];
	review_time_text(now, made);
	d->subtitle = arena_printf(a, tr(lang, "Utdraget gjordes %.16s."), made);
	d->pdf_title = tr(lang, "Vem har läst dina uppgifter");
	d->running_person = ex->n > 0 ? ex->parts[0].person.name : "";
	d->running_plan = tr(lang, "Utdrag ur loggen");
	doc_add(a, d, NULL, DOC_PARAGRAPH, NULL,
	        tr(lang, "Här ser du varje gång någon har läst eller ändrat "
	                 "dina uppgifter i samplan. Du ser när det hände, vem "
	                 "det var och på vilken enhet. Du har rätt att få veta "
	                 "det."));
	/* Three columns, so that a phone of 375 px shows a row whole: the
	 * unit under who, the time under the day. */
	static const int widths[] = {20, 40, 40};
	const char *columns[] = {tr(lang, "När"), tr(lang, "Vem"),
	                         tr(lang, "Vad")};
	for (int i = 0; i < ex->n; i++) {
		const struct citizen_extract_part *p = &ex->parts[i];
		const char *title =
			p->person.relation == CITIZEN_GUARDIAN
				? arena_printf(a, tr(lang, "Uppgifter om %s"),
				               p->person.name)
				: tr(lang, "Uppgifter om dig");
		struct doc_node *sec = doc_section(
			a, d, NULL, title,
			arena_printf(a, "person-%lld", (long long)p->person.person_id));
		if (p->n == 0) {
			doc_add(a, d, sec, DOC_PARAGRAPH, NULL,
			        tr(lang, "Ingen har läst något ännu."));
			continue;
		}
		if (p->more)
			doc_add(a, d, sec, DOC_NOTICE, NULL,
			        arena_printf(a, tr(lang, "Här visas bara de %d "
			                                 "senaste."),
			                     REVIEW_EXTRACT_MAX));
		struct doc_node *t = doc_table(
			a, d, sec, tr(lang, "Senaste först"), NULL, 3, columns, widths);
		t->cls = "access-log";
		t->name_columns = 1u | 2u;
		for (int k = 0; k < p->n; k++) {
			const struct citizen_extract_entry *e = &p->entries[k];
			struct doc_row *row = doc_row(a, t);
			char when[20];
			review_time_text(e->at, when);
			row->cells[0].text = arena_printf(a, "%.10s", when);
			row->cells[0].notes[0] = arena_printf(a, "%.5s", when + 11);
			row->cells[1].text = e->who;
			row->cells[1].notes[0] = e->unit;
			row->cells[2].text = e->what;
		}
	}
	return d;
}
