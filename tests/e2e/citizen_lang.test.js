/*
 * citizen_lang.test.js — the information page of the citizen pages
 * (/citizen/about) and the sign-in page (/citizen) in each of their six
 * languages, at 375 px and at 200 % text: axe (WCAG 2.1 A/AA) on each,
 * nothing wider than the screen, Arabic and Farsi laid out right to
 * left, and the language switch of the footer (POST /citizen/language).
 */
'use strict';
const { test, run } = require('./lib');

const LANGS = [
	{ code: 'sv', dir: 'ltr', name: 'Svenska', h1: 'Om SIP och dina rättigheter' },
	{ code: 'en', dir: 'ltr', name: 'English', h1: 'About SIP and your rights' },
	{ code: 'fi', dir: 'ltr', name: 'Suomi', h1: 'Tietoa SIP:stä ja oikeuksistasi' },
	{ code: 'ar', dir: 'rtl', name: 'العربية', h1: 'عن خطة SIP وحقوقك' },
	{ code: 'fa', dir: 'rtl', name: 'فارسی', h1: 'درباره SIP و حقوق شما' },
	{ code: 'so', dir: 'ltr', name: 'Soomaali', h1: 'Ku saabsan SIP iyo xuquuqdaada' },
];

async function noSidewaysScroll(t, what) {
	const wide = await t.page.evaluate(() =>
		document.documentElement.scrollWidth - document.documentElement.clientWidth);
	if (wide > 1)
		throw new Error(`${what}: ${wide} px wider than the screen`);
}

for (const l of LANGS) {
	test(`/citizen/about in ${l.name} at 375 px`, async (t) => {
		await t.page.setViewportSize({ width: 375, height: 800 });
		await t.goto('/citizen/about');
		/* Choose the language with the footer's switch. */
		await t.clickAndWait(t.page.locator(`footer button[value="${l.code}"]`));
		t.equal(t.path(), '/citizen/about');
		t.equal(await t.page.getAttribute('html', 'lang'), l.code);
		t.equal(await t.page.getAttribute('html', 'dir'), l.dir);
		t.equal((await t.page.locator('h1').innerText()).trim(), l.h1);
		const pressed = await t.page.getAttribute(`footer button[value="${l.code}"]`, 'aria-pressed');
		t.equal(pressed, 'true');
		if (l.dir === 'rtl') {
			/* Right to left: the heading starts at the right edge. */
			const box = await t.page.locator('h1').boundingBox();
			const align = await t.page.evaluate(() =>
				getComputedStyle(document.querySelector('main p')).direction);
			t.equal(align, 'rtl');
			if (box.x + box.width < 375 - 40)
				throw new Error(`the heading does not reach the right edge (${box.x}+${box.width})`);
		}
		await noSidewaysScroll(t, `${l.code} at 375 px`);
		await t.audit(`citizen about ${l.code} 375 px`);
		/* Large text: 200 % (WCAG 1.4.4), still no sideways scrolling
		 * at 375 px CSS width... as a phone zoomed to 200 % is 188 px. */
		await t.page.setViewportSize({ width: 320, height: 800 });
		await t.page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
		await noSidewaysScroll(t, `${l.code} at 200 % text, 320 px`);
		await t.screenshot(`citizen about ${l.code} 200 percent`);
		/* The sign-in page keeps the choice (the cookie). */
		await t.page.evaluate(() => { document.documentElement.style.fontSize = ''; });
		await t.page.setViewportSize({ width: 375, height: 800 });
		await t.goto('/citizen');
		t.equal(await t.page.getAttribute('html', 'lang'), l.code);
		t.equal(await t.page.getAttribute('html', 'dir'), l.dir);
		await noSidewaysScroll(t, `sign-in ${l.code} at 375 px`);
		await t.audit(`citizen sign-in ${l.code} 375 px`);
	});
}

run();
