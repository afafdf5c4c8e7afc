// rotation.test.mjs - the issuer's keys: fetched once and cached, fetched
// again when a token names a key we do not know (the issuer rotated), and
// not fetched again for every made-up kid (at most once per 30 s).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as jose from 'jose';
import { INITIALIZE, READ, clientToken, makeKeys, post, sign, startProvider, startServer } from './lib.mjs';

let idp, srv;

after(async () => {
    const r = srv ? await srv.stop() : { code: 0, stderr: '' };
    await idp?.close();
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /Sanitizer/);
});

test('keys are cached, refetched after a rotation, not for every unknown kid', async () => {
    const first = await makeKeys();
    idp = await startProvider(first);
    srv = await startServer(['--auth', 'oauth', '--auth-issuer', idp.issuer]);
    const t1 = await clientToken(idp.issuer, 'machine', srv.url, READ);
    for (let i = 0; i < 3; i++) assert.equal((await post(srv.url, INITIALIZE, { token: t1 })).status, 200);
    assert.equal(idp.jwksFetches(), 1, 'fetched once at start, then cached');

    // the issuer restarts with a new signing key first in its set
    const port = idp.port;
    await idp.close();
    const rotated = await jose.generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await jose.exportJWK(rotated.privateKey)), kid: 'rsa-2', alg: 'RS256', use: 'sig' };
    idp = await startProvider({ jwks: { keys: [jwk, ...first.jwks.keys] } }, { port });
    const t2 = await clientToken(idp.issuer, 'machine', srv.url, READ);
    assert.equal(jose.decodeProtectedHeader(t2).kid, 'rsa-2');
    assert.equal((await post(srv.url, INITIALIZE, { token: t2 })).status, 200);
    assert.equal(idp.jwksFetches(), 1, 'the unknown kid made it fetch the new set');
    // tokens of the old key still verify (it is still published)
    assert.equal((await post(srv.url, INITIALIZE, { token: t1 })).status, 200);

    // made-up kids: refused, and they do not make us hammer the issuer
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 5; i++) {
        const forged = await sign({ iss: idp.issuer, aud: srv.url, sub: 'x', scope: READ, exp: now + 600 },
            rotated.privateKey, { alg: 'RS256', kid: `made-up-${i}` });
        assert.equal((await post(srv.url, INITIALIZE, { token: forged })).status, 401);
    }
    assert.ok(idp.jwksFetches() <= 1, `fetched the key set ${idp.jwksFetches()} times`);
});
