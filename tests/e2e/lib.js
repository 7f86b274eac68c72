/*
 * lib.js — a tiny browser-test runner for samplan: no framework, just
 * Chromium (Debian's /usr/bin/chromium through playwright-core),
 * axe-core, and TAP on stdout.
 *
 *   const { test, run } = require('./lib');
 *   test('the login page', async (t) => {
 *     await t.goto('/login');
 *     await t.audit('login');          // axe + screenshot: its own TAP line
 *     t.equal(await t.page.title(), 'Logga in – samplan');
 *   });
 *   run();
 *
 * Screenshots are named after the test file (foundation.test.js:
 * foundation-01-login-page.png); a run removes only its own file's old
 * screenshots.
 *
 * Every test gets a fresh page with no cookies. A test passes when its
 * function returns, fails when it throws (the error and the page's URL
 * are printed as TAP diagnostics, and a screenshot is saved), and is
 * skipped when it calls t.skip(reason). t.audit() runs axe-core with the
 * WCAG 2.0/2.1 A and AA rules on the current page and reports it as a
 * TAP line of its own, failing on any violation or console error (a
 * Content-Security-Policy refusal, a missing asset).
 *
 * Environment (set by run.sh):
 *   SAMPLAN_URL          the server, e.g. http://127.0.0.1:40123
 *   E2E_ARTIFACTS        where screenshots go (tests/e2e/artifacts)
 *   E2E_TAP_START        TAP lines printed before this file (run.sh runs
 *                        several files; numbering goes on from there)
 *   E2E_TAP_COUNT_FILE   "LINES FAILED" is written here when the process
 *                        exits: the TAP lines printed so far (start
 *                        included) and this file's "not ok" lines, so
 *                        run.sh can go on counting, print the plan, and
 *                        tell a crash from a failed test
 *   CHROMIUM             the browser (default /usr/bin/chromium)
 *
 * Made-up data for the tests: day(n), a date n days from today
 * (YYYY-MM-DD, local time); luhnDigit(nine), the check digit of YYMMDDNNN;
 * madeUpPersonnummer(year, sep), a valid personnummer of someone born in
 * `year` that differs from run to run, "YYYYMMDD" sep "NNNC" (sep '' or
 * '-').
 *
 * The page's Content-Security-Policy stays on (no bypassCSP): axe is
 * injected with page.evaluate, which DevTools runs outside the CSP, so
 * the pages are tested exactly as users get them.
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const BASE_URL = (process.env.SAMPLAN_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const ARTIFACTS = process.env.E2E_ARTIFACTS || path.join(__dirname, 'artifacts');

const tests = [];
let tapNumber = Math.max(0, parseInt(process.env.E2E_TAP_START || '0', 10) || 0);
let failures = 0;
let shotNumber = 0;

/* "sip" for tests/e2e/sip.test.js: the screenshots' prefix. */
const SHOT_PREFIX = path.basename((require.main && require.main.filename) || 'e2e', '.js')
	.replace(/\.test$/, '');

/* The count is written however the process ends (a crash included), so
 * run.sh's numbering stays right. */
process.on('exit', () => {
	if (process.env.E2E_TAP_COUNT_FILE)
		fs.writeFileSync(process.env.E2E_TAP_COUNT_FILE, `${tapNumber} ${failures}\n`);
});

class Skip extends Error {}

function tapLine(ok, name, directive) {
	tapNumber++;
	const clean = String(name).replace(/[\r\n#]+/g, ' ');
	console.log(`${ok ? 'ok' : 'not ok'} ${tapNumber} - ${clean}${directive ? ` # ${directive}` : ''}`);
	if (!ok)
		failures++;
}

function diag(text) {
	for (const line of String(text).split('\n'))
		console.log(`#   ${line}`);
}

function slug(s) {
	return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/* Register a test. */
function test(name, fn) {
	tests.push({ name, fn });
}

/* The per-test handle: the page plus helpers. */
class T {
	constructor(page, testName) {
		this.page = page;
		this.testName = testName;
		this.consoleErrors = [];
		this.lastResponse = null;
		page.on('console', (m) => {
			if (m.type() !== 'error')
				return;
			/* A page answered with 401, 404 or 422 on purpose is not an
			 * error of the page; a failed sub-resource (style, icon) is. */
			const at = (m.location() && m.location().url) || '';
			if (/^Failed to load resource: the server responded with a status of/.test(m.text()) &&
			    at.split('#')[0] === page.url().split('#')[0])
				return;
			this.consoleErrors.push(m.text() + (at ? ` (${at})` : ''));
		});
		page.on('pageerror', (e) => this.consoleErrors.push(String(e)));
		page.on('response', (resp) => {
			if (resp.request().isNavigationRequest() && resp.frame() === page.mainFrame())
				this.lastResponse = resp;
		});
	}

	url(p) {
		return BASE_URL + p;
	}

	/* Go to a local path; returns the response. */
	async goto(p) {
		const resp = await this.page.goto(this.url(p), { waitUntil: 'load' });
		this.lastResponse = resp;
		return resp;
	}

	/* Click something that submits a form or follows a link, and wait
	 * for the page it leads to. Returns the final navigation's response
	 * (after redirects). */
	async clickAndWait(locator) {
		await Promise.all([
			this.page.waitForNavigation({ waitUntil: 'load' }),
			locator.click(),
		]);
		return this.lastResponse;
	}

	/* The HTTP status of the page now shown. */
	status() {
		return this.lastResponse ? this.lastResponse.status() : 0;
	}

	/* The path (and query) of the page now shown. */
	path() {
		const u = new URL(this.page.url());
		return u.pathname + u.search;
	}

	skip(reason) {
		throw new Skip(reason);
	}

	/* Save a screenshot of the whole page; returns its path. */
	async screenshot(label) {
		shotNumber++;
		const file = path.join(ARTIFACTS,
			`${SHOT_PREFIX}-${String(shotNumber).padStart(2, '0')}-${slug(label)}.png`);
		await this.page.screenshot({ path: file, fullPage: true });
		return file;
	}

	/* axe-core on the page as it is now, plus a screenshot. One TAP line
	 * of its own: "axe: LABEL (PATH)". */
	async audit(label) {
		const where = this.path();
		const name = `axe: ${label} (${where})`;
		let shot = '';
		try {
			shot = await this.screenshot(label);
			const has = await this.page.evaluate(() => typeof window.axe === 'object');
			if (!has)
				await this.page.evaluate(AXE_SOURCE);
			const result = await this.page.evaluate(
				(tags) => window.axe.run(document, { runOnly: tags, resultTypes: ['violations'] })
					.then((r) => r.violations.map((v) => ({
						id: v.id,
						impact: v.impact,
						help: v.help,
						nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
					}))),
				AXE_TAGS);
			const errors = this.consoleErrors.splice(0);
			const ok = result.length === 0 && errors.length === 0;
			tapLine(ok, name);
			if (!ok) {
				for (const v of result) {
					diag(`${v.id} (${v.impact}): ${v.help}`);
					for (const n of v.nodes)
						diag(`  ${n.target}: ${(n.summary || '').replace(/\n\s*/g, ' ')}`);
				}
				for (const e of errors)
					diag(`console error: ${e}`);
				diag(`screenshot: ${shot}`);
			}
		} catch (e) {
			tapLine(false, name);
			diag(e && e.stack ? e.stack : String(e));
		}
	}

	/* A description of the focused element, for focus-order checks:
	 * "a.skip-link", "input#f-username", "main#main", "button[lang=en]". */
	async focused() {
		return this.page.evaluate(() => {
			const el = document.activeElement;
			if (!el || el === document.body)
				return 'body';
			let d = el.tagName.toLowerCase();
			if (el.id)
				d += `#${el.id}`;
			else if (el.classList.length)
				d += `.${el.classList[0]}`;
			if (el.tagName === 'BUTTON' && el.name)
				d += `[${el.name}=${el.value}]`;
			return d;
		});
	}

	/* Press Tab n times from the focused element, returning each element
	 * focused on the way. */
	async tabOrder(n) {
		const seen = [];
		for (let i = 0; i < n; i++) {
			await this.page.keyboard.press('Tab');
			seen.push(await this.focused());
		}
		return seen;
	}

	/* Log in through the form; returns the response of the page landed on. */
	async login(username, password) {
		if (!this.path().startsWith('/login'))
			await this.goto('/login');
		await this.page.fill('#f-username', username);
		await this.page.fill('#f-password', password);
		return this.clickAndWait(this.page.locator('form[action="/login"] button[type=submit]'));
	}

	async logout() {
		return this.clickAndWait(this.page.locator('form[action="/logout"] button[type=submit]'));
	}

	/* Text of the first element matching selector, trimmed ('' if none). */
	async text(selector) {
		const loc = this.page.locator(selector).first();
		if (await loc.count() === 0)
			return '';
		return (await loc.innerText()).trim();
	}

	equal(actual, expected, message) {
		assert.equal(actual, expected, message);
	}

	ok(value, message) {
		assert.ok(value, message);
	}

	match(text, re, message) {
		assert.match(text, re, message);
	}

	deepEqual(actual, expected, message) {
		assert.deepEqual(actual, expected, message);
	}
}

/* Run every registered test in order, print TAP, and exit with the
 * number of failures (at most 100). */
async function run() {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	for (const f of fs.readdirSync(ARTIFACTS))
		if (f.startsWith(`${SHOT_PREFIX}-`) && f.endsWith('.png'))
			fs.rmSync(path.join(ARTIFACTS, f));
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
	let context;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
			headless: true,
			locale: 'sv-SE',
			timezoneId: 'Europe/Stockholm',
			viewport: { width: 1280, height: 800 },
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
				'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
	} catch (e) {
		tapLine(false, 'start Chromium');
		diag(e && e.stack ? e.stack : String(e));
		return finish();
	}
	context.setDefaultTimeout(15000);
	for (const { name, fn } of tests) {
		await context.clearCookies();
		const page = await context.newPage();
		const t = new T(page, name);
		try {
			await fn(t);
			tapLine(true, name);
		} catch (e) {
			if (e instanceof Skip) {
				tapLine(true, name, `SKIP ${e.message}`);
			} else {
				tapLine(false, name);
				diag(e && e.stack ? e.stack : String(e));
				try {
					diag(`page: ${page.url()} (HTTP ${t.status()})`);
					diag(`screenshot: ${await t.screenshot(`failed-${name}`)}`);
				} catch (_) {
					/* the page may be gone */
				}
			}
		}
		await page.close().catch(() => {});
	}
	await context.close().catch(() => {});
	fs.rmSync(profile, { recursive: true, force: true });
	return finish();
}

/* ---- made-up data ---- */

/* A date n days from today, as YYYY-MM-DD (local time). */
function day(n) {
	const d = new Date();
	d.setDate(d.getDate() + n);
	const p = (x) => String(x).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/* The Luhn check digit of the nine digits YYMMDDNNN. */
function luhnDigit(nine) {
	let sum = 0;
	for (let i = 0; i < 9; i++) {
		let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
		if (d > 9)
			d -= 9;
		sum += d;
	}
	return (10 - (sum % 10)) % 10;
}

/* A made-up personnummer of someone born in `year`, different for each
 * run (a server that lives longer than one run still gets a new
 * person): YYYYMMDD, sep ('' or '-'), NNNC with a valid check digit. */
function madeUpPersonnummer(year, sep = '') {
	const t = Date.now();
	const month = String(1 + (t % 12)).padStart(2, '0');
	const dayOfMonth = String(1 + (Math.floor(t / 12) % 28)).padStart(2, '0');
	const serial = String(100 + (Math.floor(t / 336) % 900));
	const nine = `${String(year).slice(2)}${month}${dayOfMonth}${serial}`;
	return `${year}${month}${dayOfMonth}${sep}${serial}${luhnDigit(nine)}`;
}

/* ---- a staff session for the JSON API ----
 *
 * Some tests store values from outside, as another client would: a
 * session made through the login form, whose cookie and CSRF token go
 * with each request. */

const DEMO_PASSWORD = 'samplan-demo-2026';

function cookiesOf(resp, jar) {
	for (const c of resp.headers.getSetCookie())
		jar[c.split('=')[0]] = c.split(';')[0].slice(c.indexOf('=') + 1);
}
function cookieHeader(jar) {
	return Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
}
function inputValue(html, name) {
	const m = html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`)) ||
		html.match(new RegExp(`value="([^"]*)"[^>]*name="${name}"`));
	return m ? m[1] : null;
}
/* { jar, csrf } of a demo user signed in with the demo password. */
async function session(username) {
	const jar = {};
	let r = await fetch(BASE_URL + '/login', { redirect: 'manual' });
	cookiesOf(r, jar);
	const loginCsrf = inputValue(await r.text(), 'login_csrf');
	r = await fetch(BASE_URL + '/login', {
		method: 'POST', redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(jar) },
		body: new URLSearchParams({ username, password: DEMO_PASSWORD, login_csrf: loginCsrf }).toString(),
	});
	cookiesOf(r, jar);
	r = await fetch(BASE_URL + '/account', { headers: { Cookie: cookieHeader(jar) } });
	return { jar, csrf: inputValue(await r.text(), 'csrf_token') };
}
/* A JSON request in session s: { status, json }. */
async function api(s, method, path, body) {
	const r = await fetch(BASE_URL + path, {
		method,
		headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf, Cookie: cookieHeader(s.jar) },
		body: body ? JSON.stringify(body) : undefined,
	});
	return { status: r.status, json: await r.json() };
}

function finish() {
	process.exitCode = Math.min(failures, 100);
}

module.exports = {
	test, run, BASE_URL, day, luhnDigit, madeUpPersonnummer,
	DEMO_PASSWORD, session, api, cookieHeader, inputValue,
};
