// Sign-in through the municipality's own identity provider, in a real
// browser, on the demo: the real OpenID provider (oidc-provider.mjs) is set
// for Voorbeeldrecht with `klankbord set-identity-provider`; the griffier
// opens *Aanmelden via de gemeente* from the menu and invites the voorzitter
// to link; the voorzitter opens the invitation from the outbox, goes through
// the provider (second factor there: amr=mfa) and comes back linked and
// signed in; a fresh browser signs in with *Aanmelden via Voorbeeldrecht*;
// and the refusals: an account the provider knows but Klankbord does not,
// and the used invitation (410). Every page is checked like the demo crawl
// (axe, reflow at 640/375/320 px, screenshots).
// Not walked here: confirming at the provider before signing a verslag (it is
// offered only once the sign-in's factor is over 5 minutes old, and the
// server's clock cannot be moved from here; tests/staff/oidc.rs covers it).
// Run by tests/browser/main.rs (KLANKBORD_BIN = the debug binary).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Inspector, launch, startServer, waitForMail } from './harness.mjs';
import { DemoPerson } from './people.mjs';

const bin = process.env.KLANKBORD_BIN;
const shots = path.join(process.env.KLANKBORD_SCREENSHOTS || path.resolve('../../screenshots'), 'oidc');
if (!bin) throw new Error('KLANKBORD_BIN is not set (the debug binary)');
fs.rmSync(shots, { recursive: true, force: true });

const CLIENT_ID = 'klankbord-e2e';
const CLIENT_SECRET = 'e2e-secret-only-for-this-test';
const VOORZITTER = 'voorzitter@voorbeeldrecht.example';

const started = Date.now();
const step = (what) => console.log(`[oidc ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

/** Starts the provider for `redirect`; resolves with its issuer and the process. */
async function startProvider(redirect) {
  const child = spawn('node', ['oidc-provider.mjs', CLIENT_ID, CLIENT_SECRET, redirect], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the provider did not print its URL in 30 s')), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      if (line.startsWith('URL ')) resolve(line.slice(4).trim());
      else reject(new Error(`unexpected first line from the provider: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`the provider ended (${code})`)));
  });
  // Keep draining: a full or closed pipe would stop the provider.
  lines.on('line', () => {});
  return { url, stop: () => child.kill('SIGTERM') };
}

const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'klankbord-oidc-secrets-'));
fs.writeFileSync(path.join(secrets, 'voorbeeldrecht.secret'), CLIENT_SECRET, { mode: 0o600 });
const server = await startServer(bin, { demo: true, extraEnv: { KLANKBORD_OIDC_SECRET_DIR: secrets } });
const idp = await startProvider(`${server.base}/aanmelden/oidc/terug`);
const inspector = new Inspector(shots);
const ctx = await launch();
let failed = false;

/** Says who signs in next at the provider, and how (`amr`). */
async function loginAs(sub, amr) {
  const r = await fetch(`${idp.url}/test/login-as?sub=${encodeURIComponent(sub)}&amr=${encodeURIComponent(amr)}`);
  if (r.status !== 204) throw new Error(`login-as answered ${r.status}`);
}

/** Fails the walk when the page does not say `text`. */
async function expectText(page, text, what) {
  try {
    await page.getByText(text).first().waitFor({ timeout: 5000 });
  } catch {
    throw new Error(`${what}: the page does not say “${text}” (${page.url()})`);
  }
}

/** A fresh browser (own cookies, also at the provider) on the sign-in page. */
async function freshSignInPage() {
  const context = await ctx.person();
  const page = await context.newPage();
  await page.goto(`${server.base}/aanmelden`);
  return page;
}

try {
  const printed = server.cli(
    'set-identity-provider', '--municipality', 'Voorbeeldrecht', '--issuer', idp.url,
    '--client-id', CLIENT_ID, '--secret-file', 'voorbeeldrecht.secret',
  );
  if (!printed.includes('/aanmelden/oidc/terug')) throw new Error(`set-identity-provider printed ${printed}`);
  step('the provider is set for Voorbeeldrecht');

  // The griffier finds the page in the menu and invites the voorzitter.
  const griffie = new DemoPerson(ctx, server, inspector, 'griffie@voorbeeldrecht.example');
  const g = await griffie.signIn();
  await g.getByRole('link', { name: 'Inlogdienst' }).first().click();
  await g.getByRole('heading', { name: 'Aanmelden via de gemeente' }).waitFor();
  await inspector.check(g, 'griffie-inlogdienst');
  const row = g.locator('#koppelingen tbody tr').filter({ hasText: VOORZITTER });
  if ((await row.count()) !== 1) throw new Error('the voorzitter is not one row on the page');
  await row.getByRole('button', { name: /Uitnodiging sturen/ }).click();
  await g.getByRole('status').first().waitFor();
  await inspector.check(g, 'griffie-uitnodiging-verstuurd');
  step('the griffier invited the voorzitter');

  // The voorzitter opens the mailed invitation and links at the provider.
  const invitation = await waitForMail(server.outbox, VOORZITTER, /http:\/\/\S+\/aanmelden\/koppelen\/[A-Za-z0-9_-]+/);
  const vContext = await ctx.person();
  const v = await vContext.newPage();
  // The browser's own complaints (a CSP violation blocks a form silently).
  v.on('console', (m) => console.error('console:', m.text()));
  await v.goto(invitation);
  await inspector.check(v, 'voorzitter-uitnodiging');
  await loginAs('voorzitter-bij-gemeente', 'mfa');
  await v.getByRole('button', { name: 'Aanmelden bij de gemeente en koppelen' }).click();
  await v.waitForURL('**/mijn');
  await inspector.check(v, 'voorzitter-gekoppeld');
  step('the voorzitter linked and is signed in');

  // The griffier sees the link.
  await g.reload();
  const linked = await g.locator('#koppelingen tbody tr').filter({ hasText: VOORZITTER }).locator('td[data-label="Gekoppeld"]').innerText();
  if (!/ja/i.test(linked)) throw new Error(`the griffier's page says linked: ${linked}`);
  await inspector.check(g, 'griffie-inlogdienst-gekoppeld');

  // A fresh browser signs in through the provider from the sign-in page.
  const s = await freshSignInPage();
  await inspector.check(s, 'aanmelden-met-inlogdienst');
  await loginAs('voorzitter-bij-gemeente', 'mfa');
  await s.getByRole('link', { name: 'Aanmelden via Voorbeeldrecht' }).click();
  await s.waitForURL('**/mijn');
  await expectText(s, 'Voorzitter', 'signed in as the voorzitter');
  step('a fresh browser signed in through the provider');

  // An account the provider knows but Klankbord does not.
  const u = await freshSignInPage();
  await loginAs('onbekend-bij-klankbord', 'mfa');
  await u.getByRole('link', { name: 'Aanmelden via Voorbeeldrecht' }).click();
  await u.getByRole('heading', { name: 'Uw account is niet bekend bij Klankbord' }).waitFor();
  await inspector.check(u, 'onbekend-account');

  // The invitation works once.
  const again = await u.goto(invitation);
  if (again.status() !== 410) throw new Error(`the used invitation answered ${again.status()}`);
  await inspector.check(u, 'uitnodiging-gebruikt');
  step('the refusals: an unknown account, a used invitation');
} catch (e) {
  console.error(e);
  // Where every browser was, to find the step that went wrong.
  for (const c of ctx.browser.contexts()) {
    for (const p of c.pages()) {
      console.error(`open page: ${p.url()} ${(await p.locator('h1').first().innerText().catch(() => ''))}`);
    }
  }
  failed = true;
} finally {
  await ctx.close();
  server.stop();
  idp.stop();
  fs.rmSync(secrets, { recursive: true, force: true });
}

step(`${inspector.pages.length} pages checked (axe, reflow at 640/375/320 px, screenshots in ${shots})`);
if (inspector.problems.length > 0) {
  console.error(`problems:\n${inspector.problems.join('\n')}`);
  process.exit(1);
}
if (failed) process.exit(1);
