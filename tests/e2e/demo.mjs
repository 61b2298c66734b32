// Every page of the demo, as each of its people reaches it from their own
// start page: a bounded crawl along the links a person can click, with
// axe-core, the reflow check (640, 375 and 320 px) and screenshots on every
// page. The demo's data is what a griffier sees on the first day, so long
// names, full tables and a closed round with results are all here.
// Run by tests/browser/main.rs (KLANKBORD_BIN = the debug binary).

import fs from 'node:fs';
import path from 'node:path';
import { Inspector, launch, mails, offHost, startServer } from './harness.mjs';
import { DemoPerson } from './people.mjs';

const bin = process.env.KLANKBORD_BIN;
const shots = path.join(process.env.KLANKBORD_SCREENSHOTS || path.resolve('../../screenshots'), 'demo');
if (!bin) throw new Error('KLANKBORD_BIN is not set (the debug binary)');
fs.rmSync(shots, { recursive: true, force: true });

/** Pages per person at most, and the whole walk's time limit. */
const MAX_PAGES_PER_PERSON = Number(process.env.KLANKBORD_DEMO_PAGES || 45);
const DEADLINE = Date.now() + 12 * 60_000;

/** The same page for another id: `/mijn/rondes/<uuid>/x` and `/mijn/rondes/<other>/x` are one pattern. */
const pattern = (p) => p.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}');

/** Links a person can follow to another page (no downloads, no sign-out, no referent links). */
async function links(page, base) {
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  const out = [];
  for (const href of hrefs) {
    if (!href.startsWith(base)) continue;
    const url = new URL(href);
    const p = url.pathname;
    if (/\.(csv|json|pdf|png|jpg|svg|txt|css)$/.test(p)) continue;
    if (p.startsWith('/r/') || p.startsWith('/aanmelden') || p.startsWith('/afmelden') || p.startsWith('/assets/')) continue;
    out.push(p);
  }
  return out;
}

/** The voorzitter downloads the results as PDF, prints them and redacts a comment on the web. */
async function chairScenario(page) {
  await page.goto(`${server.base}/mijn`);
  await page.locator('a[href$="/uitkomsten"]').first().click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'PDF downloaden' }).click(),
  ]);
  const pdf = fs.readFileSync(await download.path());
  if (pdf.subarray(0, 5).toString() !== '%PDF-') inspector.problems.push('the PDF download is not a PDF');
  fs.writeFileSync(path.join(shots, 'uitkomsten-download.pdf'), pdf);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: path.join(shots, 'uitkomsten-afgedrukt.pdf'), preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('link', { name: 'Toelichtingen nakijken en weglakken' }).click();
  await inspector.check(page, 'voorzitter-toelichtingen');
  // Each comment's form opens from its own "Weglakken…" (a details element, no script).
  await page.locator('details > summary').first().click();
  const first = page.locator('form').filter({ has: page.getByRole('button', { name: 'Weglakken…' }) }).first();
  await first.getByLabel(/De standaardtekst/).check();
  await first.getByRole('button', { name: 'Weglakken…' }).click();
  await inspector.check(page, 'voorzitter-weglakken-bevestigen');
  await page.getByRole('button', { name: 'Ja, weglakken' }).click();
  await page.getByText('De toelichting is weggelakt').waitFor();
  await inspector.check(page, 'voorzitter-weggelakt');
  step('voorzitter downloaded the PDF, printed and redacted a comment');
}

const started = Date.now();
const server = await startServer(bin, { demo: true });
const inspector = new Inspector(shots);
const ctx = await launch();
const step = (what) => console.log(`[demo ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
const seenPatterns = new Set();
const visitedPaths = new Set();
let failed = false;

try {
  // The demo is made by `serve --demo` before the server listens.
  const people = ['griffie', 'voorzitter', 'burgemeester', 'commissielid', 'raadslid', 'beheer']
    .map((who) => [who, `${who}@voorbeeldrecht.example`])
    .concat([['kabinet', 'kabinet@voorbeeldland.example'], ['griffie-veen', 'griffie@voorbeeldveen.example']]);
  for (const [who, email] of people) {
    const person = new DemoPerson(ctx, server, inspector, email);
    const page = await person.signIn();
    const queue = ['/mijn'];
    const mine = new Set();
    let checked = 0;
    while (queue.length > 0 && checked < MAX_PAGES_PER_PERSON && Date.now() < DEADLINE) {
      const p = queue.shift();
      if (mine.has(p)) continue;
      mine.add(p);
      const response = await page.goto(server.base + p);
      const status = response ? response.status() : 0;
      if (status >= 400 && status !== 403) {
        inspector.problems.push(`${who}: ${p} answered ${status} from a link on their own pages`);
        continue;
      }
      visitedPaths.add(p);
      // Each kind of page is checked once per person; the griffier's walk covers the most.
      const key = `${who} ${pattern(p)}`;
      if (!seenPatterns.has(key)) {
        seenPatterns.add(key);
        const name = `${who}${pattern(p).replace(/\{id\}/g, 'x').replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '')}`;
        await inspector.check(page, name);
        checked += 1;
      }
      for (const next of await links(page, server.base)) if (!mine.has(next)) queue.push(next);
    }
    step(`${who}: ${checked} pages checked, ${mine.size} visited`);
    if (who === 'voorzitter') await chairScenario(page);
    await person.context.close();
  }

  // A referent of the open round, from the link in their invitation.
  const invite = mails(server.outbox).map((m) => m.text.match(/http:\/\/\S+\/r\/[A-Za-z0-9_-]+/)).find(Boolean);
  if (invite) {
    const context = await ctx.person();
    const page = await context.newPage();
    await page.goto(invite[0]);
    await inspector.check(page, 'referent-link');
    const start = page.getByRole('button').first();
    if (await start.count()) {
      await start.click();
      await inspector.check(page, 'referent-form');
    }
    await context.close();
  } else {
    inspector.problems.push('no invitation link in the demo outbox');
  }
  if (offHost.length > 0) inspector.problems.push(`requests to other hosts: ${offHost.join(', ')}`);
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await ctx.close();
  server.stop();
}

step(`${inspector.pages.length} pages checked (axe, reflow at 640/375/320 px, screenshots in ${shots})`);
if (inspector.problems.length > 0) {
  console.error(`problems:\n${inspector.problems.join('\n')}`);
  process.exit(1);
}
if (failed) process.exit(1);
