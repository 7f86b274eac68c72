/*
 * deviation.test.js — deviations in the collaboration through the pages
 * (src/sip/deviation.h, issue 12): eva's plan invites bo's unit, which
 * never answers; the plan is established at the meeting, so the plan
 * page suggests a deviation; eva opens the suggestion, is refused once
 * without a description (error summary, focus on it), and reports it;
 * bo's unit finds it on its start page and takes it through received,
 * investigating and answered to closed with measures; eva follows the
 * progress. axe (WCAG 2.1 A/AA) on each page, with the keyboard for the
 * report form.
 *
 * The plan is this file's own, a new person set up through the JSON API
 * from eva's browser session (the steps before are sip.test.js's to
 * test through the pages); no demo data is touched.
 */
'use strict';

const { test, run, day, madeUpPersonnummer } = require('./lib');

const DEMO_PASSWORD = 'samplan-demo-2026';
const GIVEN = 'Disa';
const made = { plan: null, deviation: null, closed: false };

function needs(t, what, why) {
	if (!made[what])
		t.skip(`an earlier step did not get as far (${why})`);
}

async function login(t, who) {
	const resp = await t.login(who, DEMO_PASSWORD);
	t.equal(resp.status(), 200, `${who} is logged in`);
}

/* The JSON API on the browser's own session: its cookie, and the CSRF
 * token of its pages. */
async function apiOf(t) {
	await t.goto('/account');
	const csrf = await t.page.locator('input[name=csrf_token]').first().getAttribute('value');
	return async (method, p, body) => {
		const r = await t.page.request.fetch(t.url(p), {
			method, headers: { 'X-CSRF-Token': csrf }, data: body,
		});
		return { status: r.status(), json: await r.json() };
	};
}

test('eva: a plan whose invited unit never answered, established at the meeting', async (t) => {
	await login(t, 'eva');
	const api = await apiOf(t);
	const person = await api('POST', '/api/v1/persons', {
		personnummer: madeUpPersonnummer(1984), given_name: GIVEN, family_name: 'Avvikelse',
	});
	t.equal(person.status, 201, `person: ${JSON.stringify(person.json)}`);
	const principals = (await api('GET', '/api/v1/principals')).json;
	const ids = ['Region Dalarna', 'Ludvika kommun']
		.map((name) => principals.find((p) => p.name === name).id);
	const units = (await api('GET', '/api/v1/units')).json;
	const unitId = (hsa) => units.find((u) => u.hsa_id === hsa).id;
	const vpl = unitId('SE2321000180-VPL1');
	const spb = unitId('SE2120000837-SPB1');
	let r = await api('POST', '/api/v1/plans', {
		person_id: person.json.id, initiated_by: 'professional',
		need_professional: 'Behöver samordnat stöd.', principal_ids: ids,
	});
	t.equal(r.status, 201, `plan: ${JSON.stringify(r.json)}`);
	const base = `/api/v1/plans/${r.json.id}`;
	r = await api('POST', `${base}/consents`, {
		given_by: 'individual', form: 'written', valid_until: day(365),
		scopes: ['health', 'social'], recipient_ids: ids,
	});
	t.equal(r.status, 201, 'consent');
	r = await api('POST', `${base}/preparation`, { purpose: 'Samordna stödet.', participation: 'whole' });
	t.equal(r.status, 200, 'preparation');
	r = await api('POST', `${base}/meetings`, {
		date: day(0), start_time: '09:00', duration_minutes: 60, place: 'Mottagningen', purpose: 'SIP-möte',
	});
	t.equal(r.status, 201, 'meeting');
	const meeting = r.json.meetings[0].id;
	r = await api('POST', `${base}/invitations`, { meeting_id: meeting, invitations: [{ unit_id: spb }] });
	t.equal(r.status, 201, 'bo\'s unit invited');
	const me = (await api('GET', '/api/v1/me')).json;
	r = await api('POST', `${base}/establish`, {
		meeting_id: meeting, participants: [{ name: GIVEN }, { name: 'Eva Lind' }],
		chair: 'Eva Lind', secretary: 'Eva Lind', situation: 'Bor själv.', wishes: 'Klara vardagen.',
		needs: 'Stöd.', crisis_plan: 'Ring 1177.', goals: [{ kind: 'overall', text: 'Klara vardagen' }],
		interventions: [{ goal: 1, what: 'Samtal', responsible_kind: 'region_unit',
			responsible_unit_id: vpl, timing: 'Varje vecka' }],
		coordinator_user_id: me.id, follow_up_date: day(90), follow_up_place: 'Mottagningen',
		individual_approved: true,
	});
	t.equal(r.status, 201, `established: ${JSON.stringify(r.json).slice(0, 300)}`);
	made.plan = r.json.id;
});

test('eva: the plan page suggests the deviation; she reports it through the form', async (t) => {
	needs(t, 'plan', 'no plan');
	await t.page.setViewportSize({ width: 1280, height: 900 });
	await login(t, 'eva');
	await t.goto(`/plans/${made.plan}`);
	const section = t.page.getByRole('region', { name: 'Avvikelser i samverkan' });
	t.equal(await section.count(), 1, 'the plan page has its deviations');
	t.match(await section.innerText(), /Föreslagen avvikelse/);
	t.match(await section.innerText(), /Socialpsykiatri, boendestöd har inte svarat på kallelsen/);
	await t.audit('the plan page with a suggested deviation');

	await t.clickAndWait(section.getByRole('link', { name: /Rapportera den här avvikelsen/ }));
	t.match(t.path(), /\/deviations\/new\?kind=invitation_unanswered/);
	const kind = t.page.getByRole('group', { name: 'Vilken sorts avvikelse?' });
	t.equal(await kind.getByRole('radio').count(), 5, 'the five kinds of seed 003');
	t.ok(await kind.getByRole('radio', { name: 'En part har inte svarat på en kallelse' }).isChecked(),
		'the suggestion chose the kind');
	t.match(await t.page.getByRole('combobox', { name: /Vilken part/ }).inputValue(), /^\d+$/,
		'and the party');
	await t.audit('the report form, prefilled');

	/* The keyboard reaches the kinds: an arrow key moves the choice. */
	await kind.getByRole('radio', { name: 'En part har inte svarat på en kallelse' }).focus();
	await t.page.keyboard.press('ArrowDown');
	t.ok(await kind.getByRole('radio', { name: /Brister i hur den enskilde bemöttes/ }).isChecked(),
		'the arrow key moves the choice');
	await t.page.keyboard.press('ArrowUp');

	/* Without a description: refused, the summary first and focused. */
	let resp = await t.clickAndWait(t.page.getByRole('button', { name: 'Rapportera avvikelsen' }));
	t.equal(resp.status(), 422);
	t.match(await t.text('.error-summary'), /Beskriv avvikelsen/);
	t.equal(await t.focused(), 'div.error-summary', 'the focus is on the error summary');
	await t.audit('the report form, refused');

	await t.page.getByLabel('Beskriv avvikelsen').fill(
		'Boendestödet svarade inte på kallelsen och kom inte till mötet.');
	resp = await t.clickAndWait(t.page.getByRole('button', { name: 'Rapportera avvikelsen' }));
	t.equal(resp.status(), 200);
	t.match(t.path(), /^\/deviations\/\d+\?done=reported$/);
	made.deviation = t.path().split('?')[0];
	t.match(await t.text('main'), /Avvikelsen är rapporterad/);
	t.match(await t.text('main'), /Rapporterad/);
	await t.audit('the deviation, reported');
});

test('bo: his unit receives, investigates, answers and closes it with measures', async (t) => {
	needs(t, 'deviation', 'not reported');
	await login(t, 'bo');
	const against = t.page.getByRole('region', { name: 'Avvikelser mot dina enheter' });
	t.match(await against.innerText(), /En part har inte svarat på en kallelse/);
	await t.audit('bo\'s start page with the deviation');
	await t.clickAndWait(against.locator(`a[href="${made.deviation}"]`));
	t.equal(t.path(), made.deviation);
	await t.audit('the deviation, to receive');

	const steps = [
		{ button: 'Ta emot avvikelsen', done: /mottagen och har en handläggare/ },
		{ button: 'Börja utreda', text: ['Anteckning (frivillig)', 'Vi går igenom rutinen.'],
			done: /Avvikelsen utreds/ },
		{ button: 'Skicka svaret', text: ['Enhetens svar', 'Kallelsen kom till en brevlåda som ingen läste.'],
			done: /Svaret är registrerat/ },
		{ button: 'Avsluta med åtgärder', text: ['Åtgärder', 'Brevlådan bevakas nu varje dag.'],
			done: /avslutad med åtgärder/ },
	];
	for (const s of steps) {
		if (s.text)
			await t.page.getByLabel(s.text[0]).fill(s.text[1]);
		const resp = await t.clickAndWait(t.page.getByRole('button', { name: s.button }));
		t.equal(resp.status(), 200, `${s.button}: ${await t.text('.error-summary')}`);
		t.match(await t.text('.flash'), s.done);
		await t.audit(`the deviation after "${s.button}"`);
	}
	t.match(await t.text('main'), /Brevlådan bevakas nu varje dag/);
	made.closed = true;
});

test('eva: follows the progress to the measures', async (t) => {
	needs(t, 'closed', 'not closed');
	await login(t, 'eva');
	await t.goto('/deviations');
	const reported = t.page.getByRole('region', { name: 'Avvikelser som dina enheter har rapporterat' });
	t.match(await reported.innerText(), /Avslutad med åtgärder/);
	await t.audit('the deviations eva\'s unit reported');
	await t.clickAndWait(reported.locator(`a[href="${made.deviation}"]`));
	const progress = await t.text('ol.timeline');
	for (const s of ['Rapporterad', 'Mottagen', 'Utreds', 'Besvarad', 'Avslutad med åtgärder'])
		t.match(progress, new RegExp(s));
	t.match(await t.text('main'), /Kallelsen kom till en brevlåda som ingen läste/);
	await t.audit('the deviation\'s progress, as the reporter');
});

run();
