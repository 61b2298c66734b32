// A municipality in its own look: the griffier of the demo uploads a real,
// published NL Design System token file (@utrecht/design-tokens from the npm
// registry, a test dependency) and a logo through the Huisstijl page, then
// the griffier's, the commissie's and the referent's pages are checked in
// that look (axe with contrast, reflow, screenshots); the same pages in
// Klankbord's own look are in screenshots/demo/.
// Run by tests/browser/main.rs (KLANKBORD_BIN = the debug binary).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Inspector, launch, mails, startServer } from './harness.mjs';
import { DemoPerson } from './people.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.KLANKBORD_BIN;
const shots = path.join(process.env.KLANKBORD_SCREENSHOTS || path.resolve('../../screenshots'), 'theme');
if (!bin) throw new Error('KLANKBORD_BIN is not set (the debug binary)');
fs.rmSync(shots, { recursive: true, force: true });
// The package's theme as published: custom properties under `.utrecht-theme`.
const TOKENS = path.join(here, 'node_modules/@utrecht/design-tokens/dist/theme.css');

const started = Date.now();
const server = await startServer(bin, { demo: true });
const inspector = new Inspector(shots);
const ctx = await launch();
const step = (what) => console.log(`[theme ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
let failed = false;

try {
  const clerk = new DemoPerson(ctx, server, inspector, 'griffie@voorbeeldrecht.example');
  const page = await clerk.signIn();
  const defaultColour = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
  await page.getByRole('link', { name: 'Huisstijl' }).first().click();
  await inspector.check(page, 'huisstijl-leeg');

  // A logo: a PNG the browser draws itself (a coloured block with a letter).
  const logo = path.join(server.dir, 'logo.png');
  const drawing = await ctx.person({ width: 240, height: 80 });
  const canvas = await drawing.newPage();
  await canvas.setContent('<body style="margin:0;background:#c00;color:#fff;font:bold 48px sans-serif;display:flex;align-items:center;justify-content:center;height:80px">VBR</body>');
  fs.writeFileSync(logo, await canvas.screenshot({ type: 'png' }));
  await drawing.close();

  await page.locator('#logo').setInputFiles(logo);
  await page.getByRole('button', { name: 'Logo plaatsen' }).click();
  await page.getByText('Het logo is geplaatst').waitFor();
  await page.locator('#ontwerptokens').setInputFiles(TOKENS);
  await page.getByRole('button', { name: 'Ontwerptokens plaatsen' }).click();
  await page.getByText('De ontwerptokens zijn geplaatst').waitFor();
  await inspector.check(page, 'huisstijl-geplaatst');
  step('logo and @utrecht/design-tokens uploaded');

  // The look follows: the tokens are served from our own origin and the header changes colour.
  const css = await page.$$eval('link[rel=stylesheet]', (ls) => ls.map((l) => l.getAttribute('href')));
  assert.ok(css.some((h) => /^\/gemeenten\/[0-9a-f-]+\/thema\.css\?v=\d+$/.test(h)), `theme stylesheet linked: ${css}`);
  await page.goto(`${server.base}/mijn`);
  const round = await page.locator('a[href^="/mijn/rondes/"]').first().getAttribute('href');
  const roundPath = round.match(/\/mijn\/rondes\/[0-9a-f-]{36}/)[0];
  await page.goto(server.base + roundPath);
  const themed = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
  assert.notEqual(themed, defaultColour, 'the header follows the municipality\'s tokens');
  assert.equal(await page.locator('header img').count(), 1, 'the logo is in the header');
  await inspector.check(page, 'ronde-griffier');
  for (const [sub, name] of [['/referenten', 'referenten'], ['/vragenlijst', 'vragenlijst'], ['/instellingen', 'instellingen'], ['/voordrachten', 'voordrachten']]) {
    await page.goto(server.base + roundPath + sub);
    await inspector.check(page, name);
  }
  await clerk.context.close();

  // The commissie reads the closed round's results in the same look.
  const chair = new DemoPerson(ctx, server, inspector, 'voorzitter@voorbeeldrecht.example');
  const chairPage = await chair.signIn();
  await inspector.check(chairPage, 'mijn-voorzitter');
  const results = chairPage.locator('a[href$="/uitkomsten"]').first();
  if (await results.count()) {
    await results.click();
    await inspector.check(chairPage, 'uitkomsten');
  }
  await chair.context.close();

  // A referent of the open round.
  const invite = mails(server.outbox).map((m) => m.text.match(/http:\/\/\S+\/r\/[A-Za-z0-9_-]+/)).find(Boolean);
  assert.ok(invite, 'an invitation in the demo outbox');
  const context = await ctx.person();
  const referent = await context.newPage();
  await referent.goto(invite[0]);
  await inspector.check(referent, 'referent-link');
  assert.equal(await referent.locator('header img').count(), 1, 'the referent sees the municipality\'s logo');
  await context.close();
  step(`${inspector.pages.length} pages checked in the municipality's look`);
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await ctx.close();
  server.stop();
}

if (inspector.problems.length > 0) {
  console.error(`problems:\n${inspector.problems.join('\n')}`);
  process.exit(1);
}
if (failed) process.exit(1);
