/*
 * render_pdf.c — a document tree as an A4 PDF (render_pdf.h).
 *
 * Layout model: one column between the margins, a cursor y moving down
 * the page. Text is laid out by pango for the column's width and placed
 * line by line, so a long paragraph flows onto the next page; a heading
 * or a field's label is kept with the first line after it. A table row
 * is measured whole (every cell's pango_layout_get_size) before anything
 * of it is drawn, and goes to the next page when it does not fit; a row
 * taller than a whole page is printed as its cells one after the other
 * instead, so nothing is cut off.
 *
 * The same walk runs twice: first without drawing, to count the pages,
 * then drawing, with "Sida N av M" known. Both passes use a PDF surface,
 * so the text metrics — and so every page break — are the same.
 *
 * Threads: pango since 1.32.6 keeps a default font map per thread and
 * fontconfig is thread-safe since 2.10.91, so rendering from several
 * worker threads would be allowed. We still serialise it with one mutex
 * around one shared font map: one fontconfig cache instead of one per
 * worker (each costs megabytes and a slow first load), and glib/pango are
 * not built for ThreadSanitizer, so races it cannot see would go
 * unchecked. A PDF is a rare request that takes tens of milliseconds;
 * the queue behind the mutex is short. fontconfig is initialised by us,
 * under the mutex, before pango's font map exists (see doc_render_pdf).
 */
#include "doc/render_pdf.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <string.h>

#include "base/i18n.h"

/* A4 in points, and the page's frame. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 56.0
#define TOP 78.0
#define BOTTOM (PAGE_H - 64.0)
#define BODY_W (PAGE_W - 2 * MARGIN_X)
#define CELL_PAD 4.0
#define BLANK_ROW_H 30.0
#define RULE_GAP 22.0

#ifdef __SANITIZE_THREAD__
/* The ThreadSanitizer build's suppressions, read by its runtime at start.
 * Pango 1.50 matches fonts on threads of its own ("[pango] FcInit",
 * "[pango] FcFontSetMatch") and hands the results over through glib's
 * futex-based GMutex/GCond, which TSan cannot see: it reports the
 * fontconfig caches those threads wrote as raced by the thread that
 * renders. Neither side is our memory, and rendering is serialised by
 * pdf_lock besides; the patterns name only the two libraries. */
const char *__tsan_default_suppressions(void);
const char *__tsan_default_suppressions(void)
{
	return "race:libfontconfig.so\n"
	       "race:libpangoft2-1.0.so\n";
}
#endif

static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *font_map; /* under pdf_lock */

enum font { F_BODY, F_BOLD, F_SMALL, F_SMALL_BOLD, F_H1, F_H2, F_H3, F_CELL,
            F_CELL_BOLD, F_N };
static const char *const font_names[F_N] = {
	"DejaVu Sans 10", "DejaVu Sans Bold 10", "DejaVu Sans 8",
	"DejaVu Sans Bold 8", "DejaVu Sans Bold 16", "DejaVu Sans Bold 13",
	"DejaVu Sans Bold 11", "DejaVu Sans 9", "DejaVu Sans Bold 9",
};

struct pdf {
	const struct doc *d;
	cairo_t *cr;
	PangoContext *pc;
	PangoFontDescription *fonts[F_N];
	bool draw;
	int page;  /* the current page, from 1 */
	int total; /* pass 2: the pages of pass 1 */
	int max_pages;
	bool over;
	double y;
};

static PangoLayout *make(struct pdf *p, const char *text, enum font f,
                         double width)
{
	PangoLayout *l = pango_layout_new(p->pc);
	pango_layout_set_font_description(l, p->fonts[f]);
	pango_layout_set_width(l, pango_units_from_double(width));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double height_of(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return pango_units_to_double(h);
}

static double width_of(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return pango_units_to_double(w);
}

static void gray(struct pdf *p, double level)
{
	cairo_set_source_rgb(p->cr, level, level, level);
}

/* The text at (x, y) in one piece (header, footer, cells). */
static void show(struct pdf *p, PangoLayout *l, double x, double y)
{
	if (!p->draw)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

static void line(struct pdf *p, double x0, double y0, double x1, double y1,
                 double width)
{
	if (!p->draw)
		return;
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y0);
	cairo_line_to(p->cr, x1, y1);
	cairo_stroke(p->cr);
}

static void page_frame(struct pdf *p)
{
	if (!p->draw)
		return;
	gray(p, 0.3);
	PangoLayout *l = make(p, p->d->running_person, F_SMALL, BODY_W * 0.6);
	show(p, l, MARGIN_X, 36);
	g_object_unref(l);
	l = make(p, p->d->running_plan, F_SMALL, BODY_W * 0.4);
	show(p, l, PAGE_W - MARGIN_X - width_of(l), 36);
	g_object_unref(l);
	line(p, MARGIN_X, 52, PAGE_W - MARGIN_X, 52, 0.5);
	line(p, MARGIN_X, BOTTOM + 18, PAGE_W - MARGIN_X, BOTTOM + 18, 0.5);
	char *footer = g_strdup_printf(tr(p->d->lang, "Sida %d av %d"), p->page,
	                               p->total);
	l = make(p, footer, F_SMALL, BODY_W * 0.3);
	show(p, l, PAGE_W - MARGIN_X - width_of(l), BOTTOM + 24);
	g_object_unref(l);
	g_free(footer);
	if (p->d->protected_identity) {
		cairo_set_source_rgb(p->cr, 0.6, 0.0, 0.0);
		l = make(p, p->d->protected_text, F_SMALL_BOLD, BODY_W * 0.65);
		show(p, l, MARGIN_X, BOTTOM + 24);
		g_object_unref(l);
	}
	gray(p, 0.0);
}

static void new_page(struct pdf *p)
{
	if (p->page > 0 && p->draw)
		cairo_show_page(p->cr);
	p->page++;
	if (p->page > p->max_pages)
		p->over = true;
	p->y = TOP;
	page_frame(p);
}

/* Room for h points on this page, else a new one. */
static void need(struct pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > TOP)
		new_page(p);
}

static double first_line_height(PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	int y0, y1;
	pango_layout_iter_get_line_yrange(it, &y0, &y1);
	pango_layout_iter_free(it);
	return pango_units_to_double(y1 - y0);
}

/* A text flowing line by line from the cursor at x, each line on the
 * page it fits (a paragraph may continue on the next page). */
static void flow(struct pdf *p, const char *text, enum font f, double x,
                 double width)
{
	PangoLayout *l = make(p, text, f, width);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		if (p->over)
			break;
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		double h = pango_units_to_double(y1 - y0);
		need(p, h);
		if (p->draw) {
			double base = pango_units_to_double(
				pango_layout_iter_get_baseline(it) - y0);
			cairo_move_to(p->cr, x, p->y + base);
			pango_cairo_show_layout_line(
				p->cr, pango_layout_iter_get_line_readonly(it));
		}
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
}

/* A heading, kept with at least `keep` points of what follows. */
static void heading(struct pdf *p, const char *text, enum font f, double keep)
{
	PangoLayout *l = make(p, text, f, BODY_W);
	double h = height_of(l);
	g_object_unref(l);
	p->y += 6;
	need(p, h + keep);
	flow(p, text, f, MARGIN_X, BODY_W);
	p->y += 4;
}

static void field(struct pdf *p, const struct doc_node *n)
{
	PangoLayout *label = make(p, n->title, F_SMALL_BOLD, BODY_W);
	PangoLayout *value = make(p, n->text, F_BODY, BODY_W);
	double lh = height_of(label);
	need(p, 4 + lh + first_line_height(value));
	g_object_unref(value);
	gray(p, 0.75);
	line(p, MARGIN_X, p->y, PAGE_W - MARGIN_X, p->y, 0.4);
	p->y += 3;
	gray(p, 0.35);
	show(p, label, MARGIN_X, p->y);
	g_object_unref(label);
	p->y += lh + 1;
	gray(p, n->withheld ? 0.4 : 0.0);
	const char *text = n->text;
	if (n->protected_mark)
		text = g_strdup_printf("%s (%s)", n->text, p->d->protected_text);
	flow(p, text, F_BODY, MARGIN_X, BODY_W);
	if (text != n->text)
		g_free((char *)text);
	for (int i = 0; i < DOC_MAX_NOTES; i++)
		if (n->notes[i])
			flow(p, n->notes[i], F_SMALL, MARGIN_X, BODY_W);
	gray(p, 0.0);
	p->y += 7;
}

static void list(struct pdf *p, const struct doc_node *n)
{
	if (n->title) {
		PangoLayout *label = make(p, n->title, F_SMALL_BOLD, BODY_W);
		double lh = height_of(label);
		need(p, 4 + lh + 14);
		gray(p, 0.75);
		line(p, MARGIN_X, p->y, PAGE_W - MARGIN_X, p->y, 0.4);
		p->y += 3;
		gray(p, 0.35);
		show(p, label, MARGIN_X, p->y);
		gray(p, 0.0);
		g_object_unref(label);
		p->y += lh + 1;
	}
	if (!n->first)
		flow(p, "–", F_BODY, MARGIN_X, BODY_W);
	for (const struct doc_node *c = n->first; c && !p->over; c = c->next) {
		need(p, 14);
		PangoLayout *b = make(p, "•", F_BODY, 12);
		show(p, b, MARGIN_X + 2, p->y);
		g_object_unref(b);
		flow(p, c->text, F_BODY, MARGIN_X + 14, BODY_W - 14);
		p->y += 2;
	}
	p->y += 6;
}

static void notice(struct pdf *p, const struct doc_node *n)
{
	PangoLayout *l = make(p, n->text, F_BOLD, BODY_W - 16);
	double h = height_of(l) + 12;
	if (h < BOTTOM - TOP) {
		need(p, h);
		if (p->draw) {
			cairo_set_source_rgb(p->cr, 0.95, 0.93, 0.85);
			cairo_rectangle(p->cr, MARGIN_X, p->y, BODY_W, h);
			cairo_fill(p->cr);
			gray(p, 0.0);
		}
		show(p, l, MARGIN_X + 8, p->y + 6);
		p->y += h + 8;
	} else {
		flow(p, n->text, F_BOLD, MARGIN_X, BODY_W);
	}
	g_object_unref(l);
}

/* ---- tables ---- */

struct cell_layout {
	PangoLayout *text;
	PangoLayout *notes[DOC_MAX_NOTES];
	double h;
};

static double col_x(const struct doc_node *t, int col)
{
	double x = MARGIN_X;
	for (int i = 0; i < col; i++)
		x += BODY_W * t->widths[i] / 100.0;
	return x;
}

static double col_w(const struct doc_node *t, int col)
{
	return BODY_W * t->widths[col] / 100.0;
}

/* Measure a row (header: the column names, bold). */
static double measure_row(struct pdf *p, const struct doc_node *t,
                          const struct doc_row *row, struct cell_layout *c)
{
	double h = 0;
	for (int i = 0; i < t->ncolumns; i++) {
		double w = col_w(t, i) - 2 * CELL_PAD;
		c[i].text = make(p, row ? row->cells[i].text : t->columns[i],
		                 row ? F_CELL : F_CELL_BOLD, w);
		c[i].h = height_of(c[i].text);
		for (int k = 0; k < DOC_MAX_NOTES; k++) {
			c[i].notes[k] = NULL;
			if (!row || !row->cells[i].notes[k])
				continue;
			c[i].notes[k] = make(p, row->cells[i].notes[k], F_SMALL, w);
			c[i].h += height_of(c[i].notes[k]);
		}
		if (c[i].h + 2 * CELL_PAD > h)
			h = c[i].h + 2 * CELL_PAD;
	}
	return h;
}

static void free_row(const struct doc_node *t, struct cell_layout *c)
{
	for (int i = 0; i < t->ncolumns; i++) {
		g_object_unref(c[i].text);
		for (int k = 0; k < DOC_MAX_NOTES; k++)
			if (c[i].notes[k])
				g_object_unref(c[i].notes[k]);
	}
}

static void draw_row(struct pdf *p, const struct doc_node *t,
                     struct cell_layout *c, double h, bool header)
{
	if (p->draw) {
		if (header) {
			gray(p, 0.9);
			cairo_rectangle(p->cr, MARGIN_X, p->y, BODY_W, h);
			cairo_fill(p->cr);
		}
		gray(p, 0.55);
		cairo_set_line_width(p->cr, 0.5);
		for (int i = 0; i < t->ncolumns; i++)
			cairo_rectangle(p->cr, col_x(t, i), p->y, col_w(t, i), h);
		cairo_stroke(p->cr);
	}
	for (int i = 0; i < t->ncolumns; i++) {
		double y = p->y + CELL_PAD;
		gray(p, 0.0);
		show(p, c[i].text, col_x(t, i) + CELL_PAD, y);
		y += height_of(c[i].text);
		gray(p, 0.35);
		for (int k = 0; k < DOC_MAX_NOTES; k++) {
			if (!c[i].notes[k])
				continue;
			show(p, c[i].notes[k], col_x(t, i) + CELL_PAD, y);
			y += height_of(c[i].notes[k]);
		}
	}
	gray(p, 0.0);
	p->y += h;
}

static double header_row(struct pdf *p, const struct doc_node *t, bool draw)
{
	struct cell_layout c[DOC_MAX_COLUMNS];
	double h = measure_row(p, t, NULL, c);
	if (draw)
		draw_row(p, t, c, h, true);
	free_row(t, c);
	return h;
}

/* A row too tall for any page: its cells one after the other, flowing. */
static void row_as_text(struct pdf *p, const struct doc_node *t,
                        const struct doc_row *row)
{
	for (int i = 0; i < t->ncolumns && !p->over; i++) {
		flow(p, t->columns[i], F_SMALL_BOLD, MARGIN_X, BODY_W);
		flow(p, row->cells[i].text, F_SMALL, MARGIN_X, BODY_W);
		for (int k = 0; k < DOC_MAX_NOTES; k++)
			if (row->cells[i].notes[k])
				flow(p, row->cells[i].notes[k], F_SMALL, MARGIN_X,
				     BODY_W);
	}
	p->y += 6;
}

static void table(struct pdf *p, const struct doc_node *t)
{
	double hh = header_row(p, t, false);
	double first = BLANK_ROW_H;
	if (t->rows) {
		struct cell_layout c[DOC_MAX_COLUMNS];
		first = measure_row(p, t, t->rows, c);
		free_row(t, c);
		if (first > BOTTOM - TOP - hh)
			first = 0;
	}
	heading(p, t->title, F_H3, hh + first);
	header_row(p, t, true);
	for (const struct doc_row *row = t->rows; row && !p->over; row = row->next) {
		struct cell_layout c[DOC_MAX_COLUMNS];
		double h = measure_row(p, t, row, c);
		if (h > BOTTOM - TOP - hh) {
			free_row(t, c);
			p->y += 4;
			row_as_text(p, t, row);
			continue;
		}
		if (p->y + h > BOTTOM) {
			new_page(p);
			header_row(p, t, true);
		}
		draw_row(p, t, c, h, false);
		free_row(t, c);
	}
	for (int k = 0; k < t->lines && !p->over; k++) {
		if (p->y + BLANK_ROW_H > BOTTOM) {
			new_page(p);
			header_row(p, t, true);
		}
		if (p->draw) {
			gray(p, 0.55);
			cairo_set_line_width(p->cr, 0.5);
			for (int i = 0; i < t->ncolumns; i++)
				cairo_rectangle(p->cr, col_x(t, i), p->y, col_w(t, i),
				                BLANK_ROW_H);
			cairo_stroke(p->cr);
			gray(p, 0.0);
		}
		p->y += BLANK_ROW_H;
	}
	p->y += 10;
}

static void ruled(struct pdf *p, const struct doc_node *n)
{
	PangoLayout *label = make(p, n->title, F_SMALL_BOLD, BODY_W);
	double lh = height_of(label);
	double whole = lh + n->lines * RULE_GAP;
	/* the label and its lines together, unless they need a page */
	need(p, whole < BOTTOM - TOP ? whole : lh + RULE_GAP);
	gray(p, 0.35);
	show(p, label, MARGIN_X, p->y);
	g_object_unref(label);
	p->y += lh;
	gray(p, 0.6);
	for (int i = 0; i < n->lines && !p->over; i++) {
		need(p, RULE_GAP);
		line(p, MARGIN_X, p->y + RULE_GAP - 2, PAGE_W - MARGIN_X,
		     p->y + RULE_GAP - 2, 0.5);
		p->y += RULE_GAP;
	}
	gray(p, 0.0);
	p->y += 8;
}

static void signatures(struct pdf *p, const struct doc_node *n)
{
	heading(p, n->title, F_H3, 60);
	for (int i = 0; i < n->lines && i < 8 && !p->over; i++) {
		need(p, 56);
		p->y += 34;
		gray(p, 0.2);
		line(p, MARGIN_X, p->y, MARGIN_X + BODY_W * 0.6, p->y, 0.6);
		p->y += 3;
		PangoLayout *c = make(p, n->captions[i], F_SMALL, BODY_W * 0.6);
		show(p, c, MARGIN_X, p->y);
		p->y += height_of(c);
		g_object_unref(c);
		gray(p, 0.0);
	}
	p->y += 8;
}

static void blocks(struct pdf *p, const struct doc_node *first, int depth)
{
	for (const struct doc_node *n = first; n && !p->over; n = n->next) {
		switch (n->kind) {
		case DOC_SECTION:
			heading(p, n->title, depth ? F_H3 : F_H2, 28);
			blocks(p, n->first, depth + 1);
			break;
		case DOC_PARAGRAPH:
			flow(p, n->text, F_BODY, MARGIN_X, BODY_W);
			p->y += 5;
			break;
		case DOC_NOTICE:
			notice(p, n);
			break;
		case DOC_FIELD:
			field(p, n);
			break;
		case DOC_LIST:
			list(p, n);
			break;
		case DOC_TABLE:
			table(p, n);
			break;
		case DOC_RULED:
			ruled(p, n);
			break;
		case DOC_SIGNATURES:
			signatures(p, n);
			break;
		case DOC_PAGE_BREAK:
			if (p->y > TOP)
				new_page(p);
			break;
		}
	}
}

/* One pass over the document onto surface s. */
static void pass(struct pdf *p, cairo_surface_t *s)
{
	p->cr = cairo_create(s);
	p->pc = pango_font_map_create_context(font_map);
	pango_cairo_update_context(p->cr, p->pc);
	pango_cairo_context_set_resolution(p->pc, 72.0);
	for (int i = 0; i < F_N; i++)
		p->fonts[i] = pango_font_description_from_string(font_names[i]);
	p->page = 0;
	p->over = false;
	new_page(p);
	flow(p, p->d->title, F_H1, MARGIN_X, BODY_W);
	p->y += 4;
	if (p->d->subtitle) {
		gray(p, 0.3);
		flow(p, p->d->subtitle, F_SMALL, MARGIN_X, BODY_W);
		gray(p, 0.0);
	}
	p->y += 10;
	blocks(p, p->d->root.first, 0);
	if (p->draw)
		cairo_show_page(p->cr);
	for (int i = 0; i < F_N; i++)
		pango_font_description_free(p->fonts[i]);
	g_object_unref(p->pc);
	cairo_destroy(p->cr);
}

static cairo_status_t discard(void *closure, const unsigned char *data,
                              unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t collect(void *closure, const unsigned char *data,
                              unsigned int len)
{
	return buf_append(closure, data, len) ? CAIRO_STATUS_SUCCESS
	                                      : CAIRO_STATUS_WRITE_ERROR;
}

enum doc_pdf_result doc_render_pdf(const struct doc *d,
                                   const struct doc_pdf_limits *limits,
                                   struct buf *out, int *pages)
{
	buf_init(out, limits->max_bytes);
	*pages = 0;
	enum doc_pdf_result result = DOC_PDF_OK;
	pthread_mutex_lock(&pdf_lock);
	if (!font_map) {
		/* fontconfig first, here: pango would otherwise load it on a
		 * thread of its own ("[pango] FcInit") and wait for it on a
		 * glib condition ThreadSanitizer cannot see */
		if (!FcInit()) {
			result = DOC_PDF_FAILED;
			goto out;
		}
		font_map = pango_cairo_font_map_new();
	}
	struct pdf p = {.d = d, .max_pages = limits->max_pages};

	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(discard, NULL,
	                                                         PAGE_W, PAGE_H);
	pass(&p, s);
	cairo_surface_destroy(s);
	if (p.over) {
		result = DOC_PDF_TOO_MANY_PAGES;
		goto out;
	}
	p.total = p.page;
	p.draw = true;
	s = cairo_pdf_surface_create_for_stream(collect, out, PAGE_W, PAGE_H);
	if (d->pdf_title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
		                               d->pdf_title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "samplan");
	pass(&p, s);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (buf_failed(out))
		result = DOC_PDF_TOO_LARGE;
	else if (st != CAIRO_STATUS_SUCCESS)
		result = DOC_PDF_FAILED;
	*pages = p.total;
out:
	pthread_mutex_unlock(&pdf_lock);
	if (result != DOC_PDF_OK) {
		buf_free(out);
		*pages = 0;
	}
	return result;
}

void doc_render_pdf_shutdown(void)
{
	pthread_mutex_lock(&pdf_lock);
	if (font_map) {
		g_object_unref(font_map);
		font_map = NULL;
		/* cairo keeps its own font caches; fontconfig's go last */
		cairo_debug_reset_static_data();
		FcFini();
	}
	pthread_mutex_unlock(&pdf_lock);
}
