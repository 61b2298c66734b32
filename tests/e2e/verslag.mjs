// The verslag's forms as its people use them, on the demo: the griffier
// corrects the demo's vastgesteld verslag, which walks the whole path again —
// writing, the concept shared after a confirmation, a comment from the
// voorzitter, the griffier processing it (first with a missing reply: the
// error page), the definitive version, a change after a signature (asked
// first, voids the signature), and the signatures of voorzitter and
// burgemeester with their second factor. Every page of it is checked like the
// demo crawl (axe, reflow at 640/375/320 px, screenshots).
// Run by tests/browser/main.rs (KLANKBORD_BIN = the debug binary).

import fs from 'node:fs';
import path from 'node:path';
import { Inspector, launch, startServer } from './harness.mjs';
import { DemoPerson } from './people.mjs';

const bin = process.env.KLANKBORD_BIN;
const shots = path.join(process.env.KLANKBORD_SCREENSHOTS || path.resolve('../../screenshots'), 'verslag');
if (!bin) throw new Error('KLANKBORD_BIN is not set (the debug binary)');
fs.rmSync(shots, { recursive: true, force: true });

const started = Date.now();
const step = (what) => console.log(`[verslag ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
const server = await startServer(bin, { demo: true });
const inspector = new Inspector(shots);
const ctx = await launch();
let failed = false;

/** Fails the walk when the page does not say `text`. */
async function expectText(page, text, what) {
  try {
    await page.getByText(text).first().waitFor({ timeout: 5000 });
  } catch {
    throw new Error(`${what}: the page does not say “${text}” (${page.url()})`);
  }
}

/** The person signs the current definitive version on the signing page. */
async function sign(person, verslag, name) {
  const page = await person.open(verslag);
  await page.getByRole('link', { name: 'Verslag ondertekenen' }).click();
  await inspector.check(page, name);
  // A factor typed at sign-in within the last 5 minutes counts; otherwise a code.
  const fresh = await page.getByText('u hoeft geen code te typen').count();
  if (!fresh) await page.getByLabel(/Code uit uw authenticator-app/).fill(await person.freshCode());
  await page.getByRole('button', { name: 'Ondertekenen' }).click();
  await expectText(page, 'ondertekend', `${person.email} signed`);
}

try {
  const griffie = new DemoPerson(ctx, server, inspector, 'griffie@voorbeeldrecht.example');
  const g = await griffie.signIn();

  // The closed round's verslag is vastgesteld; find it from the griffier's own pages.
  const hrefs = await g.$$eval('a[href$="/verslag"]', (as) => [...new Set(as.map((a) => new URL(a.href).pathname))]);
  let verslag = null;
  for (const href of hrefs) {
    await g.goto(server.base + href);
    if (await g.getByRole('link', { name: 'Correctie maken' }).count()) {
      verslag = href;
      break;
    }
  }
  if (!verslag) throw new Error(`no vastgesteld verslag among the griffier's links ${hrefs.join(', ')}`);
  await inspector.check(g, 'griffie-vastgesteld');

  // A correction: asked first, then a new verslag that refers to the original.
  await g.getByRole('link', { name: 'Correctie maken' }).click();
  await inspector.check(g, 'griffie-correctie-bevestigen');
  await g.getByRole('button', { name: 'Ja, correctie maken' }).click();
  await expectText(g, 'Dit verslag corrigeert het verslag', 'the correction');
  await inspector.check(g, 'griffie-schrijven');
  const first = g.getByLabel(/^Tekst onder/).first();
  await first.fill(`${await first.inputValue()}\n\nCorrectie: de datum van de volgende evaluatie is 1 juni.`);
  await g.getByRole('button', { name: 'Tekst opslaan' }).first().click();
  await expectText(g, 'Correctie: de datum', 'the text is saved');
  step('griffier started a correction and wrote');

  // The concept goes to the participants, after a confirmation.
  await g.getByRole('link', { name: 'Concept delen met de deelnemers' }).click();
  await inspector.check(g, 'griffie-concept-bevestigen');
  await g.getByRole('button', { name: 'Ja, concept delen' }).click();
  await inspector.check(g, 'griffie-concept');

  // The voorzitter reads the concept and comments on the first heading.
  const voorzitter = new DemoPerson(ctx, server, inspector, 'voorzitter@voorbeeldrecht.example');
  const v = await voorzitter.signIn();
  await v.goto(server.base + verslag);
  await inspector.check(v, 'voorzitter-concept');
  await v.getByLabel('Uw commentaar op deze kop').first().fill('Noem ook dat de raad de evaluatie wil bespreken.');
  await v.getByRole('button', { name: 'Commentaar geven' }).first().click();
  await expectText(v, 'Noem ook dat de raad', 'the comment is listed');
  await inspector.check(v, 'voorzitter-commentaar-gegeven');
  step('voorzitter commented on the concept');

  // The griffier processes it: without the required reply first (the error page).
  await g.goto(server.base + verslag);
  await g.getByLabel('Niet overgenomen').first().check();
  await g.getByRole('button', { name: 'Verwerken' }).first().click();
  await inspector.check(g, 'griffie-commentaar-fout');
  await g.getByLabel('Niet overgenomen').first().check();
  await g.getByLabel('Toelichting').first().fill('Dit staat al onder de kop over de afspraken.');
  await g.getByRole('button', { name: 'Verwerken' }).first().click();
  await expectText(g, 'Definitieve versie maken', 'all comments processed');
  await g.getByRole('link', { name: 'Definitieve versie maken' }).click();
  await inspector.check(g, 'griffie-definitief-bevestigen');
  await g.getByRole('button', { name: 'Ja, definitieve versie maken' }).click();
  await inspector.check(g, 'griffie-definitief');
  step('griffier processed the comment and made the version definitive');

  // The voorzitter signs; a change after that is asked first and voids it.
  await sign(voorzitter, verslag, 'voorzitter-ondertekenen');
  await g.goto(server.base + verslag);
  const text = g.getByLabel(/^Tekst onder/).first();
  await text.fill(`${await text.inputValue()} (aangevuld)`);
  await g.getByRole('button', { name: 'Tekst opslaan' }).first().click();
  await inspector.check(g, 'griffie-wijziging-bevestigen');
  await g.getByRole('button', { name: 'Ja, wijzigen' }).click();
  await expectText(g, 'nog niet ondertekend', 'the signature is void');
  step('a change after the first signature voided it');

  // Both sign the new version: the correction is vastgesteld.
  await sign(voorzitter, verslag, 'voorzitter-ondertekenen-opnieuw');
  const burgemeester = new DemoPerson(ctx, server, inspector, 'burgemeester@voorbeeldrecht.example');
  await burgemeester.signIn();
  await sign(burgemeester, verslag, 'burgemeester-ondertekenen');
  await g.goto(server.base + verslag);
  await expectText(g, 'Dit verslag is vastgesteld', 'the correction is vastgesteld');
  await expectText(g, '(aangevuld)', 'the vastgesteld text is the changed one');
  await inspector.check(g, 'griffie-correctie-vastgesteld');
  step('voorzitter and burgemeester signed: the correction is vastgesteld');
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
