/*
 * audit.test.js — browser tests of reviewing the audit log: the audit
 * reviewer (granskare) finds the review from the start page, searches by
 * personnummer, gets a clear error for a bad one, opens the report; the
 * coordinator (eva) opens Anna's extract from her person page and it
 * prints without navigation or buttons. axe (WCAG 2.1 A/AA) on each
 * page.
 *
 * Runs against the demo database of tests/e2e/run.sh; tolerates what the
 * other test files add (more log records, more persons).
 */
'use strict';

const { test, run } = require('./lib');

const DEMO_PASSWORD = 'samplan-demo-2026';
const ANNA_PNR = '19990315-2388';

test('reviewer: start page, search the log by personnummer, a bad personnummer, the report', async (t) => {
	let resp = await t.login('granskare', DEMO_PASSWORD);
	t.equal(resp.status(), 200);
	t.match(await t.text('header .who'), /Logggranskare/);
	const nav = await t.page.locator('nav.main-nav a').allInnerTexts();
	t.ok(nav.includes('Granska loggen'), `the main menu has "Granska loggen" (has: ${nav.join(', ')})`);
	t.ok(!nav.includes('Personer'), 'no person pages for the reviewer');
	t.ok(!nav.includes('Mina SIP:ar'), 'no work list for the reviewer');
	await t.audit('start page, audit reviewer');

	resp = await t.clickAndWait(t.page.locator('nav.main-nav a[href="/audit"]'));
	t.equal(resp.status(), 200);
	t.equal(await t.text('h1'), 'Granska loggen');
	t.equal(await t.focused(), 'input#f-personnummer', 'the personnummer field has focus');
	await t.audit('audit log search');

	await t.page.getByLabel(/^Personnummer/).fill(ANNA_PNR);
	resp = await t.clickAndWait(t.page.getByRole('button', { name: 'Sök i loggen' }));
	t.equal(resp.status(), 200);
	const table = t.page.getByRole('table', { name: /^Loggposter, nyaste först/ });
	t.equal(await table.count(), 1, 'the results are a table with a caption');
	t.ok(await table.getByRole('row').count() > 2, 'several records about Anna');
	t.match(await table.innerText(), /Anna Andersson/);
	t.match(await table.innerText(), /Eva Lind/);
	t.match(await table.innerText(), /Upprättade planen/);
	t.equal(await t.page.locator('a[href^="/audit.csv?personnummer="]').count(), 1,
		'a CSV export of the same search');
	await t.audit('audit log search results');

	await t.page.getByLabel(/^Personnummer/).fill('19990315-2389');
	resp = await t.clickAndWait(t.page.getByRole('button', { name: 'Sök i loggen' }));
	t.equal(resp.status(), 422);
	const link = t.page.locator('.error-summary a[href="#f-personnummer"]');
	t.equal(await link.count(), 1, 'the error summary links to the field');
	t.equal(await t.page.locator('#f-personnummer').getAttribute('aria-invalid'), 'true');
	await t.audit('audit log search, bad personnummer');
	await link.click();
	t.equal(await t.focused(), 'input#f-personnummer', 'following the link focuses the field');

	resp = await t.clickAndWait(t.page.getByRole('link', { name: /^Rapport: åtkomst utanför/ }));
	t.equal(resp.status(), 200);
	t.equal(await t.text('h1'), 'Rapport: avvikande åtkomst');
	await t.audit('audit report');
	await t.logout();
});

test('coordinator: Anna\'s extract from her person page, printable', async (t) => {
	await t.login('eva', DEMO_PASSWORD);
	await t.goto(`/persons?q=${ANNA_PNR}`);
	await t.clickAndWait(t.page.getByRole('link', { name: /Anna/ }).first());
	const resp = await t.clickAndWait(t.page.getByRole('link', { name: /^Vem har tagit del av uppgifterna/ }));
	t.equal(resp.status(), 200);
	t.match(t.path(), /^\/persons\/\d+\/access-log$/);
	t.equal(await t.text('h1'), 'Vem har tagit del av uppgifterna');
	const table = t.page.getByRole('table', { name: /^Vem, när och vad/ });
	t.match(await table.innerText(), /Eva Lind, Kurator/);
	t.ok(!/127\.0\.0\.1/.test(await t.text('main')), 'no client addresses in the extract');
	await t.audit('access log extract');

	await t.page.emulateMedia({ media: 'print' });
	t.ok(!(await t.page.locator('nav.main-nav').isVisible()), 'printed without the main menu');
	t.ok(!(await t.page.locator('main .actions').first().isVisible()), 'printed without the buttons');
	t.ok(await table.isVisible(), 'the table prints');
	await t.screenshot('access log printed');
	await t.page.emulateMedia({ media: 'screen' });
	await t.logout();
});

run();
