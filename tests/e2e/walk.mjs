// The whole cycle in a real browser, as the people of one municipality
// would go through it, with axe-core, reflow and screenshots on every page.
// Run by tests/browser/main.rs (KLANKBORD_BIN = the debug binary).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Inspector, launch, offHost, startServer, waitForMail } from './harness.mjs';
import { Person } from './people.mjs';

const bin = process.env.KLANKBORD_BIN;
const shots = path.join(process.env.KLANKBORD_SCREENSHOTS || path.resolve('../../screenshots'), 'walk');
if (!bin) throw new Error('KLANKBORD_BIN is not set (the debug binary)');
fs.rmSync(shots, { recursive: true, force: true });

const started = Date.now();
const server = await startServer(bin);
const inspector = new Inspector(shots);
const ctx = await launch();
const step = (what) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
const person = (email) => new Person(ctx, server, inspector, email);

const REFERENTEN = [
  ['Anna de Vries', 'anna@nieuwstad.example', 'gemeenteraad'],
  ['Bram Jansen', 'bram@nieuwstad.example', 'gemeenteraad'],
  ['Cor Bakker', 'cor@nieuwstad.example', 'gemeenteraad'],
  ['Dina Visser', 'dina@nieuwstad.example', 'gemeenteraad'],
  ['Eef Smit', 'eef@nieuwstad.example', 'college'],
  ['Fleur Mulder', 'fleur@nieuwstad.example', 'college'],
  ['Gijs de Boer', 'gijs@nieuwstad.example', 'college'],
  ['Hans Dekker', 'hans@nieuwstad.example', 'college'],
];
const NOMINATED = [
  ['Ilse Meijer', 'ilse@politie.example', 'Teamchef politie, dagelijks contact over openbare orde'],
  ['Joost Hendriks', 'joost@om.example', 'Officier van justitie in de driehoek'],
];

try {
  // 1. The platform admin creates the municipality and its griffier.
  server.cli('add-staff', '--email', 'beheer@hoster.example', '--name', 'Bea Beheer', '--platform-admin');
  const admin = person('beheer@hoster.example');
  let page = await admin.signIn(true);
  await inspector.check(page, 'mijn-beheerder');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
  await inspector.check(page, 'beheer');
  await page.getByLabel(/Naam van de gemeente/).fill('Nieuwstad');
  await page.getByLabel('Naam van de griffier').fill('Gerda Griffier');
  await page.getByLabel('E-mailadres van de griffier').fill('griffie@nieuwstad.example');
  await page.getByRole('button', { name: 'Gemeente aanmaken' }).click();
  await page.getByText('Nieuwstad').first().waitFor();
  step('platform admin created Nieuwstad');

  // 2. The griffier signs in, adds the burgemeester and the commissie, sets up a round.
  const clerk = person('griffie@nieuwstad.example');
  page = await clerk.signIn();
  await inspector.check(page, 'mijn-griffier');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mensen en rollen' }).click();
  await inspector.check(page, 'mensen');
  for (const [name, email, role] of [
    ['Bert Burgemeester', 'burgemeester@nieuwstad.example', /^Burgemeester/],
    ['Vera Voorzitter', 'voorzitter@nieuwstad.example', /^Voorzitter van de klankbordcommissie/],
    ['Dirk Delegatie', 'lid@nieuwstad.example', /^Lid van de klankbordcommissie/],
  ]) {
    await page.getByLabel('Naam', { exact: true }).fill(name);
    await page.getByLabel('E-mailadres', { exact: true }).fill(email);
    await page.getByLabel(role).check();
    await page.getByRole('button', { name: 'Rol geven' }).click();
    await page.getByRole('cell', { name: email }).waitFor();
  }
  await page.goto(`${server.base}/mijn`);
  await page.getByRole('link', { name: 'Nieuwe ronde', exact: true }).click();
  await inspector.check(page, 'nieuwe-ronde');
  await page.locator('input[type=radio][value=regulier]').check();
  await page.getByRole('button', { name: 'Ronde aanmaken' }).click();
  await page.waitForURL(/\/mijn\/rondes\/[0-9a-f-]+$/);
  const roundPath = new URL(page.url()).pathname;
  await inspector.check(page, 'ronde-griffier');
  step(`griffier created ${roundPath}`);

  await page.goto(`${server.base}${roundPath}/instellingen`);
  await inspector.check(page, 'instellingen');
  await page.goto(`${server.base}${roundPath}/groepen`);
  await inspector.check(page, 'groepen');
  await page.goto(`${server.base}${roundPath}/vragenlijst/voorbeeld/veiligheidspartners`);
  await page.getByText('Voorbeeld: zo ziet de groep').waitFor();
  await inspector.check(page, 'vragenlijst-voorbeeld');
  await page.goto(`${server.base}${roundPath}/vragenlijst`);
  await inspector.check(page, 'vragenlijst-samenstellen');

  await page.goto(`${server.base}${roundPath}/referenten`);
  await inspector.check(page, 'referenten');
  const csv = 'naam,email,groep\n' + REFERENTEN.map((r) => r.join(',')).join('\n') + '\n';
  await page.locator('input[type=file]').setInputFiles({ name: 'referenten.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Bestand controleren' }).click();
  await page.getByText('Controleer de lijst').waitFor();
  await inspector.check(page, 'referenten-controleren');
  await page.getByRole('button', { name: 'Deze referenten toevoegen' }).click();
  await page.getByText(`${REFERENTEN.length} referenten toegevoegd`).waitFor();
  step('griffier uploaded the referenten');

  // 3. The burgemeester nominates two referenten and chooses the sharing mode.
  const mayor = person('burgemeester@nieuwstad.example');
  page = await mayor.signIn();
  await inspector.check(page, 'mijn-burgemeester');
  await page.goto(`${server.base}${roundPath}/voordrachten`);
  await inspector.check(page, 'voordrachten-burgemeester');
  for (const [name, email, reason] of NOMINATED) {
    await page.getByLabel('Naam', { exact: true }).fill(name);
    await page.getByLabel('E-mailadres', { exact: true }).fill(email);
    await page.getByLabel('Veiligheidspartners').check();
    await page.getByLabel(/Waarom/).fill(reason);
    await page.getByRole('button', { name: 'Voordragen' }).click();
    await page.getByText(email).waitFor();
  }
  await page.goto(`${server.base}${roundPath}/deelmodus`);
  await inspector.check(page, 'deelmodus');
  await page.locator('input[name=deelmodus][value=ook-burgemeester]').check();
  await page.getByRole('button', { name: 'Keuze opslaan' }).click();
  await page.waitForURL('**/mijn');
  await page.goto(`${server.base}${roundPath}/agenda`);
  await inspector.check(page, 'agenda');
  await page.locator('main textarea').first().fill('Hoe houden we de raad beter op de hoogte van veiligheidszaken?');
  await page.getByRole('button', { name: 'Op de agenda zetten' }).click();
  await page.getByText('Hoe houden we de raad beter op de hoogte').waitFor();
  step('burgemeester nominated two, chose the sharing mode and added an agenda item');

  // 4. The voorzitter approves both nominations.
  const chair = person('voorzitter@nieuwstad.example');
  page = await chair.signIn();
  await page.goto(`${server.base}${roundPath}/voordrachten`);
  await inspector.check(page, 'voordrachten-commissie');
  for (let i = 0; i < NOMINATED.length; i++) {
    await page.getByRole('button', { name: 'Goedkeuren' }).first().click();
    await page.waitForLoadState();
  }
  assert.equal(await page.getByRole('button', { name: 'Goedkeuren' }).count(), 0);
  step('voorzitter approved both');

  // 5. The griffier sends the invitations.
  page = await clerk.page();
  await page.goto(`${server.base}${roundPath}`);
  await page.getByRole('button', { name: 'Uitnodigingen versturen' }).click();
  await page.waitForLoadState();
  if (new URL(page.url()).pathname.endsWith('/uitnodigen')) {
    // Before the opening day or a group too small to be shown apart: asked first.
    await inspector.check(page, 'uitnodigen-bevestigen');
    await page.getByRole('button', { name: /^Ja, .* uitnodigen$/ }).click();
  }
  await page.getByText('De uitnodigingen staan klaar').waitFor();
  await inspector.check(page, 'ronde-na-uitnodigen');
  step('griffier sent the invitations');

  // 6. Referenten answer through the links in their mails.
  const everyone = [...REFERENTEN.map(([n, e]) => [n, e]), ...NOMINATED.map(([n, e]) => [n, e])];
  const links = new Map();
  for (const [, email] of everyone) {
    links.set(email, await waitForMail(server.outbox, email, /http:\/\/\S+\/r\/[A-Za-z0-9_-]+/));
  }
  const answered = [];
  for (const [i, [, email]] of everyone.entries()) {
    // Referent 1 on a phone; each referent in a browser of their own.
    const refCtx = await ctx.person(i === 1 ? { width: 375, height: 740 } : undefined);
    const ref = await refCtx.newPage();
    await ref.goto(links.get(email));
    await ref.waitForURL('**/vragenlijst');
    if (i === 0) await inspector.check(ref, 'vragenlijst-start');
    if (i === everyone.length - 1) {
      // Prefers a conversation.
      await ref.getByRole('link', { name: 'Ik geef mijn input liever in een gesprek' }).click();
      await inspector.check(ref, 'liever-gesprek');
      await ref.getByRole('button', { name: 'Ja, ik geef mijn input liever in een gesprek' }).click();
      await ref.waitForURL(/\/vragenlijst\/afgemeld/);
      await refCtx.close();
      continue;
    }
    await ref.getByRole('link', { name: 'Begin met de vragenlijst' }).click();
    await ref.waitForURL('**/vragenlijst/thema/1');
    if (i === 0) {
      await inspector.check(ref, 'vragenlijst-thema-1');
      // Windows high-contrast mode, for a person to look at.
      await ref.emulateMedia({ forcedColors: 'active' });
      const first = ref.locator('fieldset:has(input[type=radio])').first();
      await first.locator('input[type=radio]').nth(3).check();
      await first.screenshot({ path: path.join(shots, 'vragenlijst-forced-colors.png') });
      await ref.emulateMedia({ forcedColors: 'none' });
    }
    if (i === 2) {
      // Keyboard only: Tab to "Opslaan en verder" and press it without
      // answers; the counting error summary appears and receives focus.
      await tabTo(ref, () => document.activeElement?.matches('main form button[type=submit]'));
      await ref.keyboard.press('Enter');
      await ref.locator('.error-summary').waitFor();
      const focused = await ref.evaluate(() => document.activeElement.closest('.error-summary') !== null);
      assert.ok(focused, 'the error summary receives focus');
      await ref.getByText(/stellingen? zonder antwoord/).first().waitFor();
      await inspector.check(ref, 'vragenlijst-fouten');
    }
    // Theme by theme, by keyboard (referent 2) or mouse, to the check page.
    for (let pages = 0; pages < 30 && !ref.url().includes('/vragenlijst/controleren'); pages++) {
      const before = ref.url();
      if (i === 2) await answerByKeyboard(ref);
      else await answerPageByMouse(ref, i);
      await ref.waitForURL((u) => u.href !== before);
    }
    assert.ok(ref.url().includes('/vragenlijst/controleren'), 'the check page ends the form');
    if (i === 0) await inspector.check(ref, 'vragenlijst-controleren');
    if (i === 2) {
      await tabTo(ref, () => document.activeElement?.matches('main form button[type=submit]'));
      await ref.keyboard.press('Enter');
    } else {
      await ref.getByRole('button', { name: 'Versturen' }).click();
    }
    await ref.waitForURL(/\/vragenlijst\/bedankt/);
    if (i === 0) await inspector.check(ref, 'bedankt');
    answered.push(email);
    await refCtx.close();
  }
  assert.ok(answered.length >= 8, `${answered.length} answered`);
  step(`${answered.length} referenten answered, one prefers a conversation`);

  // 7. The burgemeester fills in the self-assessment.
  page = await mayor.page();
  await page.goto(`${server.base}${roundPath}/zelfevaluatie`);
  await inspector.check(page, 'zelfevaluatie');
  await answerByMouse(page, 0);
  await page.getByText('Uw zelfevaluatie is verstuurd').waitFor();
  await inspector.check(page, 'zelfevaluatie-verstuurd');
  await page.goto(`${server.base}${roundPath}/reflectie`);
  await inspector.check(page, 'reflectie-invullen');
  await answerByMouse(page, 1);
  await page.waitForURL('**/reflectie');
  await page.goto(`${server.base}${roundPath}/referentenlijst`);
  await page.getByText('Ilse Meijer').waitFor();
  await inspector.check(page, 'referentenlijst');
  step('burgemeester filled in the self-assessment and the reflection on the council');

  // 8. The griffier sees who answered (never what) and closes the round.
  page = await clerk.page();
  await page.goto(`${server.base}${roundPath}`);
  await page.getByText('liever een gesprek').first().waitFor();
  await page.getByRole('button', { name: 'Vragenlijst nu sluiten' }).click();
  // Before the closing day: the confirmation page says what will happen.
  await page.waitForURL('**/sluiten');
  await page.getByText('Dit kan niet ongedaan worden gemaakt.').waitFor();
  await inspector.check(page, 'sluiten-bevestigen');
  await page.getByRole('button', { name: 'Ja, de vragenlijst nu sluiten' }).click();
  await page.getByText('De vragenlijst is gesloten').first().waitFor();
  await inspector.check(page, 'ronde-gesloten');
  step('griffier closed the round');

  // 9. The voorzitter reads the dashboard, prints it and downloads the CSV.
  page = await chair.page();
  await page.goto(`${server.base}${roundPath}/uitkomsten`);
  await inspector.check(page, 'uitkomsten');
  const text = await page.locator('main').innerText();
  assert.match(text, /Zelfbeeld/);
  assert.match(text, new RegExp(`${answered.length}`));
  // Every chart has a text alternative and a table with the same figures after it.
  // (A chart's table comes after it in the same section.)
  const charts = await page.evaluate(() => [...document.querySelectorAll('main svg[role=img]')].map((svg) => {
    const section = svg.closest('section') || document.querySelector('main');
    // … or its caption links to the table with its figures.
    const linked = [...(svg.closest('figure')?.querySelectorAll('a[href^="#"]') || [])]
      .some((a) => document.getElementById(a.getAttribute('href').slice(1))?.tagName === 'TABLE');
    const table = linked || [...section.querySelectorAll('table')]
      .some((t) => svg.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
    return { label: svg.getAttribute('aria-label') || '', role: svg.getAttribute('role'), table };
  }));
  assert.ok(charts.length > 0, 'the dashboard has charts');
  for (const c of charts) {
    assert.equal(c.role, 'img');
    assert.ok(c.label.length > 20, `chart text alternative: ${c.label}`);
    assert.ok(c.table, `a table follows the chart ${c.label}`);
  }
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: path.join(shots, 'uitkomsten-print.png'), fullPage: true });
  const printedNav = await page.evaluate(() => [...document.querySelectorAll('form.sign-out, .actions')].some((e) => getComputedStyle(e).display !== 'none'));
  assert.equal(printedNav, false, 'the print hides buttons');
  await page.pdf({ path: path.join(shots, 'uitkomsten.pdf') });
  await page.emulateMedia({ media: 'screen' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate((href) => { const a = document.createElement('a'); a.href = href; a.download = ''; document.body.append(a); a.click(); a.remove(); }, `${roundPath}/uitkomsten.csv`),
  ]);
  const csvOut = fs.readFileSync(await download.path(), 'utf8');
  assert.match(csvOut, /Zelfbeeld/);
  step('voorzitter read, printed and downloaded the results');
  await page.goto(`${server.base}${roundPath}/reflectie`);
  await inspector.check(page, 'reflectie-lezen');
  page = await clerk.page();
  await page.goto(`${server.base}${roundPath}/afspraken`);
  await inspector.check(page, 'afspraken');
  await page.goto(`${server.base}/mijn`);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Logboek' }).click();
  await page.getByText('uitkomsten bekeken').first().waitFor();
  await inspector.check(page, 'logboek');

  // Every page of the municipality shows its name; sign-in and platform pages belong to no municipality.
  const noMunicipality = ['aanmelden', 'aanmeldlink', 'tweede-stap-instellen', 'herstelcodes', 'mijn-beheerder', 'beheer', 'mijn-griffier', 'mijn-burgemeester'];
  for (const [name, header] of inspector.headers) {
    if (!noMunicipality.includes(name) && !header.includes('Nieuwstad')) inspector.problems.push(`${name}: the header does not name the municipality: ${header}`);
  }
  assert.deepEqual(offHost, [], 'no request to another host');
  if (inspector.problems.length > 0) {
    throw new Error(`${inspector.problems.length} accessibility problems:\n${inspector.problems.join('\n')}`);
  }
  console.log(`checked ${inspector.pages.length} pages with axe (0 violations), reflow at 640 and 320 px; screenshots in ${shots}`);
} catch (e) {
  // What the person saw when it went wrong.
  for (const [n, p] of ctx.browser.contexts().flatMap((c) => c.pages()).entries()) {
    await p.screenshot({ path: path.join(shots, `failure-${n}.png`), fullPage: true }).catch(() => {});
    console.error(`--- page ${n}: ${p.url()}\n${(await p.locator('body').innerText().catch(() => '')).slice(0, 1500)}`);
  }
  throw e;
} finally {
  await ctx.close().catch(() => {});
  server.stop();
}

/** Every statement answered with the mouse (varying by referent), open questions typed. */
async function answerByMouse(page, n) {
  const groups = page.locator('fieldset:has(input[type=radio])');
  const count = await groups.count();
  for (let g = 0; g < count; g++) {
    const radios = groups.nth(g).locator('input[type=radio]');
    const options = await radios.count();
    await radios.nth((g + n) % Math.min(options, 5)).check();
  }
  const areas = page.locator('textarea');
  for (let t = 0; t < await areas.count(); t++) await areas.nth(t).fill('Duidelijk en benaderbaar.');
  await page.locator('main form button[type=submit]').last().click();
}

/** One theme page answered with the mouse, then "Opslaan en verder". */
async function answerPageByMouse(page, n) {
  const groups = page.locator('fieldset:has(input[type=radio])');
  const count = await groups.count();
  for (let g = 0; g < count; g++) {
    const radios = groups.nth(g).locator('input[type=radio]');
    const options = await radios.count();
    await radios.nth((g + n) % Math.min(options, 5)).check();
  }
  const areas = page.locator('textarea');
  for (let t = 0; t < await areas.count(); t++) await areas.nth(t).fill('Duidelijk en benaderbaar.');
  await page.getByRole('button', { name: 'Opslaan en verder' }).click();
}

/** Presses Tab until `isThere` holds in the page (at most 400 times). */
async function tabTo(page, isThere) {
  for (let n = 0; n < 400; n++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(isThere)) return;
  }
  throw new Error('not reachable with Tab');
}

/** The same with the keyboard alone: Tab to each group, an arrow key chooses, Enter sends. */
async function answerByKeyboard(page) {
  const groups = await page.locator('fieldset:has(input[type=radio])').count();
  const chosen = new Set();
  for (let presses = 0; presses < 400 && chosen.size < groups; presses++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => ({ type: document.activeElement?.type, name: document.activeElement?.name }));
    if (here.type === 'radio' && !chosen.has(here.name)) {
      const visible = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        const box = document.activeElement.closest('label, .likert__option') || document.activeElement;
        const b = getComputedStyle(box);
        return s.outlineStyle !== 'none' || b.outlineStyle !== 'none' || b.boxShadow !== 'none';
      });
      assert.ok(visible, 'focus is visible');
      await page.keyboard.press('ArrowRight');
      chosen.add(here.name);
    } else if (here.type === 'textarea') {
      await page.keyboard.type('Per toetsenbord ingevuld.');
    }
  }
  assert.equal(chosen.size, groups, 'every statement reached with Tab');
  const domOrder = await page.evaluate(() => [...document.querySelectorAll('fieldset input[type=radio]')]
    .map((r) => r.name).filter((n, i, all) => all.indexOf(n) === i));
  assert.deepEqual([...chosen], domOrder, 'Tab follows the order of the page');
  await tabTo(page, () => document.activeElement?.matches('main form button[type=submit]'));
  await page.keyboard.press('Enter');
}
