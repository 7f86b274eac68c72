/*
 * print.test.js — the plan on paper in the browser: eva opens Anna's
 * plan, follows its link to the print view (axe on it), the plan page
 * printed (print media, then Chromium's own PDF read back with
 * pdftotext) is Anna's document without the menu, the workflow, the
 * forms and the history, with every column of the "who does what" table
 * inside the page; the plain-language summary passes axe too.
 *
 * Runs against the demo database of tests/e2e/run.sh.
 */
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, run } = require('./lib');

const DEMO_PASSWORD = 'samplan-demo-2026';
const TABLE = 'Vad som ska göras och vem som ansvarar för vad';

async function annasPlan(t) {
	await t.login('eva', DEMO_PASSWORD);
	const mine = t.page.getByRole('table', { name: 'Planer du arbetar med' });
	await t.clickAndWait(mine.getByRole('link', { name: 'Anna Andersson' }));
	t.match(t.path(), /^\/plans\/\d+$/);
	return t.path();
}

test('eva: Anna\'s plan links to its print view, which is her document alone', async (t) => {
	const plan = await annasPlan(t);
	const resp = await t.clickAndWait(t.page.getByRole('link', { name: 'Utskriftsvy' }).first());
	t.equal(resp.status(), 200);
	t.equal(t.path(), `${plan}/print`);
	t.equal(await t.text('main h1'), 'Samordnad individuell plan');
	const table = t.page.getByRole('table', { name: TABLE });
	const heads = await table.locator('thead th').allInnerTexts();
	t.deepEqual(heads, ['Mål', 'Insatser/aktiviteter', 'Ansvar', 'Tidsplan start/sluttid', 'Kontaktperson']);
	t.equal(await table.locator('tbody tr').count(), 7, 'seven interventions');
	t.equal(await t.page.locator('main form').count(), 0, 'no forms in the print view');
	t.equal(await t.page.locator('main .steps, main #history').count(), 0, 'no workflow, no history');
	t.match(await t.text('main'), /Underskrifter/);
	await t.audit('print view');
	t.equal(await t.page.getByRole('link', { name: 'Ladda ner som PDF' }).getAttribute('href'), `${plan}/plan.pdf`);
	await t.goto(`${plan}/plain`);
	t.match(await t.text('main'), /Eva Lind är din samordnare/);
	await t.audit('plain-language summary');
	await t.logout();
});

test('eva: the plan page printed is the document, no menu, workflow, forms or history', async (t) => {
	const plan = await annasPlan(t);
	await t.page.emulateMedia({ media: 'print' });
	t.ok(!(await t.page.locator('nav.main-nav').isVisible()), 'no main menu on paper');
	t.ok(!(await t.page.locator('nav.steps').isVisible()), 'no step indicator on paper');
	t.ok(!(await t.page.locator('#history').isVisible()), 'no history on paper');
	t.equal(await t.page.locator('main form').evaluateAll((fs) => fs.filter((f) => f.offsetParent !== null).length), 0,
		'no visible form on paper');
	t.ok(await t.page.locator('.plan-document').isVisible(), 'the document prints');
	/* Every column inside the page: nothing scrolls or is cut off. */
	const clipped = await t.page.locator('.plan-document .table-wrap').evaluateAll((ws) =>
		ws.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
	t.equal(clipped, 0, 'no table wider than the page');
	await t.screenshot('plan page, print media');
	/* Chromium's print to PDF, in the print media still emulated */
	const pdf = await t.page.pdf({ format: 'A4', printBackground: false });
	await t.page.emulateMedia({ media: 'screen' });
	const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'print-'));
	const file = path.join(dir, 'plan.pdf');
	fs.writeFileSync(file, pdf);
	const artifacts = process.env.E2E_ARTIFACTS || path.join(__dirname, 'artifacts');
	fs.mkdirSync(artifacts, { recursive: true });
	fs.copyFileSync(file, path.join(artifacts, 'print-chromium-plan.pdf'));
	let text = '';
	try {
		text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
	} catch (e) {
		t.skip(`pdftotext is not available: ${e.message}`);
	}
	const flat = text.replace(/\s+/g, ' ');
	t.match(flat, /Samordnad individuell plan/);
	/* pdftotext reads a table's columns side by side: words, not cells */
	t.match(flat, /KBT-behandling/);
	t.match(flat, /Tidsplan/);
	t.match(flat, /Bo Berg/);
	t.match(flat, /Sara Nilsson/);
	t.match(flat, /Handlingsplan vid kris/);
	t.match(flat, /Underskrifter/, 'the signature lines print with the plan');
	t.ok(!/Historik/.test(flat), 'the history is not printed');
	t.ok(!/Mina SIP:ar/.test(flat), 'the menu is not printed');
	t.ok(!/Svara på kallelsen|Spara|Registrera/.test(flat), 'no buttons printed');
	fs.rmSync(dir, { recursive: true, force: true });
	t.match(plan, /^\/plans\/\d+$/);
	await t.logout();
});

run();
