// A real OpenID Provider for the sign-on tests: the certified `oidc-provider` package,
// listening on 127.0.0.1. Started and stopped by the `oidc_idp` fixture
// (tests/idp/fixtures.py; `live_oidc_idp` is a second one for the browser journeys).
//
// Environment: PORT, REDIRECT_URIS (comma separated), ACCOUNTS_FILE (JSON: login name →
// claims; read at every login, so a test can move a person between groups).
// Its development login page (any password) and consent page are what the tests post.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const redirectUris = process.env.REDIRECT_URIS.split(',');
const accounts = () => JSON.parse(readFileSync(process.env.ACCOUNTS_FILE, 'utf8'));

const configuration = {
  clients: [
    { client_id: 'insyn', client_secret: 'insyn-hemlighet', redirect_uris: redirectUris },
    // Another application at the same provider: its codes must not work for Insyn.
    { client_id: 'annan-tjanst', client_secret: 'annan-hemlighet', redirect_uris: redirectUris },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username', 'employee_id', 'groups'],
  },
  cookies: { keys: ['insyn-test-idp'] },
  pkce: { required: () => true },
  async findAccount(ctx, id) {
    const claims = accounts()[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
};

const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
provider.listen(port, '127.0.0.1', () => { console.log(`READY ${port}`); });
