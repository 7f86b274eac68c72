/*
 * rows.h — the nested lists of establishing or revising a plan (goals,
 * interventions, the meeting's participants), each shape defined once
 * and read by name, for the pages and the API alike.
 *
 * A shape is a list name and a field table of its columns. Row i's
 * column c is the input field "list[i].c": an HTML form posts it by that
 * name, and a JSON body's array "list" holds it as member c of element
 * i (http/input.h reads both the same way). How many rows there are
 * comes from the input too (input_rows). The domain names its errors
 * the same way ("interventions[2].timing").
 *
 * The page's blank rows are skipped (skip_empty); the API takes every
 * row it is sent. Either way row_of[k] says which input row the domain's
 * entry k came from, so the domain's errors can be named after the row
 * people typed in.
 */
#ifndef SAMPLAN_FORM_ROWS_H
#define SAMPLAN_FORM_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "http/input.h"
#include "sip/plan.h"

struct row_shape {
	const char *list;         /* "goals" */
	const struct field *cols; /* the columns, by name */
	size_t ncols;
	int max;                  /* the most rows the domain takes */
};

/* goals[i]: kind, text.
 * interventions[i]: goal (1-based: the goal row it belongs to), what,
 *   responsible_kind and responsible_unit_id — or who, the two in one
 *   value as the pages' menu sends it ("KIND" or "KIND:UNIT_ID"; the
 *   separate columns win when given), also_responsible (a list of such
 *   values: who else is responsible), responsible_name, contact_name,
 *   frequency, timing, start_date, end_date.
 * participants[i]: present (a page's tick on an invited unit's row),
 *   invitation_id, unit_id, name, role.
 * invitations[i]: unit_id (a unit in samplan), or external_name,
 *   external_organisation, external_contact and channel (a party
 *   outside samplan); professional_ids (a list: users of the unit named
 *   in its invitation). */
extern const struct row_shape goal_shape, intervention_shape,
	participant_shape, invitation_shape;

struct form_rows {
	const struct row_shape *shape;
	int n;         /* rows read */
	struct form f; /* "list[i].col" for i < n, row after row */
};

/* Read the rows of shape s from r's input, with the door checks of
 * form_read (errors under "list[i].col" in p); too many rows, or a list
 * that is not a list, is an error on "list". False on any error; *out
 * is usable either way (values that failed read as absent). */
bool form_rows_read(struct request *r, struct problem *p,
                    const struct row_shape *s, struct form_rows *out);

/* Row i's column col (a name of the shape's; asserted), and its index
 * in out->f.values. */
const struct form_value *form_rows_value(const struct form_rows *x, int i,
                                         const char *col);
size_t form_rows_index(const struct form_rows *x, int i, const char *col);

/* The domain's lists from the rows, in the arena; each returns how many
 * and sets *row_of (the input row of each). skip_empty leaves out rows
 * nothing was written in: a goal without text, an intervention without
 * any text, a free participant without name or role and an invited one
 * not ticked present. */
int goal_inputs_from(struct arena *a, const struct form_rows *x,
                     bool skip_empty, struct goal_input **out, int **row_of);
/* goal_of_row (may be NULL: the goal column is taken as it is) maps a
 * 1-based goal row to the 1-based index among the goals kept, 0 for a
 * goal row left out. */
int intervention_inputs_from(struct arena *a, const struct form_rows *x,
                             const int *goal_of_row, int ngoal_rows,
                             bool skip_empty, struct intervention_input **out,
                             int **row_of);
int participant_inputs_from(struct arena *a, const struct form_rows *x,
                            bool skip_empty, struct participant_input **out,
                            int **row_of);
/* skip_empty leaves out a row with neither a unit nor anything written
 * about a party outside samplan. */
int invitation_inputs_from(struct arena *a, const struct form_rows *x,
                           bool skip_empty, struct invitation_input **out,
                           int **row_of);

#endif
