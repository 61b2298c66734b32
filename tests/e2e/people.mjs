// Signing in as a person would: the e-mail form, the link from the outbox,
// the button on the link page, the second factor from an authenticator
// (set up on first use with the key under the QR code).

import { totp, waitForMail } from './harness.mjs';

export class Person {
  constructor(ctx, server, inspector, email) {
    this.ctx = ctx;
    this.server = server;
    this.inspector = inspector;
    this.email = email;
    this.secret = null;
    this.seenMail = new Set();
    this.lastStep = null;
  }

  async page() {
    if (!this.tab) {
      this.context = await this.ctx.person();
      this.tab = await this.context.newPage();
    }
    return this.tab;
  }

  /** Opens a path of the server and checks the page (axe, reflow, screenshots) under `name`. */
  async open(path, name) {
    const page = await this.page();
    await page.goto(this.server.base + path);
    if (name) await this.inspector.check(page, name);
    return page;
  }

  /** A code the server has not accepted from this person yet (each code works once). */
  async freshCode() {
    let step = Math.floor(Date.now() / 30000);
    if (this.lastStep !== null && step <= this.lastStep) {
      await new Promise((r) => setTimeout(r, (this.lastStep + 1) * 30000 - Date.now() + 200));
      step = Math.floor(Date.now() / 30000);
    }
    this.lastStep = step;
    return totp(this.secret);
  }

  /** Signs in through the mail and the second factor; ends on /mijn. */
  async signIn(check = false) {
    const page = await this.open('/aanmelden', check ? 'aanmelden' : null);
    await page.getByLabel('E-mailadres').fill(this.email);
    await page.getByRole('button', { name: 'Stuur mij een aanmeldlink' }).click();
    await page.getByRole('heading', { name: 'Kijk in uw e-mail' }).waitFor();
    const link = await waitForMail(this.server.outbox, this.email, /http:\/\/\S+\/aanmelden\/link\/[A-Za-z0-9_-]+/, this.seenMail);
    await page.goto(link);
    if (check) await this.inspector.check(page, 'aanmeldlink');
    await page.getByRole('button', { name: 'Verder met aanmelden' }).click();
    if (this.secret === null) {
      await page.getByRole('heading', { name: 'Tweede stap instellen' }).waitFor();
      if (check) await this.inspector.check(page, 'tweede-stap-instellen');
      this.secret = (await page.locator('figcaption code').innerText()).trim();
      await page.getByLabel('Code uit de app').fill(await this.freshCode());
      await page.getByRole('button', { name: 'Bevestigen' }).click();
      await page.getByRole('heading', { name: 'Uw herstelcodes' }).waitFor();
      if (check) await this.inspector.check(page, 'herstelcodes');
      await page.getByRole('link', { name: 'Verder naar Klankbord' }).click();
    } else {
      await page.getByRole('heading', { name: 'Code invullen' }).waitFor();
      await page.getByLabel('Code uit de app').fill(await this.freshCode());
      await page.getByRole('button', { name: 'Aanmelden' }).click();
    }
    await page.waitForURL('**/mijn');
    return page;
  }
}

/** A demo account: enrolled already; its code of now comes from `klankbord demo-code`. */
export class DemoPerson extends Person {
  constructor(...args) {
    super(...args);
    this.secret = 'demo';
  }

  async freshCode() {
    const step = Math.floor(Date.now() / 30000);
    if (this.lastStep !== null && step <= this.lastStep) {
      await new Promise((r) => setTimeout(r, (this.lastStep + 1) * 30000 - Date.now() + 200));
    }
    this.lastStep = Math.floor(Date.now() / 30000);
    return this.server.cli('demo-code', this.email).trim().split(/\s+/).pop();
  }
}
