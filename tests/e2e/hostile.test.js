/*
 * hostile.test.js — hostile values typed into samplan are shown as text:
 * a browser that opens the pages showing them runs no script and opens
 * no dialog.
 *
 * eva registers a person and a plan whose names and free texts are
 * script tags, attribute breakers, SVG handlers and javascript: URLs
 * (through the JSON API, from the browser's own session, as a script in
 * a page could), then opens every page that shows them: the person, the
 * plan, the search result, the work list. Each payload would set
 * window.__samplan_xss or open a dialog if it ran; neither may happen,
 * and the text must be visible as typed. tests/http/test_hostile.c
 * puts the same payloads into every field of every body.
 */
'use strict';

const { test, run, BASE_URL, madeUpPersonnummer, DEMO_PASSWORD, session, api } = require('./lib');

const PAYLOADS = {
	script: '<script>window.__samplan_xss=1;alert("script")</script>',
	img: '"><img src=x onerror="window.__samplan_xss=2;alert(2)">',
	attr: "' autofocus onfocus='window.__samplan_xss=3",
	svg: '<svg/onload=window.__samplan_xss=4>',
	url: 'javascript:window.__samplan_xss=5',
};

/* The page's Content-Security-Policy lets no script of a page call the
 * API, so the values are stored from outside, as another client would:
 * a session of eva's own (lib.js's session and api). */

const made = {};

test('eva stores hostile values through the API', async (t) => {
	const s = await session('eva');
	t.ok(s.csrf, 'eva has a session with a CSRF token');
	made.pnr = madeUpPersonnummer(1988);
	const person = await api(s, 'POST', '/api/v1/persons', {
		personnummer: made.pnr,
		given_name: PAYLOADS.script,
		family_name: PAYLOADS.img,
		address: PAYLOADS.attr,
		city: PAYLOADS.svg,
		email: 'x@example.org',
		interpreter_language: PAYLOADS.url,
	});
	t.equal(person.status, 201, `person: ${JSON.stringify(person.json)}`);
	made.person = person.json.id;
	const principals = await api(s, 'GET', '/api/v1/principals');
	const ids = principals.json.items
		? principals.json.items.map((p) => p.id)
		: principals.json.map((p) => p.id);
	const plan = await api(s, 'POST', '/api/v1/plans', {
		person_id: made.person,
		initiated_by: 'professional',
		need_individual: PAYLOADS.script + '\n' + PAYLOADS.svg,
		need_professional: PAYLOADS.img + '\n' + PAYLOADS.url,
		other_actors: PAYLOADS.attr,
		principal_ids: ids.slice(0, 2),
	});
	t.equal(plan.status, 201, `plan: ${JSON.stringify(plan.json)}`);
	made.plan = plan.json.id;
});

for (const [label, where] of [
	['the person page', () => `/persons/${made.person}`],
	['the plan page', () => `/plans/${made.plan}`],
	['the search result', () => `/persons?q=${made.pnr}`],
	['the work list', () => '/'],
]) {
	test(`${label} shows the hostile values as text, runs nothing`, async (t) => {
		if (!made.plan)
			t.skip('nothing was stored');
		const dialogs = [];
		t.page.on('dialog', (d) => {
			dialogs.push(d.message());
			d.dismiss().catch(() => {});
		});
		await t.login('eva', DEMO_PASSWORD);
		const resp = await t.goto(where());
		t.equal(resp.status(), 200);
		/* Give handlers (onerror, onload, autofocus) their chance. */
		await t.page.waitForTimeout(300);
		await t.page.keyboard.press('Tab');
		const ran = await t.page.evaluate(() => window.__samplan_xss);
		t.equal(ran, undefined, 'no payload ran');
		t.deepEqual(dialogs, [], 'no dialog opened');
		const count = await t.page.evaluate(() =>
			document.querySelectorAll('main script, main img[src=x], main svg[onload]').length);
		t.equal(count, 0, 'no element was made from the values');
		const text = await t.page.evaluate(() => document.querySelector('main').innerText);
		t.ok(text.includes('<script>window.__samplan_xss=1'),
				'the script tag is shown as text');
		await t.audit(`hostile values on ${label}`);
	});
}

run();
