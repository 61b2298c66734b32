// A real OpenID provider (the `oidc-provider` package) on loopback, for the
// Rust tests of sign-in through a municipality's identity provider
// (tests/staff/oidc.rs). Prints `URL <issuer>` on stdout once it listens.
//
//   node oidc-provider.mjs <client_id> <client_secret> <redirect_uri>
//
// Nobody types a password here: `GET /test/login-as?sub=…&amr=…&acr=…`
// says who the next sign-in is and how the provider says they
// authenticated; the login step then finishes by itself, and consent is
// granted by the provider's `loadExistingGrant`. Everything else (PKCE,
// code, tokens, ID token signature, iss, aud, nonce) is the package's own.
import http from 'node:http';
import Provider from 'oidc-provider';

const [clientId, clientSecret, redirectUri] = process.argv.slice(2);
if (!clientId || !clientSecret || !redirectUri) {
  console.error('usage: node oidc-provider.mjs <client_id> <client_secret> <redirect_uri>');
  process.exit(2);
}

let next = { sub: 'nobody', amr: [], acr: undefined };

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ['sub', 'acr', 'amr'], email: ['email'], profile: ['name'] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@idp.example`, name: id }),
    }),
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['klankbord-test-only'] },
  });
  provider.proxy = false;
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      if (url.pathname === '/test/login-as') {
        next = {
          sub: url.searchParams.get('sub') || 'nobody',
          amr: (url.searchParams.get('amr') || '').split(',').filter(Boolean),
          acr: url.searchParams.get('acr') || undefined,
        };
        res.statusCode = 204;
        res.end();
        return;
      }
      if (url.pathname.startsWith('/interaction/')) {
        const login = { accountId: next.sub };
        if (next.amr.length) login.amr = next.amr;
        if (next.acr) login.acr = next.acr;
        await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
        return;
      }
      callback(req, res);
    } catch (e) {
      console.error(e);
      res.statusCode = 500;
      res.end();
    }
  });
  console.log(`URL ${issuer}`);
});
