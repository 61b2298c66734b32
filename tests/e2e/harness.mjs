// The browser harness: a debug server on a free port with a fresh SQLite
// database and the file outbox, Debian's Chromium driven by playwright-core
// (no browser downloads), axe-core on every page, screenshots per page.

import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.KLANKBORD_CHROMIUM || '/usr/bin/chromium';

/** A port nobody listens on now. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `klankbord serve` in a fresh folder (`extraEnv` added to its environment); resolves when /healthz answers. */
export async function startServer(bin, { demo = false, extraEnv = {} } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klankbord-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: path.join(dir, 'klankbord.db'),
    KLANKBORD_BIND: `127.0.0.1:${port}`,
    KLANKBORD_BASE_URL: `http://127.0.0.1:${port}`,
    KLANKBORD_MAIL: `file:${path.join(dir, 'outbox')}`,
    KLANKBORD_SECRET_FILE: path.join(dir, 'klankbord.key'),
    RUST_LOG: 'warn',
    ...extraEnv,
  };
  const cli = (...args) => execFileSync(bin, args, { env, encoding: 'utf8' });
  cli('migrate');
  const child = spawn(bin, demo ? ['serve', '--demo'] : ['serve'], { env, stdio: ['ignore', demo ? 'ignore' : 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error('server did not start in 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    dir,
    outbox: path.join(dir, 'outbox'),
    cli,
    stop: () => child.kill('SIGTERM'),
  };
}

/** Decodes a quoted-printable body part. */
function decodeQp(s) {
  const bytes = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Every mail in the outbox: {to, subject, text} (text decoded, all parts joined). */
export function mails(outbox) {
  if (!fs.existsSync(outbox)) return [];
  return fs.readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => {
      const raw = fs.readFileSync(path.join(outbox, f), 'utf8');
      const to = (raw.match(/^To: (?:.*<)?([^>\s]+)>?\s*$/m) || [])[1] || '';
      const subject = (raw.match(/^Subject: (.*)$/m) || [])[1] || '';
      return { file: f, to, subject, text: decodeQp(raw) };
    });
}

/** Waits for a mail to `to` whose text matches `pattern`, not among `seen`; returns the match. */
export async function waitForMail(outbox, to, pattern, seen = new Set()) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    for (const m of mails(outbox)) {
      if (m.to !== to || seen.has(m.file)) continue;
      const found = m.text.match(pattern);
      if (found) {
        seen.add(m.file);
        return found[0];
      }
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${pattern}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret, `offset` steps from now. */
export function totp(base32, offset = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const step = Math.floor(Date.now() / 1000 / 30) + offset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

/** Requests to any other host than the server, seen by any context. */
export const offHost = [];

/** A headless Chromium; every person gets a context of their own (own cookies). */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    browser,
    /** A fresh context: own cookies, Dutch locale, desktop size unless `viewport` says otherwise. */
    person: async (viewport = { width: 1280, height: 900 }) => {
      const c = await browser.newContext({ viewport, locale: 'nl-NL', acceptDownloads: true });
      c.setDefaultTimeout(10_000);
      // Nothing may come from another host (fonts, scripts, trackers).
      c.on('request', (r) => {
        const host = new URL(r.url()).hostname;
        if (!['127.0.0.1', 'localhost'].includes(host) && !r.url().startsWith('data:')) offHost.push(r.url());
      });
      return c;
    },
    close: () => browser.close(),
  };
}

/**
 * Checks the page as a person with assistive technology would meet it:
 * axe-core with the WCAG 2.0/2.1 A and AA rules (zero violations), lang="nl",
 * no horizontal scrolling at 320 px wide; and takes screenshots at desktop
 * and phone width. Returns the number of pages checked so far.
 */
export class Inspector {
  constructor(shots) {
    this.shots = shots;
    this.pages = [];
    /** Every problem found; the walk goes on and fails at the end, so one run shows them all. */
    this.problems = [];
    /** The header text of every checked page (the municipality's name belongs there). */
    this.headers = new Map();
    fs.mkdirSync(shots, { recursive: true });
  }

  async check(page, name) {
    this.headers.set(name, await page.locator('header').first().innerText().catch(() => ''));
    const lang = await page.getAttribute('html', 'lang');
    if (lang !== 'nl') this.problems.push(`${name}: lang is ${lang}`);
    if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
      // Through the DevTools protocol: the page's strict CSP stays on.
      await page.evaluate(AXE);
    }
    const result = await page.evaluate(async () => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }));
    if (result.violations.length > 0) {
      const lines = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      this.problems.push(`${name}: ${result.violations.length} axe violations\n  ${lines.join('\n  ')}`);
    }
    const size = page.viewportSize();
    await page.screenshot({ path: path.join(this.shots, `${name}-desktop.png`), fullPage: true });
    // 200% zoom of a 1280 px window is 640 CSS px; 375 px a common phone;
    // 320 px is the WCAG 1.4.10 reflow width.
    for (const width of [640, 375, 320]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) {
        // Name the innermost elements that stick out, so the fix is findable.
        const culprits = await page.evaluate(() => {
          const limit = document.documentElement.clientWidth;
          const out = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > limit + 0.5);
          const innermost = out.filter((e) => !out.some((o) => o !== e && e.contains(o)));
          return innermost.slice(0, 4).map((e) => {
            const cls = e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '';
            return `${e.tagName.toLowerCase()}${cls} "${(e.textContent || '').trim().slice(0, 40)}"`;
          });
        });
        this.problems.push(`${name}: ${overflow}px horizontal scrolling at ${width} px (${culprits.join('; ')})`);
      }
      if (width === 375) await page.screenshot({ path: path.join(this.shots, `${name}-phone.png`), fullPage: true });
    }
    await page.setViewportSize(size);
    this.pages.push(name);
  }
}
