// Checks parallax serve in Debian's chromium (see run.sh): from the index to a
// story to an evidence link and on to the article page; the filters and the
// search; no console errors (a CSP violation is one); no request outside the
// server; hostile text inert; screenshots at 1280 and 390 px.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const env = (k) => {
  if (!process.env[k]) throw new Error(`${k} is not set (run tests/browser/run.sh)`);
  return process.env[k];
};
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} serve: ${what}`);
  if (!ok) failures.push(what);
};

const base = env('PX_SERVE');
const xbase = env('PX_SERVE_XSS');
const shots = env('PX_SHOTS');
mkdirSync(env('PX_PROFILE') + '-serve', { recursive: true });
const context = await chromium.launchPersistentContext(env('PX_PROFILE') + '-serve', {
  executablePath: env('PX_CHROMIUM'),
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});

const log = { errors: [], foreign: [], dialogs: [] };
async function page() {
  const p = await context.newPage();
  p.on('console', (m) => { if (m.type() === 'error') log.errors.push(`${p.url()}: ${m.text()}`); });
  p.on('pageerror', (e) => log.errors.push(`${p.url()}: ${e}`));
  p.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await p.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(base) || u.startsWith(xbase)) return route.continue();
    log.foreign.push(u);
    return route.abort();
  });
  return p;
}

const p = await page();
await p.goto(base + '/', { waitUntil: 'load' });
const rows = await p.$$eval('#stories tbody tr', (r) => r.length);
check(rows >= 1, `the index lists stories (${rows})`);
const cols = await p.$$eval('#stories thead th', (t) => t.map((x) => x.textContent));
check(cols.includes('Contradictions') && cols.includes('Silences'), `index columns ${cols.join(', ')}`);

// Screenshots of the index at 1280 and 390 px: not blank, no sideways scrolling.
const stats = async (png) => {
  const pg = await context.newPage();
  const r = await pg.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0, s = 0, s2 = 0;
    for (let i = 0; i < d.length; i += 4 * 7) { const v = (d[i] + d[i + 1] + d[i + 2]) / 3; n++; s += v; s2 += v * v; }
    const m = s / n;
    return { w: c.width, sd: Math.sqrt(s2 / n - m * m) };
  }, png.toString('base64'));
  await pg.close();
  return r;
};
async function shoot(name) {
  for (const w of [1280, 390]) {
    await p.setViewportSize({ width: w, height: 900 });
    await p.evaluate(() => window.scrollTo(0, 0));
    const png = await p.screenshot({ fullPage: false });
    const file = path.join(shots, `serve-${name}-${w}.png`);
    writeFileSync(file, png);
    const s = await stats(png);
    check(png.length > 5000 && s.w === w && s.sd > 10, `screenshot ${file}: ${png.length} bytes, deviation ${s.sd.toFixed(1)}`);
    const over = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(over <= 1, `${name}: no sideways scrolling at ${w} px (${over} px over)`);
  }
  await p.setViewportSize({ width: 1280, height: 900 });
}
await shoot('index');

// Index -> story.
const first = p.locator('#stories tbody tr th a').first();
const title = (await first.textContent()).trim();
await Promise.all([p.waitForURL(/\/story\//), first.click()]);
check((await p.$eval('h1', (h) => h.textContent.trim())) === title, `the story page is "${title}"`);
await shoot('story');

// Story -> evidence link: lands on a highlighted mark in an article view.
const ev = p.locator('a.ev').nth(2);
const href = await ev.getAttribute('href');
await ev.click();
await p.waitForTimeout(100);
const landed = await p.evaluate((h) => {
  const el = document.getElementById(decodeURIComponent(h.slice(1)));
  if (!el) return 'no target';
  const r = el.getBoundingClientRect();
  if (el.tagName !== 'MARK') return `target is ${el.tagName}`;
  if (!el.matches(':target')) return 'not :target';
  if (!(r.bottom > 0 && r.top < window.innerHeight)) return 'not in view';
  if (!el.closest('article.art p')) return 'not in an article paragraph';
  return 'ok';
}, href);
check(landed === 'ok', `evidence link ${href} lands on its highlighted span (${landed})`);

// Story -> article page: every annotation highlighted, span anchors.
const artLink = p.locator('a[href^="/article/"]').first();
await Promise.all([p.waitForURL(/\/article\//), artLink.click()]);
const marks = await p.$$eval('.text mark[id^="span-"]', (m) => m.map((x) => x.id));
check(marks.length >= 3, `the article page has span anchors (${marks.length})`);
await p.goto(p.url().split('#')[0] + '#' + marks[1], { waitUntil: 'load' });
const tgt = await p.evaluate((id) => document.getElementById(id).matches(':target'), marks[1]);
check(tgt, `#${marks[1]} is the target`);
await shoot('article');

// Filters: an outlet keeps only its stories; singles shows more or as many.
await p.goto(base + '/', { waitUntil: 'load' });
const outlets = await p.$$eval('#outlet option', (o) => o.map((x) => x.value).filter((v) => v));
check(outlets.length >= 2, `outlet filter offers outlets (${outlets.length})`);
const pick = outlets[outlets.length - 1];
await p.selectOption('#outlet', pick);
await Promise.all([p.waitForURL(/outlet=/), p.click('form.filters button[type=submit]')]);
const kept = await p.$$eval('#stories tbody tr td.outlets', (t) => t.map((x) => x.textContent));
check(kept.length >= 1 && kept.every((t) => t.includes(pick)), `outlet filter ${pick}: ${kept.length} stories, all by it`);
await p.goto(base + '/', { waitUntil: 'load' });
const multi = await p.$$eval('#stories tbody tr', (r) => r.length);
await p.check('#singles');
await Promise.all([p.waitForURL(/singles=1/), p.click('form.filters button[type=submit]')]);
const all = await p.$$eval('#stories tbody tr', (r) => r.length);
const singles = await p.$$eval('#stories tbody tr.single', (r) => r.length);
check(all > multi && singles >= 1, `singles filter: ${multi} -> ${all} stories, ${singles} told by one outlet`);
await p.fill('#from', '2099-01-01');
await Promise.all([p.waitForURL(/from=2099/), p.click('form.filters button[type=submit]')]);
const none = await p.$$eval('#stories tbody tr', (r) => r.length);
check(none === 0, `a date range with no story shows none (${none})`);

// The page's quick filter (the served script).
await p.goto(base + '/?singles=1', { waitUntil: 'load' });
await p.fill('#q', 'zzqqxxnothing');
const hidden = await p.$$eval('#stories tbody tr', (r) => r.filter((x) => !x.hidden).length);
check(hidden === 0, `the served script filters the rows (${hidden} shown for nonsense)`);

// Search from the box in the header.
await p.fill('#sq', 'bridge');
await Promise.all([p.waitForURL(/\/search\?q=bridge/), p.press('#sq', 'Enter')]);
const hits = await p.$$eval('ol.hits li', (l) => l.length);
const hmarks = await p.$$eval('ol.hits mark', (m) => m.length);
check(hits >= 1 && hmarks >= 1, `search "bridge": ${hits} results, ${hmarks} marked words`);
await shoot('search');
await Promise.all([p.waitForURL(/\/article\//), p.locator('ol.hits li a').first().click()]);
check(true, 'a search result opens its article');

// Hostile text on a server of its own.
const x = await page();
for (const u of ['/?singles=1', '/search?q=bridge']) {
  await x.goto(xbase + u, { waitUntil: 'load' });
  await x.waitForTimeout(150);
}
const art = await x.$eval('ol.hits li a', (a) => a.getAttribute('href'));
await x.goto(xbase + art, { waitUntil: 'load' });
await x.waitForTimeout(200);
const r = await x.evaluate(() => ({
  pwned: window.__pwned,
  bad: document.querySelectorAll('img,iframe,object,embed,[onerror],[onload],[onclick]').length,
  inline: [...document.scripts].filter((s) => !s.src).length,
  js: [...document.querySelectorAll('[href]')].filter((e) => /^\s*javascript:/i.test(e.getAttribute('href'))).length,
  text: document.body.textContent,
}));
check(r.pwned === undefined && log.dialogs.length === 0, `hostile text never runs (window.__pwned ${r.pwned})`);
check(r.bad === 0 && r.inline === 0 && r.js === 0, `hostile markup inert (${r.bad} img/iframe/handlers, ${r.inline} inline scripts, ${r.js} javascript: links)`);
check(/<(script|iframe)[^>]*>?.*window\.__pwned=/.test(r.text), 'hostile text shown as text');

check(log.errors.length === 0, `no console errors ${log.errors.slice(0, 3).join('; ')}`);
check(log.foreign.length === 0, `no request outside the server ${log.foreign.slice(0, 3).join(', ')}`);
await context.close();
if (failures.length) {
  console.error(`browser test (serve): ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('browser test (serve): all checks passed');
