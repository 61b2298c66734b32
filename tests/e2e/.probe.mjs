import { launch, startServer } from './harness.mjs';
import { Person } from './people.mjs';
const server = await startServer(process.env.KLANKBORD_BIN, { demo: true });
const ctx = await launch();
class DP extends Person { constructor(...a){super(...a); this.secret='demo';} async freshCode(){ return this.server.cli('demo-code', this.email).trim().split(/\s+/).pop(); } }
try {
  const p = new DP(ctx, server, null, 'griffie@voorbeeldrecht.example');
  const page = await p.signIn();
  const links = await page.$$eval('a[href*="/mijn/rondes/"]', as => as.map(a => a.getAttribute('href')));
  const paths = [...new Set(links.map(h => h.match(/\/mijn\/rondes\/[0-9a-f-]{36}/)[0]))];
  const muni = (await page.$$eval('a[href*="/mijn/gemeenten/"]', as => as.map(a => a.getAttribute('href'))))[0].match(/\/mijn\/gemeenten\/[0-9a-f-]{36}/)[0];
  for (const path of [...paths, ...paths.map(x => x + '/referenten'), ...paths.map(x=>x+'/afspraken'), muni + '/mensen']) {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(server.base + path);
    const wide = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > document.documentElement.clientWidth + 1) out.push(`${getComputedStyle(el).position} ${el.tagName}.${el.className} right=${Math.round(r.right)} ${el.textContent.slice(0,60).replace(/\s+/g,' ')}`);
      }
      out.push("scrollW=" + document.documentElement.scrollWidth); return out.filter(l => !l.startsWith("static")).slice(0, 12);
    });
    console.log(path, '\n  ' + wide.join('\n  '));
  }
} finally { await ctx.close(); server.stop(); }
