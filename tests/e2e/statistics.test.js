/*
 * statistics.test.js — browser test of the statistics for the agreement's
 * follow-up group: ulla.berg finds them from the start page, opens
 * Ludvika and then the region for this year, sees each figure as a chart
 * with its table and summary, downloads a table as CSV, and finds no
 * cell under 5 (every small count is "<5"). axe (WCAG 2.1 A/AA) on each
 * page.
 *
 * Runs against the demo database of tests/e2e/run.sh; tolerates what the
 * other test files add (more plans).
 */
'use strict';

const { test, run } = require('./lib');

const DEMO_PASSWORD = 'samplan-demo-2026';

/* Every cell of the page's tables of counts is "<5" or at least 5 (a
 * median of 0 days is no count of plans). */
async function assertNoCellUnderFive(t) {
	const cells = await t.page.locator('table.statistic-table[data-format=count] td.num').allInnerTexts();
	t.ok(cells.length > 20, `the figures have cells (${cells.length})`);
	const small = cells.filter((c) => /^[0-4]$/.test(c.trim()));
	t.equal(small.length, 0, `no count under 5 is shown (found: ${small.join(', ')})`);
	t.ok(cells.includes('<5'), 'small counts are shown as <5');
}

async function openScope(t, label) {
	await t.page.getByLabel('Område').selectOption({ label });
	const resp = await t.clickAndWait(t.page.getByRole('button', { name: 'Visa statistiken' }));
	t.equal(resp.status(), 200);
	const year = String(new Date().getFullYear());
	t.equal(await t.page.getByLabel(/^Från och med/).inputValue(), `${year}-01-01`);
	t.equal(await t.page.getByLabel(/^Till och med/).inputValue(), `${year}-12-31`);
	t.match(await t.text('p[role=status]'), new RegExp(label.replace(/ \(.*/, '')));
}

test('follow-up group: Ludvika and the region this year, charts with tables, CSV, no cell under 5', async (t) => {
	let resp = await t.login('ulla.berg', DEMO_PASSWORD);
	t.equal(resp.status(), 200);
	const nav = await t.page.locator('nav.main-nav a').allInnerTexts();
	t.ok(nav.includes('Statistik'), `the main menu has "Statistik" (has: ${nav.join(', ')})`);
	t.ok(!nav.includes('Personer'), 'no person pages for the follow-up group');
	await t.audit('start page, follow-up group');

	resp = await t.clickAndWait(t.page.locator('nav.main-nav a[href="/statistics"]'));
	t.equal(resp.status(), 200);
	t.equal(await t.text('h1'), 'Statistik');
	await t.audit('statistics, the county');

	await openScope(t, 'Ludvika kommun (Kommun)');
	const charts = t.page.locator('section.statistic svg[role=img]');
	t.ok(await charts.count() >= 10, 'a chart for each figure');
	const first = t.page.locator('section.statistic').first();
	t.equal(await first.locator('svg[role=img] title').count(), 1, 'the chart has a title');
	t.equal(await first.getByRole('table').count(), 1, 'the chart has its table beside it');
	t.ok((await first.locator('.statistic-summary').innerText()).length > 10, 'and a summary');
	await assertNoCellUnderFive(t);
	await t.audit('statistics, Ludvika');

	const href = await t.page.locator('a[href^="/statistics.csv?"][href*="table=started_by_kind"]').getAttribute('href');
	t.match(href, /scope=principal%3A\d+|scope=principal:\d+/);
	const csv = await t.page.context().request.get(new URL(href, t.page.url()).href);
	t.equal(csv.status(), 200);
	t.match(csv.headers()['content-type'], /^text\/csv/);
	t.match(csv.headers()['content-disposition'] || '', /attachment/);
	const body = await csv.text();
	t.match(body, /^\uFEFF?Nyckel,Vad,Planer\r\n/);
	const values = body.trim().split('\r\n').slice(1).map((l) => l.split(',').pop());
	t.ok(values.every((v) => v === '<5' || Number(v) >= 5), `no CSV cell under 5 (${values.join(' ')})`);

	await openScope(t, 'Region Dalarna (Region)');
	t.ok(await charts.count() >= 10, 'the region\'s charts');
	await assertNoCellUnderFive(t);
	await t.audit('statistics, the region');
});

run();
