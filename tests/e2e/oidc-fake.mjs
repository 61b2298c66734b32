// A tiny hand-written OpenID provider that misbehaves on purpose, for the
// attacks the real one (oidc-provider.mjs) will not commit: an ID token for
// another audience or from another issuer, properly signed (RS256, key in
// its JWKS) so only the claim itself is wrong. Prints `URL <issuer>`.
//
//   node oidc-fake.mjs <client_id> <wrong-aud|wrong-iss|honest>
import http from 'node:http';
import crypto from 'node:crypto';

const [clientId, mode] = process.argv.slice(2);
const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const codes = new Map();

const server = http.createServer((req, res) => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const url = new URL(req.url, issuer);
  const json = (o) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(o)); };
  if (url.pathname === '/.well-known/openid-configuration') {
    return json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  }
  if (url.pathname === '/jwks') return json({ keys: [jwk] });
  if (url.pathname === '/authorize') {
    const code = crypto.randomBytes(16).toString('hex');
    codes.set(code, url.searchParams.get('nonce'));
    const back = new URL(url.searchParams.get('redirect_uri'));
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state'));
    res.statusCode = 303;
    res.setHeader('location', back.toString());
    return res.end();
  }
  if (url.pathname === '/token' && req.method === 'POST') {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const code = new URLSearchParams(body).get('code');
      if (!codes.has(code)) { res.statusCode = 400; return json({ error: 'invalid_grant' }); }
      const nonce = codes.get(code);
      codes.delete(code);
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: mode === 'wrong-iss' ? 'http://127.0.0.1:1' : issuer,
        sub: 'person-1',
        aud: mode === 'wrong-aud' ? 'another-client' : clientId,
        exp: now + 300,
        iat: now,
        nonce,
        amr: ['mfa'],
      };
      const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64(claims)}`;
      const sig = crypto.sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url');
      json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: `${input}.${sig}` });
    });
    return;
  }
  res.statusCode = 404;
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  console.log(`URL http://127.0.0.1:${server.address().port}`);
});
