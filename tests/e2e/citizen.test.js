/*
 * citizen.test.js — Min SIP as Anna uses it, on a phone (375 px): she
 * signs in with the code from her letter, reads her plan, says yes to a
 * proposed revision, removes Högskolan Dalarna from her consent (and
 * sara, of Studenthälsan, gets 404 on her very next request for the
 * plan), writes her own part, reads who has read her data, gives
 * feedback on a held meeting, and switches to Arabic (right to left) and
 * Somali. axe on every page and state.
 *
 * Runs against the demo database of tests/e2e/run.sh, whose path it gets
 * in SAMPLAN_E2E_DB (the sign-in code comes from `samplan citizen code`).
 */
'use strict';

const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { test, run, BASE_URL, DEMO_PASSWORD, session, api, cookieHeader } = require('./lib');

const ANNA = '19990315-2388';
const BIN = process.env.SAMPLAN_BIN || 'build/samplan';
const DB = process.env.SAMPLAN_E2E_DB;

const made = { plan: null, proposal: false, narrowed: false };

function needs(t, what, why) {
	if (!made[what])
		t.skip(`an earlier step did not get as far (${why})`);
}

function signInCode(personnummer) {
	const out = execFileSync(path.resolve(BIN), ['citizen', 'code', personnummer, '--db', DB],
		{ encoding: 'utf8' });
	return out.trim().split('\n').pop();
}

/* ---- a staff session (lib.js's session and api) ---- */

async function staffGet(s, p) {
	const r = await fetch(BASE_URL + p, { redirect: 'manual', headers: { Cookie: cookieHeader(s.jar) } });
	return r.status;
}

async function staffLogin(t, username) {
	await t.goto('/login');
	await t.page.getByLabel(/^Användarnamn/).fill(username);
	await t.page.getByLabel(/^Lösenord/).fill(DEMO_PASSWORD);
	await Promise.all([
		t.page.waitForNavigation({ waitUntil: 'load' }),
		t.page.getByLabel(/^Lösenord/).press('Enter'),
	]);
}

/* The page at 375 px: axe, and nothing scrolls sideways. */
async function phone(t, label) {
	const wide = await t.page.evaluate(() => document.documentElement.scrollWidth);
	t.ok(wide <= 375, `${label} is ${wide} px wide at 375 px`);
	await t.audit(`${label}, 375 px`);
}

async function signIn(t) {
	await t.page.setViewportSize({ width: 375, height: 740 });
	await t.goto('/citizen');
	await t.page.getByLabel('Din kod').fill(signInCode(ANNA));
	await t.clickAndWait(t.page.getByRole('button', { name: 'Logga in' }));
	t.equal(t.path(), '/citizen');
	t.equal(await t.text('main h1'), 'Mina planer');
}

/* ---- 0. eva proposes a revision of Anna's plan ---- */

test('eva: a revision of Anna\'s plan waits for Anna\'s answer', async (t) => {
	const s = await session('eva');
	const list = await api(s, 'GET', '/api/v1/worklist');
	t.equal(list.status, 200);
	const anna = list.json.plans.find((p) => p.person_name === 'Anna Andersson');
	t.ok(anna, 'Anna\'s plan is in eva\'s work list');
	made.plan = anna.id;
	let r = await api(s, 'POST', `/api/v1/plans/${made.plan}/follow-up`, { reason: 'planned' });
	t.equal(r.status, 200, `follow-up: ${JSON.stringify(r.json).slice(0, 300)}`);
	const d = new Date(Date.now() + 100 * 86400e3).toISOString().slice(0, 10);
	r = await api(s, 'POST', `/api/v1/plans/${made.plan}/follow-up/conclude`,
		{ outcome: 'revise', next_date: d, next_place: 'Mottagningen' });
	t.equal(r.status, 200, `conclude: ${JSON.stringify(r.json).slice(0, 300)}`);
	await staffLogin(t, 'eva');
	await t.goto(`/plans/${made.plan}/revise`);
	const p = t.page;
	await p.locator('[name="change_reason"]').fill('Anna vill träffa kuratorn varannan vecka i stället.');
	await p.locator('[name="follow_up_date"]').fill(d);
	await Promise.all([
		p.waitForNavigation({ waitUntil: 'load' }),
		p.locator('form[action$="/revise"]').evaluate((f) => f.requestSubmit()),
	]);
	t.match(await t.text('main'), /Förslag – väntar på godkännande/);
	made.proposal = true;
	await t.logout();
});

/* ---- 1. Anna in Min SIP ---- */

test('Anna: signs in with her code and reads her plan and its PDF', async (t) => {
	needs(t, 'plan', 'no plan');
	await signIn(t);
	await phone(t, 'Min SIP start page');
	await t.clickAndWait(t.page.getByRole('link', { name: 'Din plan' }).first());
	t.equal(t.path(), `/citizen/plans/${made.plan}`);
	t.match(await t.text('main'), /Hantera sin ångest/);
	await phone(t, 'her plan');
	const pdf = await t.page.getByRole('link', { name: 'Ladda ner planen som PDF' }).getAttribute('href');
	const resp = await t.page.request.get(BASE_URL + pdf);
	t.equal(resp.status(), 200);
	t.equal(resp.headers()['content-type'], 'application/pdf');
	await t.goto(`/citizen/plans/${made.plan}/meetings`);
	await phone(t, 'her meetings');
});

test('Anna: says yes to the proposed revision; it is in force', async (t) => {
	needs(t, 'proposal', 'no proposal');
	await signIn(t);
	await t.goto(`/citizen/plans/${made.plan}/proposal`);
	t.equal(await t.text('main h1'), 'Förslag till ändrad plan');
	await phone(t, 'the proposal');
	await t.clickAndWait(t.page.getByRole('button', { name: 'Ja, jag godkänner förslaget' }));
	t.match(await t.text('main'), /Du har sagt ja\. Den nya planen gäller nu\./);
	await phone(t, 'the proposal approved');
	const s = await session('eva');
	const plan = await api(s, 'GET', `/api/v1/plans/${made.plan}`);
	t.equal(plan.json.state, 'active', 'the revised plan is in force');
	t.equal(plan.json.proposed_version, null, 'nothing waits for approval any more');
});

test('Anna: removes Högskolan Dalarna from her consent; sara loses the plan at once', async (t) => {
	needs(t, 'plan', 'no plan');
	const sara = await session('sara');
	t.equal(await staffGet(sara, `/plans/${made.plan}`), 200, 'sara reads the plan before');
	await signIn(t);
	await t.goto(`/citizen/plans/${made.plan}/consents`);
	await phone(t, 'who may see her data');
	await t.clickAndWait(t.page.getByRole('link', { name: 'Ta bort något ur samtycket' }).first());
	await phone(t, 'narrowing the consent');
	await t.page.getByRole('group', { name: /Vilka ska inte få uppgifterna längre/ })
		.getByLabel('Högskolan Dalarna').check();
	await t.clickAndWait(t.page.getByRole('button', { name: 'Spara ändringen' }));
	t.ok(t.status() < 400, `narrowed: HTTP ${t.status()}`);
	t.match(await t.text('main'), /Högskolan Dalarna får inte längre uppgifterna/);
	await phone(t, 'the consent narrowed');
	t.equal(await staffGet(sara, `/plans/${made.plan}`), 404, 'sara\'s next request: 404');
	made.narrowed = true;
});

test('Anna: writes her own part', async (t) => {
	needs(t, 'plan', 'no plan');
	await signIn(t);
	await t.goto(`/citizen/plans/${made.plan}/own`);
	await t.page.getByLabel('Hur har du det nu?').fill('Jag sover bättre och har börjat plugga igen.');
	await t.clickAndWait(t.page.getByRole('button', { name: 'Spara det jag skrev' }));
	t.ok(t.status() < 400);
	t.match(await t.text('main'), /Det du skrev är sparat/);
	t.equal(await t.page.getByLabel('Hur har du det nu?').inputValue(),
		'Jag sover bättre och har börjat plugga igen.');
	await phone(t, 'her own part');
});

test('Anna: reads who has read her data', async (t) => {
	await signIn(t);
	await t.clickAndWait(t.page.getByRole('link', { name: 'Se vem som har läst dina uppgifter' }));
	t.equal(t.path(), '/citizen/access-log');
	t.match(await t.text('main'), /Vuxenpsykiatrisk öppenvårdsmottagning Ludvika/);
	await phone(t, 'who has read her data');
});

test('Anna: gives anonymous feedback on a held meeting', async (t) => {
	needs(t, 'plan', 'no plan');
	await signIn(t);
	await t.goto(`/citizen/plans/${made.plan}/meetings`);
	await t.clickAndWait(t.page.getByRole('link', { name: 'Tyck till om mötet' }).first());
	await phone(t, 'the feedback form');
	for (const q of ['Kände du att de lyssnade på dig?', 'Förstod du vad ni bestämde?',
		'Fick du säga det som var viktigt för dig?', 'Var mötet väl förberett?'])
		await t.page.getByRole('group', { name: q }).getByLabel('Ja, helt').check();
	await t.page.getByLabel('Vill du säga något mer?').fill('Bra att jag fick en paus.');
	await t.clickAndWait(t.page.getByRole('button', { name: 'Skicka svaren' }));
	t.ok(t.status() < 400, `feedback: HTTP ${t.status()}`);
	await phone(t, 'feedback given');
});

test('Anna: Min SIP in Arabic (right to left) and in Somali', async (t) => {
	await signIn(t);
	await t.clickAndWait(t.page.locator('.lang-switch button[value="ar"]'));
	t.equal(await t.page.getAttribute('html', 'lang'), 'ar');
	t.equal(await t.page.getAttribute('html', 'dir'), 'rtl');
	t.ok(!/Mina planer/.test(await t.text('main h1')), 'the heading is translated');
	await phone(t, 'start page in Arabic');
	if (made.plan) {
		await t.goto(`/citizen/plans/${made.plan}`);
		await phone(t, 'her plan in Arabic');
		await t.goto(`/citizen/plans/${made.plan}/consents`);
		await phone(t, 'her consents in Arabic');
	}
	await t.goto('/citizen/about');
	await phone(t, 'about SIP in Arabic');
	await t.clickAndWait(t.page.locator('.lang-switch button[value="so"]'));
	t.equal(await t.page.getAttribute('html', 'lang'), 'so');
	t.equal(await t.page.getAttribute('html', 'dir'), 'ltr');
	await phone(t, 'about SIP in Somali');
	await t.goto('/citizen');
	await phone(t, 'start page in Somali');
	await t.clickAndWait(t.page.locator('.lang-switch button[value="sv"]'));
	t.equal(await t.page.getAttribute('html', 'lang'), 'sv');
});

/* Press Tab until the focused element's text (or id) matches re; fails
 * after 40 presses. */
async function tabTo(t, re) {
	for (let i = 0; i < 40; i++) {
		await t.page.keyboard.press('Tab');
		const what = await t.page.evaluate(() => {
			const el = document.activeElement;
			return el ? `${el.id || ''} ${el.textContent.trim()}` : '';
		});
		if (re.test(what))
			return;
	}
	throw new Error(`Tab never reached ${re}`);
}

test('Anna: signs in and reaches her meetings by keyboard alone', async (t) => {
	needs(t, 'plan', 'no plan');
	await t.page.setViewportSize({ width: 375, height: 740 });
	await t.goto('/citizen');
	await t.page.evaluate(() => document.activeElement && document.activeElement.blur());
	await tabTo(t, /^f-code /);
	await t.page.keyboard.type(signInCode(ANNA));
	await Promise.all([t.page.waitForNavigation({ waitUntil: 'load' }), t.page.keyboard.press('Enter')]);
	t.equal(t.path(), '/citizen', 'Enter in the code field signs in');
	await tabTo(t, /^ Din plan$/);
	await Promise.all([t.page.waitForNavigation({ waitUntil: 'load' }), t.page.keyboard.press('Enter')]);
	t.equal(t.path(), `/citizen/plans/${made.plan}`);
	await tabTo(t, /^ Se dina möten$/);
	await Promise.all([t.page.waitForNavigation({ waitUntil: 'load' }), t.page.keyboard.press('Enter')]);
	t.equal(t.path(), `/citizen/plans/${made.plan}/meetings`);
	await phone(t, 'her meetings, reached by keyboard');
});

/* ---- 2. every citizen page, and an error state, in every language ---- */

const LANGUAGES = ['en', 'fi', 'ar', 'fa', 'so', 'sv'];

test('Anna: every page of Min SIP, and a refused form, in all six languages', async (t) => {
	needs(t, 'plan', 'no plan');
	await signIn(t);
	const plan = `/citizen/plans/${made.plan}`;
	await t.goto(`${plan}/consents`);
	const narrow = await t.page.locator('a[href*="/narrow"]').first().getAttribute('href');
	const consent = narrow.replace(/\/narrow$/, '');
	await t.goto(`${plan}/meetings`);
	const feedback = await t.page.locator('a[href$="/feedback"]').first().getAttribute('href');
	const pages = ['/citizen', plan, `${plan}/meetings`, `${plan}/versions/1`,
		`${plan}/versions/2/changes`, `${plan}/consents`, narrow, `${consent}/withdraw`,
		`${consent}/widen`, `${plan}/follow-up-request`, `${plan}/own`, `${plan}/proposal`,
		'/citizen/access-log', '/citizen/ask', '/citizen/about', feedback];
	for (const lang of LANGUAGES) {
		await t.goto('/citizen');
		await t.clickAndWait(t.page.locator(`.lang-switch button[value="${lang}"]`));
		t.equal(await t.page.getAttribute('html', 'lang'), lang);
		t.equal(await t.page.getAttribute('html', 'dir'), lang === 'ar' || lang === 'fa' ? 'rtl' : 'ltr');
		for (const p of pages) {
			await t.goto(p);
			t.ok(t.status() < 500, `${p} in ${lang}: HTTP ${t.status()}`);
			await phone(t, `${p} (${lang})`);
		}
		/* A refused form: the follow-up request without a reason. */
		await t.goto(`${plan}/follow-up-request`);
		await t.clickAndWait(t.page.locator('main form button[type=submit]').first());
		t.ok(await t.page.locator('.error-summary').count() > 0, `the refusal is shown (${lang})`);
		await phone(t, `a refused form (${lang})`);
	}
});

run();
