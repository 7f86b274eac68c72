/*
 * evaluation.test.js — after a held meeting (issue 12): bo, who took
 * part in Anna's SIP meeting, evaluates it through the page — first
 * without answers (the error summary takes the focus and links to the
 * questions), then by keyboard — and reads the meeting's evaluations;
 * eva, the coordinator, types in a SIP-kollen from paper, and the form
 * comes back empty with a plain "saved". axe (WCAG 2.1 A/AA) on each
 * page.
 *
 * Runs against the demo database of tests/e2e/run.sh (demo_plans.c:
 * Anna's plan with its held SIP meeting, eva's unit leading, bo's and
 * sara's units at the meeting). It adds an evaluation and paper answers,
 * which no other file counts.
 */
'use strict';

const { test, run } = require('./lib');

const DEMO_PASSWORD = 'samplan-demo-2026';

async function login(t, who) {
	const resp = await t.login(who, DEMO_PASSWORD);
	t.equal(resp.status(), 200, `${who} is logged in`);
}

async function openAnnasPlan(t) {
	await t.clickAndWait(t.page.getByRole('link', { name: /^Anna Andersson/ }).first());
	t.match(t.path(), /^\/plans\/\d+$/);
}

/* The radio button `answer` of the question (a fieldset) `question`. */
function choice(t, question, answer) {
	return t.page.getByRole('group', { name: question })
		.getByRole('radio', { name: answer, exact: true });
}

test('bo evaluates Anna\'s SIP meeting: refused without answers, then by keyboard', async (t) => {
	await t.page.setViewportSize({ width: 1280, height: 900 });
	await login(t, 'bo');
	await openAnnasPlan(t);
	t.equal(await t.page.getByRole('link', { name: 'Skriv in SIP-kollen från papper' }).count(), 0,
		'bo does not lead the plan: no paper form');
	await t.clickAndWait(t.page.getByRole('link', { name: 'Utvärdera mötet' }).first());
	t.match(t.path(), /^\/plans\/\d+\/meetings\/\d+\/evaluation$/);
	t.equal(await t.page.getByRole('group', { name: 'Var den enskilde i fokus under mötet?' }).count(), 1,
		'each question is a fieldset with its legend');
	await t.audit('the evaluation form');

	let resp = await t.clickAndWait(t.page.getByRole('button', { name: 'Spara utvärderingen' }));
	t.equal(resp.status(), 422);
	t.equal(await t.focused(), 'div.error-summary', 'the error summary has the focus');
	const summary = t.page.locator('.error-summary');
	t.match(await summary.innerText(), /Var den enskilde i fokus under mötet\?/);
	t.match(await summary.innerText(), /Kom alla till tals\?/);
	await t.audit('the evaluation form, refused');
	/* The summary's link leads to the question. */
	await summary.getByRole('link', { name: /Kom alla till tals/ }).click();
	t.match(t.page.url(), /#f-everyone_heard$/);

	/* By keyboard: focus a choice, Space checks it; Enter sends. */
	await choice(t, 'Var den enskilde i fokus under mötet?', 'Ja, helt').focus();
	await t.page.keyboard.press('Space');
	await choice(t, 'Kom alla till tals?', 'Kan inte säga').focus();
	await t.page.keyboard.press('Space');
	await t.page.getByLabel('Vad fungerade bra?').focus();
	await t.page.keyboard.type('Anna fick börja och berätta.');
	await t.page.getByLabel('Vad kan göras annorlunda?').fill('Skicka kallelsen tidigare.');
	await t.page.getByRole('button', { name: 'Spara utvärderingen' }).focus();
	const [nav] = await Promise.all([t.page.waitForNavigation(), t.page.keyboard.press('Enter')]);
	t.equal(nav.status(), 200);
	t.match(t.path(), /\/evaluations(\?|$)/);
	t.match(await t.text('main'), /Din utvärdering av mötet är sparad\./);
	t.match(await t.text('main'), /Anna fick börja och berätta\./);
	t.match(await t.text('main'), /Antal utvärderingar: 1/);
	await t.audit('the meeting\'s evaluations');

	/* His own again: the form holds what he gave. */
	await t.clickAndWait(t.page.getByRole('link', { name: 'Utvärdera mötet' }));
	t.ok(await choice(t, 'Var den enskilde i fokus under mötet?', 'Ja, helt').isChecked(),
		'his answer is chosen');
	t.equal(await t.page.getByRole('button', { name: 'Spara ändringen' }).count(), 1);
	await t.logout();
});

test('eva types in a SIP-kollen from paper', async (t) => {
	await t.page.setViewportSize({ width: 1280, height: 900 });
	await login(t, 'eva');
	await openAnnasPlan(t);
	await t.audit('Anna\'s plan, the links under the held meeting');
	await t.clickAndWait(t.page.getByRole('link', { name: 'Skriv in SIP-kollen från papper' }).first());
	t.match(t.path(), /\/feedback\/paper$/);
	await t.audit('the paper form');

	await choice(t, 'Kände du att de lyssnade på dig?', 'Ja, helt').check();
	await choice(t, 'Förstod du vad ni bestämde?', 'Ganska mycket').check();
	await choice(t, 'Fick du säga det som var viktigt för dig?', 'Lite grann').check();
	await choice(t, 'Var mötet väl förberett?', 'Vill inte svara').check();
	await t.page.getByLabel('Fritext från blanketten').fill('Skönt att det var lugnt.');
	const resp = await t.clickAndWait(t.page.getByRole('button', { name: 'Spara svaren' }));
	t.equal(resp.status(), 200);
	t.match(await t.text('main'), /Svaren från blanketten är sparade\./);
	t.equal(await t.page.getByLabel('Fritext från blanketten').inputValue(), '',
		'the form is empty again: nothing of the answer is shown');
	t.equal(await t.page.locator('input[type=radio]:checked').count(), 0);
	await t.audit('the paper form, saved');

	await t.goto('/feedback');
	t.match(await t.text('main'), /Inskrivna från pappersblankett: [1-9]/);
	await t.audit('the feedback summary');
	await t.logout();
});

run();
