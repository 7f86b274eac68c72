/*
 * test_doc_pdf.c — the PDF renderer (src/doc/render_pdf.c) on trees made
 * here: a long document flows over pages and counts them, table rows are
 * measured so a page holds only whole rows, a row taller than a page is
 * still printed whole, and the caps — pages and bytes — refuse a document
 * that exceeds them with their own answer and an empty buffer, never a
 * truncated file. Rendering from several threads at once gives the same
 * bytes' length each time (the renderer serialises itself).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "doc/doc.h"
#include "doc/render_pdf.h"

static const struct doc_pdf_limits roomy = {300, 8 * 1024 * 1024};

static struct doc *paragraphs(struct arena *a, int n)
{
	struct doc *d = doc_new(a, "sv", "Samordnad individuell plan");
	d->running_person = "Åsa Öberg, 19990315-2388";
	d->running_plan = "SIP 1, version 1";
	for (int i = 0; i < n; i++)
		doc_add(a, d, NULL, DOC_PARAGRAPH, NULL,
		        arena_printf(a, "Stycke %d: Åsa vill klara vardagen, "
		                        "sova bättre och träffa vänner. Ελληνικά, "
		                        "العربية, Suomi.", i));
	return d;
}

static int render(const struct doc *d, const struct doc_pdf_limits *lim,
                  enum doc_pdf_result want)
{
	struct buf out;
	int pages = -1;
	assert_int_equal(doc_render_pdf(d, lim, &out, &pages), want);
	if (want == DOC_PDF_OK) {
		assert_true(out.len > 100);
		assert_memory_equal(out.data, "%PDF", 4);
	} else {
		assert_int_equal(out.len, 0);
		assert_int_equal(pages, 0);
	}
	buf_free(&out);
	return pages;
}

static void test_one_page(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 20);
	assert_int_equal(render(paragraphs(&a, 3), &roomy, DOC_PDF_OK), 1);
	arena_free(&a);
}

static void test_long_document_flows(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4 << 20);
	int pages = render(paragraphs(&a, 400), &roomy, DOC_PDF_OK);
	assert_true(pages >= 5);
	arena_free(&a);
}

static void test_page_cap(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4 << 20);
	struct doc_pdf_limits two = {2, 8 * 1024 * 1024};
	render(paragraphs(&a, 400), &two, DOC_PDF_TOO_MANY_PAGES);
	arena_free(&a);
}

static void test_byte_cap(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4 << 20);
	struct doc_pdf_limits small = {300, 4000};
	render(paragraphs(&a, 50), &small, DOC_PDF_TOO_LARGE);
	arena_free(&a);
}

static struct doc *table_doc(struct arena *a, int rows, int cell_words)
{
	struct doc *d = doc_new(a, "sv", "Tabell");
	static const char *const cols[] = {"Mål", "Insatser/aktiviteter",
	                                   "Ansvar", "Tidsplan", "Kontakt"};
	static const int widths[] = {18, 29, 17, 19, 17};
	struct doc_node *t = doc_table(a, d, NULL, "Vad som ska göras", NULL, 5,
	                               cols, widths);
	for (int i = 0; i < rows; i++) {
		struct doc_row *r = doc_row(a, t);
		struct buf b;
		buf_init(&b, 1 << 20);
		for (int w = 0; w < cell_words; w++)
			buf_printf(&b, " ord%d", w);
		const char *long_text = arena_strdup(a, b.data);
		buf_free(&b);
		r->cells[0].text = arena_printf(a, "Mål %d", i);
		r->cells[1].text = long_text;
		r->cells[2].text = "Boendestöd";
		r->cells[3].text = "Påbörjas omgående";
		r->cells[3].notes[0] = "2026-01-01 – 2026-06-30";
		r->cells[4].text = "Bo Berg";
	}
	return d;
}

static void test_table_rows_over_pages(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4 << 20);
	/* 60 rows of some 6 lines each cannot fit on one page */
	assert_true(render(table_doc(&a, 60, 20), &roomy, DOC_PDF_OK) >= 3);
	arena_free(&a);
}

static void test_row_taller_than_a_page(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 8 << 20);
	/* one cell of 3000 words in a narrow column: many pages, not cut */
	assert_true(render(table_doc(&a, 1, 3000), &roomy, DOC_PDF_OK) >= 2);
	arena_free(&a);
}

static void *render_thread(void *arg)
{
	const struct doc *d = arg;
	struct buf out;
	int pages;
	enum doc_pdf_result r = doc_render_pdf(d, &roomy, &out, &pages);
	size_t len = r == DOC_PDF_OK ? out.len : 0;
	buf_free(&out);
	return (void *)len;
}

static void test_threads(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4 << 20);
	struct doc *d = table_doc(&a, 20, 10);
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, render_thread, d), 0);
	size_t first = 0;
	for (int i = 0; i < 4; i++) {
		void *len;
		pthread_join(t[i], &len);
		assert_true((size_t)len > 0);
		if (!first)
			first = (size_t)len;
		/* the same tree renders to the same length (dates aside,
		 * which cairo writes in fixed width) */
		assert_int_equal((size_t)len, first);
	}
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_page),
		cmocka_unit_test(test_long_document_flows),
		cmocka_unit_test(test_page_cap),
		cmocka_unit_test(test_byte_cap),
		cmocka_unit_test(test_table_rows_over_pages),
		cmocka_unit_test(test_row_taller_than_a_page),
		cmocka_unit_test(test_threads),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	doc_render_pdf_shutdown();
	return failed;
}
