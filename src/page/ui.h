/*
 * ui.h — form widgets and small building blocks for pages.
 *
 * Every field is a <label> bound to its control; an error is shown next
 * to the field (aria-describedby, aria-invalid) and summarised at the top
 * of the form with links to the fields (ui_error_summary). Values are
 * always escaped. Field ids are "f-" + name.
 */
#ifndef SAMPLAN_UI_H
#define SAMPLAN_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "base/problem.h"
#include "http/request.h"

struct ui_option {
	const char *value;
	const char *label;
};

/* A form's opening tag with the CSRF token; method POST. */
void ui_form_begin(struct request *r, const char *action);
void ui_form_begin_multipart(struct request *r, const char *action);
void ui_form_end(struct request *r);
/* Only the hidden CSRF input (for forms opened by hand). */
void ui_csrf(struct request *r);

/* What the user typed in field `name` of the posted form f — also when
 * the door refused it (then the raw text, if it is text at all), so a
 * refused form keeps what was written. */
struct form;
const char *ui_typed(struct request *r, const struct form *f,
                     const char *name);

/* "Rätta följande" box linking to each field in error. labels is a
 * NULL-terminated list of {field, label} pairs for naming the fields. */
void ui_error_summary(struct request *r, const struct problem *p,
                      const struct ui_option *labels);

enum ui_flags {
	UI_REQUIRED = 1,
	UI_AUTOFOCUS = 2,
	UI_PASSWORD = 4,
	UI_DATE = 8,
	UI_EMAIL = 16,
	UI_TEL = 32,
	UI_TIME = 64,
	UI_NUMBER = 128,
};

/* <input> with label, optional hint and the field's error. */
void ui_input(struct request *r, const char *name, const char *label,
              const char *value, const char *hint, unsigned flags,
              const char *autocomplete);
void ui_textarea(struct request *r, const char *name, const char *label,
                 const char *value, const char *hint, unsigned flags, int rows);
/* <select>; `selected` matches an option's value; an empty first option
 * ("Välj...") when placeholder is non-NULL. */
void ui_select(struct request *r, const char *name, const char *label,
               const struct ui_option *options, int noptions,
               const char *selected, const char *placeholder, unsigned flags);
void ui_checkbox(struct request *r, const char *name, const char *label,
                 bool checked, const char *hint);
/* A fieldset of checkboxes with the same name; checked[i] per option. */
void ui_checkbox_group(struct request *r, const char *name, const char *legend,
                       const struct ui_option *options, int noptions,
                       const bool *checked, const char *hint);
/* A fieldset of radio buttons. */
void ui_radio_group(struct request *r, const char *name, const char *legend,
                    const struct ui_option *options, int noptions,
                    const char *selected, const char *hint);
void ui_submit(struct request *r, const char *label);
void ui_hidden(struct request *r, const char *name, const char *value);

/* Several forms on one page with the same field names (a "note" in
 * each): within a scope, ids become "f-SCOPE-NAME" (labels, hints,
 * errors and the error summary's links follow); names stay as they
 * are. Returns the previous scope, to restore after the form:
 *     const char *was = ui_id_scope("close"); ... ui_id_scope(was);
 * NULL is no scope. */
const char *ui_id_scope(const char *scope);

/* The error for something that is not one control — a list of rows
 * ("goals") — where the list begins: an anchor the error summary links
 * to, and the message when there is one. */
void ui_field_error(struct request *r, const char *name);

/* A small label: <span class="badge KIND">text</span> (kind may be
 * NULL). Its words carry the meaning; colour only repeats it. */
void ui_badge(struct request *r, const char *kind, const char *text);

/* A column header of a table: <th scope="col">label</th>. */
void ui_th(struct request *r, const char *label);

/* Opens the wrapper of a table that may be wider than the screen:
 * <div class="table-wrap" role="region" tabindex="0" aria-labelledby=…>.
 * A region that scrolls must take keyboard focus, or a keyboard user
 * cannot reach its right-hand columns (WCAG 2.1.1); labelledby names it
 * (the id of its heading or caption). Close with </div>. */
void ui_table_region(struct request *r, const char *labelledby);

/* A link styled as a button (<a class="button">). */
void ui_link_button(struct request *r, const char *href, const char *label);

/* "2026-11-23 14:05" in local time for a Unix time; "–" for 0. */
const char *ui_datetime(struct request *r, int64_t unix_seconds);
const char *ui_date(struct request *r, int64_t unix_seconds);
/* text kept left to right inside a right-to-left sentence (Arabic,
 * Farsi): an ISO date, a time. Without it the bidirectional algorithm
 * shows 2026-12-15 as 15-12-2026 there. Wrapped in an isolate (U+2066
 * LRI ... U+2069 PDI) for those languages, as it is for the rest.
 * ui_date and ui_datetime do this themselves. */
const char *ui_ltr(struct request *r, const char *text);

#endif
