/*
 * closing.test.js — browser tests of closing a plan and of the
 * coordinator's day (issue 9): karin closes Liam's plan through the page
 * (how Liam took part recorded; the form points to the withdrawal page
 * for a withdrawn consent) and sees which principals still owe their
 * closing note; lars, of the region, finds the note his principal owes
 * for Erik on his start page and documents it; the work list at 1280 px
 * and at 375 px, nothing wider than the screen. axe (WCAG 2.1 A/AA) on
 * each page.
 *
 * Runs against the demo database of tests/e2e/run.sh (demo_plans.c:
 * Liam's plan in preparation, led by karin's unit; Erik's closed plan,
 * where Region Dalarna still owes its note). The other files do not use
 * Liam's or Erik's plans.
 */
'use strict';

const { test, run } = require('./lib');

const DEMO_PASSWORD = 'samplan-demo-2026';

async function login(t, who) {
	const resp = await t.login(who, DEMO_PASSWORD);
	t.equal(resp.status(), 200, `${who} is logged in`);
}

async function noSidewaysScroll(t, what) {
	const wide = await t.page.evaluate(() =>
		document.documentElement.scrollWidth - document.documentElement.clientWidth);
	t.ok(wide <= 0, `${what}: nothing wider than the screen (${wide} px too wide)`);
}

test('karin closes Liam\'s plan through the page; the principals\' notes are owed', async (t) => {
	await t.page.setViewportSize({ width: 1280, height: 900 });
	await login(t, 'karin');
	await t.clickAndWait(t.page.getByRole('link', { name: /^Liam Karlsson/ }).first());
	t.match(t.path(), /^\/plans\/\d+$/);
	const planUrl = t.path();
	await t.page.locator('summary', { hasText: 'Avsluta planen' }).click();
	t.equal(await t.page.getByRole('link', { name: 'Dokumentera återkallelsen' }).count(), 1,
		'a withdrawn consent is recorded on the withdrawal page, not picked as a reason');
	await t.audit('the close form');

	/* Without how Liam took part: refused, the summary names the field. */
	await t.page.getByRole('radio', { name: 'Den enskilde vill avsluta planen' }).check();
	let resp = await t.clickAndWait(t.page.locator('form[action$="/close"] button[type=submit]'));
	/* Post/Redirect/Get: the plan page's address, the form open again. */
	t.equal(resp.status(), 200);
	t.equal(t.path(), planUrl, 'no resubmit on reload: the plan page\'s address');
	t.match(await t.text('.error-summary'), /Hur den enskilde deltog i avslutet/);
	await t.audit('the close form, refused');

	await t.page.getByRole('radio', { name: 'Den enskilde vill avsluta planen' }).check();
	await t.page.getByRole('radio', { name: 'Den enskilde var med när planen avslutades' }).check();
	resp = await t.clickAndWait(t.page.locator('form[action$="/close"] button[type=submit]'));
	t.equal(resp.status(), 200);
	t.equal(t.path().split('?')[0], planUrl);
	t.match(await t.text('main'), /Planen är avslutad\./);
	const closing = t.page.getByRole('region', { name: 'Huvudmännens avslut' });
	t.equal(await closing.count(), 1, 'the plan shows the principals\' closings');
	t.match(await closing.innerText(), /huvudm(a|ä)n har inte dokumenterat sitt avslut/);
	t.match(await closing.innerText(), /Ludvika kommun/);
	t.equal(await closing.getByRole('button', { name: 'Dokumentera avslutet' }).count(), 1,
		'karin may document her principal\'s closing');
	await t.audit('the closed plan, notes owed');

	await closing.getByLabel(/^Avslut för din huvudman/).fill('Elevhälsans kontakt avslutas; Liam vill klara sig själv.');
	await t.clickAndWait(closing.getByRole('button', { name: 'Dokumentera avslutet' }));
	t.match(await t.text('main'), /Din huvudmans avslut är dokumenterat\./);
	t.match(await t.page.getByRole('region', { name: 'Huvudmännens avslut' }).innerText(),
		/Elevhälsans kontakt avslutas/);
	await t.audit('the closed plan, karin\'s note recorded');
	await t.logout();
});

test('lars: the work list asks for the region\'s note on Erik\'s plan; he documents it', async (t) => {
	await t.page.setViewportSize({ width: 1280, height: 900 });
	await login(t, 'lars');
	const owed = t.page.getByRole('region', { name: 'Avslut som huvudmän inte har dokumenterat' });
	t.equal(await owed.count(), 1);
	t.match(await owed.innerText(), /Erik Sandberg/);
	t.match(await owed.innerText(), /19661028-3159/);
	t.match(await owed.innerText(), /Din huvudman/);
	await t.audit('lars work list, 1280 px');

	await t.clickAndWait(owed.getByRole('link', { name: 'Dokumentera avslutet för Erik Sandberg' }));
	const closing = t.page.getByRole('region', { name: 'Huvudmännens avslut' });
	t.match(await closing.innerText(), /1 huvudman har inte dokumenterat sitt avslut\./);
	t.match(await closing.innerText(), /Boendestödet fortsätter som förut/);
	await closing.getByLabel(/^Avslut för din huvudman/).fill('Vårdcentralen fortsätter som vanligt.');
	await t.clickAndWait(closing.getByRole('button', { name: 'Dokumentera avslutet' }));
	t.match(await t.page.getByRole('region', { name: 'Huvudmännens avslut' }).innerText(),
		/Alla huvudmän har dokumenterat sitt avslut\./);
	await t.audit('Erik\'s plan, every note documented');

	await t.goto('/');
	t.ok(!/Erik Sandberg/.test(await owed.innerText()), 'nothing is owed for Erik any more');
	await t.logout();
});

test('eva: the work list at 375 px fits the screen', async (t) => {
	await t.page.setViewportSize({ width: 375, height: 800 });
	await login(t, 'eva');
	t.equal(await t.page.getByRole('heading', { level: 2, name: 'Att göra' }).count(), 1);
	t.equal(await t.page.getByRole('heading', { level: 2, name: 'Uppföljningar inom 14 dagar och försenade' }).count(), 1);
	t.equal(await t.page.getByRole('table', { name: 'Planer du arbetar med' }).count(), 1);
	await noSidewaysScroll(t, 'eva\'s work list at 375 px');
	await t.audit('eva work list, 375 px');
	await t.page.setViewportSize({ width: 1280, height: 900 });
	await t.goto('/');
	await noSidewaysScroll(t, 'eva\'s work list at 1280 px');
	await t.audit('eva work list, 1280 px');
	await t.logout();
});

run();
