// Checks the report in Debian's chromium (see run.sh): no console errors, no
// network, evidence links land on highlighted spans, the search box filters,
// hostile text is inert, screenshots are not blank, accessibility basics.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const env = (k) => {
  if (!process.env[k]) throw new Error(`${k} is not set (run tests/browser/run.sh)`);
  return process.env[k];
};
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

mkdirSync(env('PX_PROFILE'), { recursive: true });
const context = await chromium.launchPersistentContext(env('PX_PROFILE'), {
  executablePath: env('PX_CHROMIUM'),
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});

// Opens a file, recording console errors, page errors, dialogs and every request.
async function open(file) {
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const log = { errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.route('**/*', (route) => {
    const u = route.request().url();
    log.requests.push(u);
    return u === url ? route.continue() : route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(200);
  return { page, log, url };
}

// ---- the demo report ----
const demo = await open(env('PX_REPORT'));
const p = demo.page;

const links = await p.$$eval('a.ev', (as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
check(links.length >= 10, `evidence links present (${links.length})`);
const bad = await p.evaluate((hrefs) => {
  const out = [];
  for (const h of hrefs) {
    const el = h.startsWith('#') && document.getElementById(decodeURIComponent(h.slice(1)));
    if (!el) { out.push(`${h}: no target`); continue; }
    location.hash = h;
    const cs = getComputedStyle(el);
    const bg = cs.backgroundColor;
    if (el.tagName !== 'MARK') out.push(`${h}: target is ${el.tagName}`);
    else if (!el.matches(':target')) out.push(`${h}: not :target`);
    else if (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent') out.push(`${h}: not highlighted`);
    else if (cs.outlineStyle === 'none') out.push(`${h}: no outline on target`);
    else if (!el.closest('article.art p')) out.push(`${h}: not inside an article paragraph`);
    else if (!el.textContent.trim()) out.push(`${h}: empty span`);
  }
  return out;
}, links);
check(bad.length === 0, `every evidence link lands on a highlighted span in its paragraph ${bad.slice(0, 5).join('; ')}`);

// Real clicks scroll the target into view.
let scrolled = 0;
const sample = links.filter((_, i) => i % Math.max(1, Math.floor(links.length / 6)) === 0).slice(0, 6);
for (const h of sample) {
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.locator(`a.ev[href="${h}"]`).first().click();
  await p.waitForTimeout(50);
  const inView = await p.evaluate((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }, h.slice(1));
  scrolled += inView ? 1 : 0;
}
check(scrolled === sample.length, `clicked evidence links scroll to their span (${scrolled}/${sample.length})`);

// The search box filters the story list.
await p.evaluate(() => { location.hash = ''; window.scrollTo(0, 0); });
const rows = await p.$$eval('#stories tbody tr', (r) => r.length);
const word = (await p.$eval('#stories tbody tr th a', (a) => a.textContent)).split(/\s+/).find((w) => w.length > 3);
await p.fill('#q', word.toLowerCase());
const shown = await p.$$eval('#stories tbody tr', (r) => r.filter((x) => !x.hidden).length);
await p.fill('#q', 'zzqqxxnothing');
const none = await p.$$eval('#stories tbody tr', (r) => r.filter((x) => !x.hidden).length);
const status = await p.$eval('#qn', (e) => e.textContent);
await p.fill('#q', '');
check(rows > 0 && shown >= 1 && none === 0 && /0 of/.test(status),
  `search box filters (${rows} rows, "${word}" shows ${shown}, nonsense shows ${none}, "${status}")`);

// Accessibility basics.
const a11y = await p.evaluate(() => {
  const out = [];
  const hs = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
  if (document.querySelectorAll('h1').length !== 1) out.push('not exactly one h1');
  let prev = 0;
  for (const h of hs) {
    const l = +h.tagName[1];
    if (l > prev + 1) out.push(`heading skips to ${h.tagName}: ${h.textContent.slice(0, 40)}`);
    if (!h.textContent.trim()) out.push('empty heading');
    prev = l;
  }
  for (const th of document.querySelectorAll('th')) if (!th.getAttribute('scope')) out.push(`th without scope: ${th.textContent.slice(0, 30)}`);
  for (const t of document.querySelectorAll('table')) if (!t.querySelector('th')) out.push('table without header cells');
  for (const a of document.querySelectorAll('a')) if (!a.textContent.trim()) out.push(`link without text: ${a.getAttribute('href')}`);
  for (const s of document.querySelectorAll('svg')) if (!s.getAttribute('aria-label') && s.getAttribute('aria-hidden') !== 'true') out.push('svg without label');
  const q = document.getElementById('q');
  if (!q || !document.querySelector('label[for="q"]')) out.push('search box without label');
  // Colour is not the only signal: contradictions and silences say so in words.
  for (const c of document.querySelectorAll('td.contradict')) if (!/contradict/.test(c.textContent)) out.push('contradiction without text');
  for (const c of document.querySelectorAll('td.silent')) if (!/silent/.test(c.textContent)) out.push('silence without text');
  if (!document.querySelector('td.contradict')) out.push('the demo shows no contradiction');
  if (!document.querySelector('td.silent')) out.push('the demo shows no silence');
  if (document.documentElement.lang !== 'en') out.push('no lang');
  return out;
});
check(a11y.length === 0, `accessibility basics ${a11y.slice(0, 5).join('; ')}`);

// Screenshots at 1280 and 390 pixels, not blank, no sideways scrolling.
const shots = env('PX_SHOTS');
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
    return { w: c.width, h: c.height, sd: Math.sqrt(s2 / n - m * m) };
  }, png.toString('base64'));
  await pg.close();
  return r;
};
for (const w of [1280, 390]) {
  await p.setViewportSize({ width: w, height: 900 });
  await p.evaluate(() => window.scrollTo(0, 0));
  const png = await p.screenshot({ fullPage: false });
  const file = path.join(shots, `report-${w}.png`);
  writeFileSync(file, png);
  const s = await stats(png);
  check(png.length > 5000 && s.w === w && s.sd > 10, `screenshot ${file}: ${png.length} bytes, ${s.w}x${s.h}, deviation ${s.sd.toFixed(1)}`);
  const over = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(over <= 1, `no sideways scrolling at ${w} px (${over} px over)`);
}
const full = await p.screenshot({ fullPage: true });
writeFileSync(path.join(shots, 'report-full-390.png'), full);

check(demo.log.errors.length === 0, `no console errors ${demo.log.errors.slice(0, 3).join('; ')}`);
const foreign = demo.log.requests.filter((u) => u !== demo.url);
check(foreign.length === 0, `no network requests (${demo.log.requests.length} request(s), foreign: ${foreign.slice(0, 3).join(', ')})`);

// ---- the hostile report ----
const xss = await open(env('PX_XSS'));
await xss.page.waitForTimeout(300);
const x = await xss.page.evaluate(() => ({
  pwned: window.__pwned,
  scripts: document.scripts.length,
  bad: document.querySelectorAll('img,iframe,object,embed,[onerror],[onload],[onclick]').length,
  jsLinks: [...document.querySelectorAll('[href],[src]')].filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length,
  links: [...document.querySelectorAll('a[href]')].filter((a) => !a.getAttribute('href').startsWith('#')).length,
  text: document.body.textContent,
}));
check(x.pwned === undefined, `hostile text never runs (window.__pwned ${x.pwned})`);
check(xss.log.dialogs.length === 0, 'no dialog opened');
check(x.scripts === 1 && x.bad === 0 && x.jsLinks === 0 && x.links === 0,
  `hostile markup is inert (${x.scripts} script, ${x.bad} img/iframe/handlers, ${x.jsLinks} javascript: links, ${x.links} outside links)`);
check(x.text.includes('<script>window.__pwned=1</script>') && x.text.includes('javascript:window.__pwned=3'),
  'hostile text is shown as text, URL included');
check(xss.log.errors.length === 0, `no console errors on the hostile page ${xss.log.errors.slice(0, 3).join('; ')}`);
check(xss.log.requests.every((u) => u === xss.url), `no network from the hostile page (${xss.log.requests.join(', ')})`);

await context.close();
if (failures.length) {
  console.error(`browser test: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('browser test: all checks passed');
