/*
 * followup.test.js — step 6 through the pages (src/sip/follow_up.h):
 * eva follows up a plan with a result per goal and per intervention,
 * bo reports his own principal's part, eva concludes with a revision,
 * the revision is a proposal until the individual's approval is
 * recorded on its page, and versions 1 and 2 are compared side by side;
 * every page with axe at 1280 px and at 375 px (no sideways scrolling).
 *
 * The plan is this file's own: a new person, established through the
 * JSON API from eva's session (the steps before the follow-up are
 * sip.test.js's to test through the pages), so no other test's plan is
 * touched.
 */
'use strict';

const { test, run, BASE_URL, day, madeUpPersonnummer, DEMO_PASSWORD, session, api } = require('./lib');

const GIVEN = 'Vera';

const made = { plan: null, established: false, followedUp: false, revised: false };

function needs(t, what, why) {
	if (!made[what])
		t.skip(`an earlier step did not get as far (${why})`);
}

/* ---- the pages ---- */

async function login(t, username) {
	await t.goto('/login');
	await t.page.getByLabel(/^Användarnamn/).fill(username);
	await t.page.getByLabel(/^Lösenord/).fill(DEMO_PASSWORD);
	await Promise.all([
		t.page.waitForNavigation({ waitUntil: 'load' }),
		t.page.getByLabel(/^Lösenord/).press('Enter'),
	]);
	t.equal(t.path(), '/', `${username} lands on the start page after login`);
}

function group(scope, legend) {
	return scope.getByRole('group', { name: legend });
}

async function expectNoErrors(t, what) {
	const summary = await t.text('.error-summary');
	t.ok(!summary, `${what}: the page shows errors: ${summary.replace(/\s+/g, ' ')}`);
	t.ok(t.status() < 400, `${what}: HTTP ${t.status()} at ${t.path()}`);
}

/* The page is audited wide, then at 375 px, where nothing may scroll
 * sideways. */
async function auditBoth(t, label) {
	await t.page.setViewportSize({ width: 1280, height: 900 });
	await t.audit(`${label}, 1280 px`);
	await t.page.setViewportSize({ width: 375, height: 740 });
	const wide = await t.page.evaluate(() => document.documentElement.scrollWidth);
	t.ok(wide <= 375, `${label} is ${wide} px wide at 375 px`);
	await t.audit(`${label}, 375 px`);
	await t.page.setViewportSize({ width: 1280, height: 900 });
}

function planPath(suffix = '') {
	return `/plans/${made.plan}${suffix}`;
}

/* ---- 1. a plan to follow up ---- */

test('eva: a plan established through the API, to follow up', async (t) => {
	const s = await session('eva');
	t.ok(s.csrf, 'eva has a session with a CSRF token');
	const person = await api(s, 'POST', '/api/v1/persons', {
		personnummer: madeUpPersonnummer(1986), given_name: GIVEN, family_name: 'Uppföljd',
		city: 'Ludvika',
	});
	t.equal(person.status, 201, `person: ${JSON.stringify(person.json)}`);
	const principals = (await api(s, 'GET', '/api/v1/principals')).json;
	const principalId = (name) => principals.find((p) => p.name === name).id;
	const ids = [principalId('Region Dalarna'), principalId('Ludvika kommun')];
	const units = (await api(s, 'GET', '/api/v1/units')).json;
	const unitId = (hsa) => units.find((u) => u.hsa_id === hsa).id;
	const vpl = unitId('SE2321000180-VPL1');
	const spb = unitId('SE2120000837-SPB1');
	let r = await api(s, 'POST', '/api/v1/plans', {
		person_id: person.json.id, initiated_by: 'professional',
		need_professional: 'Behöver samordnat stöd.', principal_ids: ids,
	});
	t.equal(r.status, 201, `plan: ${JSON.stringify(r.json)}`);
	made.plan = r.json.id;
	const path = `/api/v1/plans/${made.plan}`;
	r = await api(s, 'POST', `${path}/consents`, {
		given_by: 'individual', form: 'written', valid_until: day(365),
		scopes: ['health', 'social'], recipient_ids: ids,
	});
	t.equal(r.status, 201, `consent: ${JSON.stringify(r.json)}`);
	r = await api(s, 'POST', `${path}/preparation`, { purpose: 'Samordna stödet.', participation: 'whole' });
	t.equal(r.status, 200, 'preparation');
	r = await api(s, 'POST', `${path}/meetings`, {
		date: day(0), start_time: '09:00', duration_minutes: 60, place: 'Mottagningen', purpose: 'SIP-möte',
	});
	t.equal(r.status, 201, 'meeting');
	const meeting = r.json.meetings[0].id;
	r = await api(s, 'POST', `${path}/invitations`, { meeting_id: meeting, invitations: [{ unit_id: spb }] });
	t.equal(r.status, 201, 'invitations');
	/* eva coordinates: her id from /api/v1/me. */
	const me = (await api(s, 'GET', '/api/v1/me')).json;
	r = await api(s, 'POST', `${path}/establish`, {
		meeting_id: meeting, participants: [{ name: GIVEN }, { name: 'Eva Lind' }],
		chair: 'Eva Lind', secretary: 'Bo Berg', situation: 'Studerar.', wishes: 'Klara examen.',
		needs: 'Rutiner.', crisis_plan: 'Ring 1177.',
		goals: [{ kind: 'overall', text: 'Klara examen' }, { kind: 'sub', text: 'Sova bättre' }],
		interventions: [
			{ goal: 1, what: 'KBT-samtal', responsible_kind: 'region_unit', responsible_unit_id: vpl,
				timing: 'Varje vecka' },
			{ goal: 2, what: 'Boendestöd med kvällsrutiner', responsible_kind: 'municipality_unit',
				responsible_unit_id: spb, timing: 'Omgående' },
		],
		coordinator_user_id: me.id,
		follow_up_date: day(90), follow_up_place: 'Mottagningen', individual_approved: true,
	});
	t.equal(r.status, 201, `established: ${JSON.stringify(r.json).slice(0, 400)}`);
	made.established = r.status === 201;
});

/* ---- 2. the follow-up, through the pages ---- */

test('eva: starts the follow-up and records a result per goal and intervention', async (t) => {
	needs(t, 'established', 'no plan');
	await login(t, 'eva');
	const p = t.page;
	await t.goto(planPath());
	/* Without a reason the plan page says what to fix. */
	const start = p.locator('form[action$="/follow-up"]');
	await t.clickAndWait(start.getByRole('button', { name: 'Starta uppföljning' }));
	t.equal(t.status(), 200, 'starting without a reason is refused: the plan page again (Post/Redirect/Get)');
	t.equal(t.path(), planPath(), 'no resubmit on reload: the address is the plan page');
	t.match(await t.text('.error-summary'), /Ange varför planen följs upp nu/);
	await t.audit('follow-up refused (error summary)');
	await group(p.locator('form[action$="/follow-up"]'), /Varför följs planen upp nu/)
		.getByLabel('Planerad uppföljning').check();
	await t.clickAndWait(p.locator('form[action$="/follow-up"]').getByRole('button', { name: 'Starta uppföljning' }));
	await expectNoErrors(t, 'starting the follow-up');
	await t.clickAndWait(p.getByRole('link', { name: 'Registrera uppföljningen' }));
	t.equal(t.path(), planPath('/follow-up'));
	t.equal(await t.text('main h1'), `Uppföljning – ${GIVEN} Uppföljd`);
	await auditBoth(t, 'the follow-up form');

	const form = p.locator('form[action$="/follow-up/results"]');
	await form.getByLabel(`Hur mår ${GIVEN}?`).fill('Sover bättre, orkar mer.');
	await group(form, /Behövs fortsatt samordning/).getByLabel('Ja').check();
	await group(group(form, /Övergripande mål: Klara examen/), 'Resultat').getByLabel('Delvis uppnått').check();
	await group(group(form, /Delmål: Sova bättre/), 'Resultat').getByLabel('Uppnått', { exact: true }).check();
	const kbt = group(form, /KBT-samtal/);
	await group(kbt, 'Genomförd?').getByLabel('Inte genomförd').check();
	/* Not done needs a why: refused, the message at the field. */
	await t.clickAndWait(form.getByRole('button', { name: 'Spara uppföljningen' }));
	t.equal(t.status(), 200, 'not done without why is refused: the form again (Post/Redirect/Get)');
	t.equal(t.path(), planPath('/follow-up'), 'the address is the form\'s: a reload asks nothing');
	t.match(await t.text('.error-summary'), /Beskriv varför insatsen inte blev genomförd/);
	await t.audit('follow-up form refused (error summary)');
	const again = p.locator('form[action$="/follow-up/results"]');
	await group(again, /KBT-samtal/).getByLabel('Varför inte, eller bara delvis?').fill('Väntetid på terapeut.');
	await t.clickAndWait(again.getByRole('button', { name: 'Spara uppföljningen' }));
	await expectNoErrors(t, 'the follow-up results');
	t.match(await t.text('main'), /Uppföljningen är sparad/);
	made.followedUp = true;
});

test('bo: reports his own principal\'s part, and only that', async (t) => {
	needs(t, 'followedUp', 'no follow-up');
	await login(t, 'bo');
	const p = t.page;
	await t.goto(planPath('/follow-up'));
	t.equal(t.status(), 200);
	const form = p.locator('form[action$="/follow-up/results"]');
	t.equal(await group(form, /KBT-samtal/).count(), 0, 'the region\'s intervention is not bo\'s to report');
	t.equal(await form.getByText(/Övergripande mål/).count(), 0, 'the goals are the coordinator\'s');
	await group(group(form, /Boendestöd med kvällsrutiner/), 'Genomförd?').getByLabel('Genomförd som planerat').check();
	await form.getByLabel('Ludvika kommun redovisar sin del').fill('Kvällsrutinerna fungerar.');
	await auditBoth(t, 'the follow-up form (bo)');
	await t.clickAndWait(form.getByRole('button', { name: 'Spara uppföljningen' }));
	await expectNoErrors(t, 'bo\'s report');
});

/* ---- 3. the outcome: a revision, a proposal until approved ---- */

test('eva: concludes with a revision; version 2 is a proposal until the approval', async (t) => {
	needs(t, 'followedUp', 'no follow-up');
	await login(t, 'eva');
	const p = t.page;
	await t.goto(planPath('/follow-up'));
	const conclude = p.locator('form[action$="/follow-up/conclude"]');
	await group(conclude, 'Hur planen går vidare').getByLabel('Fortsätt med en reviderad plan').check();
	await t.clickAndWait(conclude.getByRole('button', { name: 'Avsluta uppföljningen' }));
	t.equal(t.status(), 200, 'the next date and place are required: the form again');
	t.equal(t.path(), planPath('/follow-up'));
	t.match(await t.text('.error-summary'), /Ange datum för nästa uppföljning/);
	const c2 = p.locator('form[action$="/follow-up/conclude"]');
	await group(c2, 'Hur planen går vidare').getByLabel('Fortsätt med en reviderad plan').check();
	await c2.getByLabel('Datum för nästa uppföljning').fill(day(120));
	await c2.getByLabel('Plats för nästa uppföljning').fill('Mottagningen');
	await t.clickAndWait(c2.getByRole('button', { name: 'Avsluta uppföljningen' }));
	t.equal(t.path(), planPath('/revise'), 'revise goes on to the revise form');
	await p.locator('[name="interventions[0].timing"]').fill('Två gånger i veckan');
	await p.locator('[name="change_reason"]').fill('Tätare samtal medan väntetiden varar.');
	await p.locator('[name="follow_up_date"]').fill(day(120));
	await Promise.all([
		p.waitForNavigation({ waitUntil: 'load' }),
		p.locator('form[action$="/revise"]').evaluate((f) => f.requestSubmit()),
	]);
	await expectNoErrors(t, 'the revision');
	t.match(await t.text('main'), /Förslag – väntar på godkännande/);
	t.match(await t.text('main'), /Version 2 är ett förslag\. Version 1 gäller/);
	await auditBoth(t, 'the plan with a proposal');
	made.revised = true;
});

test(`eva: records ${GIVEN}'s approval; version 2 is in force`, async (t) => {
	needs(t, 'revised', 'no revision');
	await login(t, 'eva');
	const p = t.page;
	await t.goto(planPath());
	await t.clickAndWait(p.getByRole('link', { name: 'Registrera den enskildes godkännande' }));
	t.equal(t.path(), planPath('/approval'));
	await auditBoth(t, 'the approval form');
	const form = p.locator('form[action$="/approval"]');
	await t.clickAndWait(form.getByRole('button', { name: 'Registrera godkännandet' }));
	t.equal(t.status(), 200, 'who approved is required: the form again');
	t.equal(t.path(), planPath('/approval'));
	t.match(await t.text('.error-summary'), /Ange vem som godkände planen/);
	await t.audit('approval refused (error summary)');
	const f2 = p.locator('form[action$="/approval"]');
	await group(f2, 'Vem godkände planen').getByLabel('Den enskilde').check();
	await group(f2, 'Hur godkännandet gavs').getByLabel('Vid möte').check();
	await t.clickAndWait(f2.getByRole('button', { name: 'Registrera godkännandet' }));
	await expectNoErrors(t, 'the approval');
	t.match(await t.text('main'), /Godkännandet är registrerat/);
	t.match(await t.text('main'), new RegExp(`Godkänd ${day(0)} av Den enskilde`));
	t.equal(await p.getByRole('link', { name: 'Registrera den enskildes godkännande' }).count(), 0);
	await auditBoth(t, 'the plan with version 2 in force');
});

test('eva: versions 1 and 2 compared side by side', async (t) => {
	needs(t, 'revised', 'no revision');
	await login(t, 'eva');
	const p = t.page;
	await t.goto(planPath('/versions/compare?from=1&to=2'));
	t.equal(t.status(), 200);
	t.match(await t.text('main h1'), /version 1 jämförd med version 2/);
	t.match(await t.text('main'), /Ändrade: 1/);
	const table = p.getByRole('table', { name: 'Insatser: vad som görs och vem som ansvarar' });
	t.equal(await table.count(), 1);
	t.match(await table.innerText(), /Två gånger i veckan/);
	await auditBoth(t, 'versions 1 and 2 compared');
});

run();
