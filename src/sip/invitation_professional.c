/*
 * invitation_professional.c — professionals named in an invitation to
 * their unit (see plan_internal.h): checked to be active members of the
 * invited unit, stored, and each with an address sent the written
 * invitation (invitation_mail.c) in the transaction of the invitation,
 * once every invitation of the sending is stored (so the .ics of each
 * mail names every party invited).
 */
#include "base/limits.h"
#include "sip/plan_internal.h"
#include "store/db.h"

enum { PROFESSIONALS_MAX = 20 };

bool invitation_professionals_check(struct ctx *ctx,
                                    const struct invitation_input *in, int i)
{
	const char *field = arena_printf(ctx->arena,
	                                 "invitations[%d].professional_ids", i);
	if (in->nprofessionals == 0)
		return true;
	if (!in->unit_id)
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Yrkespersoner kan bara namnges i en "
		                            "kallelse till en enhet i samplan."));
	if (in->nprofessionals > PROFESSIONALS_MAX)
		return problem_field(ctx->problem, ctx->arena, field,
		                     T(ctx, "Namnge högst %d yrkespersoner per "
		                            "enhet."), PROFESSIONALS_MAX);
	for (int k = 0; k < in->nprofessionals; k++) {
		struct stmt s;
		db_prepare(ctx->db, &s,
			"SELECT 1 FROM user_unit uu JOIN user_account u ON u.id ="
			" uu.user_id WHERE uu.user_id = ? AND uu.unit_id = ?"
			" AND u.active = 1");
		db_bind_int64(&s, 1, in->professional_ids[k]);
		db_bind_int64(&s, 2, in->unit_id);
		int rc = db_step(&s);
		db_finalize(&s);
		if (rc == DB_DONE)
			return problem_field(ctx->problem, ctx->arena, field, "%s",
			                     T(ctx, "Välj yrkespersoner som arbetar "
			                            "på den kallade enheten."));
		if (rc != DB_ROW)
			return ctx_db_failed(ctx, rc, "user unit");
		for (int j = 0; j < k; j++)
			if (in->professional_ids[j] == in->professional_ids[k])
				return problem_field(ctx->problem, ctx->arena, field,
				                     "%s", T(ctx, "Samma person är vald "
				                                  "två gånger."));
	}
	return true;
}

bool invitation_professionals_add(struct ctx *ctx, int64_t meeting_id,
                                  int64_t invitation_id,
                                  const struct invitation_input *in)
{
	for (int k = 0; k < in->nprofessionals; k++) {
		struct stmt s;
		db_prepare(ctx->db, &s,
			"INSERT INTO invitation_professional (invitation_id, user_id,"
			" meeting_id) VALUES (?, ?, ?)");
		db_bind_int64(&s, 1, invitation_id);
		db_bind_int64(&s, 2, in->professional_ids[k]);
		db_bind_int64(&s, 3, meeting_id);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	return true;
}

bool invitation_professionals_mail(struct ctx *ctx, int64_t meeting_id,
                                   int64_t invitation_id,
                                   const struct invitation_input *in,
                                   bool protected_identity)
{
	for (int k = 0; k < in->nprofessionals; k++)
		if (!invitation_mail_queue_user(ctx, meeting_id, invitation_id,
		                                in->professional_ids[k],
		                                protected_identity))
			return false;
	return true;
}
