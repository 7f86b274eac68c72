/*
 * ui.c — form widgets (see ui.h).
 */
#include "page/ui.h"

#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/text.h"
#include "http/html.h"
#include "http/input.h"

const char *ui_typed(struct request *r, const struct form *f,
                     const char *name)
{
	const char *v = form_text(f, name);
	if (v || !problem_field_message(&r->problem, name))
		return v;
	const char *raw = input_raw(r, name);
	return raw && text_utf8_valid(raw, strlen(raw)) ? raw : NULL;
}

void ui_csrf(struct request *r)
{
	if (!r->session_csrf)
		return;
	html_raw(r, "<input type=\"hidden\" name=\"csrf_token\" value=\"");
	html_attr(r, r->session_csrf);
	html_raw(r, "\">");
}

void ui_form_begin(struct request *r, const char *action)
{
	html_raw(r, "<form method=\"post\" action=\"");
	html_attr(r, action);
	html_raw(r, "\" novalidate>");
	ui_csrf(r);
}

void ui_form_begin_multipart(struct request *r, const char *action)
{
	html_raw(r, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"");
	html_attr(r, action);
	html_raw(r, "\" novalidate>");
	ui_csrf(r);
}

void ui_form_end(struct request *r) { html_raw(r, "</form>"); }

/* The id scope of ui_id_scope: per thread, because a request is built by
 * one worker thread from start to end and the scope is set and restored
 * around one form. NULL (the default) writes ids exactly as before. */
static _Thread_local const char *id_scope;

const char *ui_id_scope(const char *scope)
{
	const char *was = id_scope;
	id_scope = scope;
	return was;
}

/* The part of an id after "f-": [SCOPE-]NAME. */
static void id_attr(struct request *r, const char *name)
{
	if (id_scope) {
		html_attr(r, id_scope);
		html_raw(r, "-");
	}
	html_attr(r, name);
}

static const char *label_for(const struct ui_option *labels, const char *field)
{
	for (const struct ui_option *l = labels; l && l->value; l++)
		if (strcmp(l->value, field) == 0)
			return l->label;
	return NULL;
}

void ui_error_summary(struct request *r, const struct problem *p,
                      const struct ui_option *labels)
{
	if (!problem_any(p))
		return;
	/* autofocus (a global attribute) moves the focus here when the page
	 * loads, without a script: the summary comes before every field, so
	 * it wins over a field's own autofocus. */
	html_raw(r, "<div class=\"error-summary\" role=\"alert\" "
	            "aria-labelledby=\"error-summary-title\" tabindex=\"-1\" "
	            "autofocus><h2 id=\"error-summary-title\">");
	/* Without field errors the detail says what happened (a wrong
	 * password, a refused change): a heading that fits every form. */
	html_text(r, p->nfields ? tr(r->lang, "Rätta följande innan du sparar")
	                        : tr(r->lang, "Det finns ett problem"));
	html_raw(r, "</h2>");
	if (p->detail) {
		html_raw(r, "<p>");
		html_text(r, p->detail);
		html_raw(r, "</p>");
	}
	if (p->nfields) {
		html_raw(r, "<ul>");
		for (int i = 0; i < p->nfields; i++) {
			const char *label = label_for(labels, p->fields[i].field);
			html_raw(r, "<li><a href=\"#f-");
			id_attr(r, p->fields[i].field);
			html_raw(r, "\">");
			if (label) {
				html_text(r, tr(r->lang, label));
				html_raw(r, ": ");
			}
			html_text(r, p->fields[i].message);
			html_raw(r, "</a></li>");
		}
		html_raw(r, "</ul>");
	}
	html_raw(r, "</div>");
}

/* The error next to a field: <p id="f-NAME-error">, which the control's
 * aria-describedby names. "Fel:" is read out before the message, so a
 * screen reader user hears that it is an error, not a hint. */
static void error_message(struct request *r, const char *name, const char *err)
{
	html_raw(r, "<p class=\"error-message\" id=\"f-");
	id_attr(r, name);
	html_raw(r, "-error\"><span class=\"visually-hidden\">");
	html_text(r, tr(r->lang, "Fel:"));
	html_raw(r, "</span> ");
	html_text(r, err);
	html_raw(r, "</p>");
}

/* Label, hint and error before a control; returns the error (or NULL). */
static const char *field_head(struct request *r, const char *name,
                              const char *label, const char *hint,
                              unsigned flags)
{
	const char *err = problem_field_message(&r->problem, name);
	html_raw(r, err ? "<div class=\"field has-error\">" : "<div class=\"field\">");
	html_raw(r, "<label for=\"f-");
	id_attr(r, name);
	html_raw(r, "\">");
	html_text(r, label);
	if (flags & UI_REQUIRED) {
		html_raw(r, " <span class=\"required\">");
		html_text(r, tr(r->lang, "(obligatoriskt)"));
		html_raw(r, "</span>");
	}
	html_raw(r, "</label>");
	if (hint) {
		html_raw(r, "<p class=\"hint\" id=\"f-");
		id_attr(r, name);
		html_raw(r, "-hint\">");
		html_text(r, hint);
		html_raw(r, "</p>");
	}
	if (err)
		error_message(r, name, err);
	return err;
}

/* id, name, describedby, invalid and required attributes. */
static void control_attrs(struct request *r, const char *name, const char *hint,
                          const char *err, unsigned flags)
{
	html_raw(r, " id=\"f-");
	id_attr(r, name);
	html_raw(r, "\" name=\"");
	html_attr(r, name);
	html_raw(r, "\"");
	if (hint || err) {
		html_raw(r, " aria-describedby=\"");
		if (hint) {
			html_raw(r, "f-");
			id_attr(r, name);
			html_raw(r, "-hint");
		}
		if (err) {
			html_raw(r, hint ? " f-" : "f-");
			id_attr(r, name);
			html_raw(r, "-error");
		}
		html_raw(r, "\"");
	}
	if (err)
		html_raw(r, " aria-invalid=\"true\"");
	if (flags & UI_REQUIRED)
		html_raw(r, " required aria-required=\"true\"");
	if (flags & UI_AUTOFOCUS)
		html_raw(r, " autofocus");
}

void ui_input(struct request *r, const char *name, const char *label,
              const char *value, const char *hint, unsigned flags,
              const char *autocomplete)
{
	const char *err = field_head(r, name, label, hint, flags);
	const char *type = "text";
	if (flags & UI_PASSWORD)
		type = "password";
	else if (flags & UI_DATE)
		type = "date";
	else if (flags & UI_EMAIL)
		type = "email";
	else if (flags & UI_TEL)
		type = "tel";
	else if (flags & UI_TIME)
		type = "time";
	else if (flags & UI_NUMBER)
		type = "number";
	html_raw(r, "<input type=\"");
	html_attr(r, type);
	html_raw(r, "\"");
	control_attrs(r, name, hint, err, flags);
	if (autocomplete) {
		html_raw(r, " autocomplete=\"");
		html_attr(r, autocomplete);
		html_raw(r, "\"");
	}
	if (value && !(flags & UI_PASSWORD)) {
		html_raw(r, " value=\"");
		html_attr(r, value);
		html_raw(r, "\"");
	}
	html_raw(r, "></div>");
}

void ui_textarea(struct request *r, const char *name, const char *label,
                 const char *value, const char *hint, unsigned flags, int rows)
{
	const char *err = field_head(r, name, label, hint, flags);
	html_raw(r, "<textarea");
	control_attrs(r, name, hint, err, flags);
	html_raw(r, " rows=\"");
	html_int(r, rows > 0 ? rows : 4);
	html_raw(r, "\">");
	html_text(r, value);
	html_raw(r, "</textarea></div>");
}

void ui_select(struct request *r, const char *name, const char *label,
               const struct ui_option *options, int noptions,
               const char *selected, const char *placeholder, unsigned flags)
{
	const char *err = field_head(r, name, label, NULL, flags);
	html_raw(r, "<select");
	control_attrs(r, name, NULL, err, flags);
	html_raw(r, ">");
	if (placeholder) {
		html_raw(r, "<option value=\"\">");
		html_text(r, placeholder);
		html_raw(r, "</option>");
	}
	for (int i = 0; i < noptions; i++) {
		html_raw(r, "<option value=\"");
		html_attr(r, options[i].value);
		html_raw(r, "\"");
		if (selected && strcmp(selected, options[i].value) == 0)
			html_raw(r, " selected");
		html_raw(r, ">");
		html_text(r, options[i].label);
		html_raw(r, "</option>");
	}
	html_raw(r, "</select></div>");
}

void ui_checkbox(struct request *r, const char *name, const char *label,
                 bool checked, const char *hint)
{
	const char *err = problem_field_message(&r->problem, name);
	html_raw(r, err ? "<div class=\"field checkbox has-error\">"
	                : "<div class=\"field checkbox\">");
	if (err)
		error_message(r, name, err);
	html_raw(r, "<input type=\"checkbox\" value=\"1\"");
	control_attrs(r, name, hint, err, 0);
	if (checked)
		html_raw(r, " checked");
	html_raw(r, "><label for=\"f-");
	id_attr(r, name);
	html_raw(r, "\">");
	html_text(r, label);
	html_raw(r, "</label>");
	if (hint) {
		html_raw(r, "<p class=\"hint\" id=\"f-");
		id_attr(r, name);
		html_raw(r, "-hint\">");
		html_text(r, hint);
		html_raw(r, "</p>");
	}
	html_raw(r, "</div>");
}

static void group(struct request *r, const char *type, const char *name,
                  const char *legend, const struct ui_option *options,
                  int noptions, const bool *checked, const char *selected,
                  const char *hint)
{
	const char *err = problem_field_message(&r->problem, name);
	html_raw(r, err ? "<fieldset class=\"field group has-error\" id=\"f-"
	                : "<fieldset class=\"field group\" id=\"f-");
	id_attr(r, name);
	html_raw(r, "\"");
	if (hint || err) {
		html_raw(r, " aria-describedby=\"");
		if (hint) {
			html_raw(r, "f-");
			id_attr(r, name);
			html_raw(r, "-hint");
		}
		if (err) {
			html_raw(r, hint ? " f-" : "f-");
			id_attr(r, name);
			html_raw(r, "-error");
		}
		html_raw(r, "\"");
	}
	html_raw(r, "><legend>");
	html_text(r, legend);
	html_raw(r, "</legend>");
	if (hint) {
		html_raw(r, "<p class=\"hint\" id=\"f-");
		id_attr(r, name);
		html_raw(r, "-hint\">");
		html_text(r, hint);
		html_raw(r, "</p>");
	}
	if (err)
		error_message(r, name, err);
	for (int i = 0; i < noptions; i++) {
		bool on = checked ? checked[i]
		                  : (selected && strcmp(selected, options[i].value) == 0);
		html_raw(r, "<div class=\"choice\"><input type=\"");
		html_attr(r, type);
		html_raw(r, "\" name=\"");
		html_attr(r, name);
		html_raw(r, "\" id=\"f-");
		id_attr(r, name);
		html_raw(r, "-");
		html_int(r, i);
		html_raw(r, "\" value=\"");
		html_attr(r, options[i].value);
		html_raw(r, on ? "\" checked>" : "\">");
		html_raw(r, "<label for=\"f-");
		id_attr(r, name);
		html_raw(r, "-");
		html_int(r, i);
		html_raw(r, "\">");
		html_text(r, options[i].label);
		html_raw(r, "</label></div>");
	}
	html_raw(r, "</fieldset>");
}

void ui_checkbox_group(struct request *r, const char *name, const char *legend,
                       const struct ui_option *options, int noptions,
                       const bool *checked, const char *hint)
{
	group(r, "checkbox", name, legend, options, noptions, checked, NULL, hint);
}

void ui_radio_group(struct request *r, const char *name, const char *legend,
                    const struct ui_option *options, int noptions,
                    const char *selected, const char *hint)
{
	group(r, "radio", name, legend, options, noptions, NULL, selected, hint);
}

void ui_submit(struct request *r, const char *label)
{
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" class=\"button\">");
	html_text(r, label);
	html_raw(r, "</button></div>");
}

void ui_hidden(struct request *r, const char *name, const char *value)
{
	html_raw(r, "<input type=\"hidden\" name=\"");
	html_attr(r, name);
	html_raw(r, "\" value=\"");
	html_attr(r, value);
	html_raw(r, "\">");
}

void ui_field_error(struct request *r, const char *name)
{
	const char *err = problem_field_message(&r->problem, name);
	if (!err)
		return;
	html_raw(r, "<div class=\"field has-error\" id=\"f-");
	id_attr(r, name);
	html_raw(r, "\" tabindex=\"-1\">");
	error_message(r, name, err);
	html_raw(r, "</div>");
}

void ui_badge(struct request *r, const char *kind, const char *text)
{
	html_raw(r, "<span class=\"badge");
	if (kind) {
		html_raw(r, " ");
		html_attr(r, kind);
	}
	html_raw(r, "\">");
	html_text(r, text);
	html_raw(r, "</span>");
}

void ui_link_button(struct request *r, const char *href, const char *label)
{
	html_raw(r, "<a class=\"button\" href=\"");
	html_attr(r, href);
	html_raw(r, "\">");
	html_text(r, label);
	html_raw(r, "</a>");
}

const char *ui_ltr(struct request *r, const char *text)
{
	if (!text || strcmp(i18n_dir(r->lang), "rtl") != 0)
		return text;
	return arena_printf(&r->arena, "\xe2\x81\xa6%s\xe2\x81\xa9", text);
}

static const char *format_time(struct request *r, int64_t t, bool with_time)
{
	if (!t)
		return "–";
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	return ui_ltr(r, with_time
		? arena_printf(&r->arena, "%04d-%02d-%02d %02d:%02d",
		               tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		               tm.tm_hour, tm.tm_min)
		: arena_printf(&r->arena, "%04d-%02d-%02d", tm.tm_year + 1900,
		               tm.tm_mon + 1, tm.tm_mday));
}

const char *ui_datetime(struct request *r, int64_t t)
{
	return format_time(r, t, true);
}

const char *ui_date(struct request *r, int64_t t)
{
	return format_time(r, t, false);
}

void ui_table_region(struct request *r, const char *labelledby)
{
	html_raw(r, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	            "aria-labelledby=\"");
	html_attr(r, labelledby);
	html_raw(r, "\">");
}

void ui_th(struct request *r, const char *label)
{
	html_raw(r, "<th scope=\"col\">");
	html_text(r, label);
	html_raw(r, "</th>");
}
