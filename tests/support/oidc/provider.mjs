// A real OpenID Connect provider for the single sign-on tests: npm's oidc-provider, the
// certified implementation, with one client (the product) and a few test accounts.
//
// Started by tests/support/openid_provider.py with, in the environment:
//   PORT            where to listen (on 127.0.0.1); the issuer is http://127.0.0.1:PORT
//   CLIENT_ID, CLIENT_SECRET, REDIRECT_URI   the product's registration
//   ACCOUNTS        JSON: {"<account>": {"email", "email_verified" or "xms_edov", "name"}, ...}
//
// Its own sign-in page (/interaction/<uid>) asks which test account signs in, so a browser
// or an HTTP client can drive it: a text box "Account" and the buttons "Sign in" and
// "Cancel" (which answers the product with error=access_denied). The product is a
// first-party client: no consent screen, as in a trust whose administrator consented.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS);
const scope = 'openid email profile';

const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: randomBytes(8).toString('hex'),
  use: 'sig',
  alg: 'RS256',
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // xms_edov: what Microsoft Entra ID sends in place of email_verified, when asked.
  claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
  // The claims of the scopes asked for go in the ID token, as Microsoft Entra ID does.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts[id];
    return account && { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  async loadExistingGrant(ctx) {
    const { client, session } = ctx.oidc;
    const existing = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope(scope);
    await grant.save();
    return grant;
  },
});

const page = (uid, problem = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test NHS sign-in</title></head>
<body><main>
<h1>Test NHS sign-in</h1>
${problem ? `<p role="alert">${problem}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="account">Account</label> <input id="account" name="account" autocomplete="off">
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/cancel"><button type="submit">Cancel</button></form>
</main></body></html>`;

async function formOf(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([\w-]+)(?:\/(login|cancel))?$/);
  if (!match) return next();
  const [, uid, action] = match;
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400, 'another sign-in');
  ctx.set('Cache-Control', 'no-store');
  if (!action && ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = page(uid);
    return undefined;
  }
  if (ctx.method !== 'POST') ctx.throw(405);
  let result;
  if (action === 'cancel') {
    result = { error: 'access_denied', error_description: 'the person cancelled signing in' };
  } else {
    const account = (await formOf(ctx.req)).get('account') || '';
    if (!accounts[account]) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = page(uid, `There is no test account "${account.replace(/[^\w.@-]/g, '')}".`);
      return undefined;
    }
    result = { login: { accountId: account } };
  }
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
  return undefined;
});

provider.listen(port, '127.0.0.1', () => console.log(`listening at ${issuer}`));
