// oauth.test.mjs - halopsa-mcp serve --http --auth oauth against a real
// authorization server (oidc-provider): the official TypeScript SDK client
// through discovery, dynamic registration and the authorization code flow
// with PKCE, scopes mapped to rights (403 insufficient_scope and step-up),
// and the token attacks, each refused with the right status.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import * as jose from 'jose';
import {
    INITIALIZE, READ, WRITE, b64url, clientToken, makeKeys, post, sign, startProvider, startServer,
    TestAuth, tmpFile,
} from './lib.mjs';

let keys, idp, other, srv, audit;

before(async () => {
    keys = await makeKeys();
    idp = await startProvider(keys);
    // a second, unrelated authorization server with keys of its own
    other = await startProvider(await makeKeys());
    audit = tmpFile('audit.log');
    fs.rmSync(audit, { force: true });
    srv = await startServer(['--tools', 'dispatch', '--auth', 'oauth', '--auth-issuer', idp.issuer],
        { HALOPSA_AUDIT_LOG: audit });
});

after(async () => {
    const r = srv ? await srv.stop() : { code: 0, stderr: '' };
    await idp?.close();
    await other?.close();
    fs.rmSync(audit, { force: true });
    assert.equal(r.code, 0, `halopsa-mcp exited ${r.code} ${r.signal ?? ''}:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /Sanitizer/);
});

function challenge(res) {
    return res.headers.get('www-authenticate') ?? '';
}

async function sessionFor(token) {
    const r = await post(srv.url, INITIALIZE, { token });
    assert.equal(r.status, 200, r.text);
    const sid = r.headers.get('mcp-session-id');
    assert.ok(sid);
    return sid;
}

function callMessage(name, args, id = 2) {
    return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } };
}

describe('discovery', () => {
    test('Protected Resource Metadata names the issuer and the scopes', async () => {
        for (const p of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
            const res = await fetch(srv.base + p);
            assert.equal(res.status, 200);
            const doc = await res.json();
            assert.equal(doc.resource, srv.url);
            assert.deepEqual(doc.authorization_servers, [idp.issuer]);
            assert.deepEqual(doc.scopes_supported, [READ, WRITE]);
        }
    });

    test('a request without a token gets 401 with resource_metadata and scope', async () => {
        const r = await post(srv.url, INITIALIZE);
        assert.equal(r.status, 401);
        assert.equal(challenge(r),
            `Bearer scope="${READ} ${WRITE}", resource_metadata="${srv.base}/.well-known/oauth-protected-resource/mcp"`);
        assert.equal(r.headers.get('mcp-session-id'), null);
    });
});

describe('the TypeScript SDK client', () => {
    test('discovery, registration, authorization code with PKCE, then tools', async () => {
        const auth = new TestAuth('alice');
        const first = new StreamableHTTPClientTransport(new URL(srv.url), { authProvider: auth });
        const c1 = new Client({ name: 'auth-test', version: '1' });
        await assert.rejects(c1.connect(first), UnauthorizedError);
        // the SDK registered itself and asked for a code with PKCE for our resource
        assert.ok(auth.client?.client_id, 'dynamic registration gave a client_id');
        const a = auth.authorizations[0];
        assert.equal(a.origin, idp.issuer);
        assert.equal(a.searchParams.get('code_challenge_method'), 'S256');
        assert.ok(a.searchParams.get('code_challenge'));
        assert.equal(a.searchParams.get('resource'), srv.url);
        assert.equal(a.searchParams.get('scope'), `${READ} ${WRITE}`);
        assert.ok(auth.pendingCode);
        await first.finishAuth(auth.pendingCode);
        await c1.close();

        const claims = jose.decodeJwt(auth.saved.access_token);
        assert.equal(jose.decodeProtectedHeader(auth.saved.access_token).alg, 'RS256');
        assert.equal(claims.aud, srv.url);
        assert.equal(claims.sub, 'alice');

        const transport = new StreamableHTTPClientTransport(new URL(srv.url), { authProvider: auth });
        const client = new Client({ name: 'auth-test', version: '1' });
        await client.connect(transport);
        const { tools } = await client.listTools();
        assert.ok(tools.some((t) => t.name === 'halopsa_call'));
        const made = await client.callTool({
            name: 'halopsa_call',
            arguments: { tool: 'halopsa_statuses_create', arguments: { name: 'Made by alice over OAuth' } },
        });
        assert.ok(!made.isError, JSON.stringify(made));
        // HaloPSA (the demo tenant) accepts only tokens it issued itself: the
        // write went through with the server's own credentials, not alice's
        assert.match(made.content[0].text, /Created status/);
        await client.close();

        const lines = fs.readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
        const mine = lines.filter((l) => JSON.stringify(l.arguments).includes('Made by alice over OAuth'));
        assert.equal(mine.length, 1);
        assert.equal(mine[0].principal, 'alice');
        assert.equal(mine[0].outcome, 'ok');
        assert.match(mine[0].session, /^http-[0-9a-f]{10}$/);
    });

    test('a read-only grant: reads work, a write gets 403 insufficient_scope and a step-up', async () => {
        const auth = new TestAuth('bob', 'halopsa-mcp reader test');
        const first = new StreamableHTTPClientTransport(new URL(srv.url), { authProvider: auth });
        await assert.rejects(new Client({ name: 'r', version: '1' }).connect(first), UnauthorizedError);
        await first.finishAuth(auth.pendingCode);
        assert.equal(jose.decodeJwt(auth.saved.access_token).scope, READ);

        const transport = new StreamableHTTPClientTransport(new URL(srv.url), { authProvider: auth });
        const client = new Client({ name: 'r', version: '1' });
        await client.connect(transport);
        const read = await client.callTool({ name: 'halopsa_call', arguments: { tool: 'halopsa_statuses_list', arguments: {} } });
        assert.ok(!read.isError, JSON.stringify(read));
        // the write is refused before it runs; the SDK asks for more scope
        await assert.rejects(client.callTool({
            name: 'halopsa_call',
            arguments: { tool: 'halopsa_statuses_create', arguments: { name: 'Made by bob' } },
        }));
        assert.equal(auth.authorizations.length, 2, 'step-up authorization was started');
        assert.equal(auth.authorizations[1].searchParams.get('scope'), `${READ} ${WRITE}`);
        await client.close().catch(() => {});
        const list = await post(srv.url, callMessage('halopsa_statuses_list', {}),
            { token: auth.saved.access_token, sid: await sessionFor(auth.saved.access_token) });
        assert.doesNotMatch(list.text, /Made by bob/);
    });
});

describe('tokens issued by the authorization server', () => {
    test('a client_credentials token (RS256) works; its session is its own', async () => {
        const token = await clientToken(idp.issuer, 'machine', srv.url, `${READ} ${WRITE}`);
        const sid = await sessionFor(token);
        const r = await post(srv.url, callMessage('halopsa_status', {}), { token, sid });
        assert.equal(r.status, 200);
        assert.match(r.text, /Credentials/);
        // another principal presenting this session id is told it does not exist
        const es = await clientToken(idp.issuer, 'machine-es', srv.url, READ);
        assert.equal(jose.decodeProtectedHeader(es).alg, 'ES256');
        const r2 = await post(srv.url, callMessage('halopsa_status', {}), { token: es, sid });
        assert.equal(r2.status, 404);
        // an ES256 token opens its own session
        const r3 = await post(srv.url, callMessage('halopsa_status', {}), { token: es, sid: await sessionFor(es) });
        assert.equal(r3.status, 200);
    });

    test('a read-only token: 403 insufficient_scope for writes, also through halopsa_call', async () => {
        const token = await clientToken(idp.issuer, 'reader', srv.url, `${READ} ${WRITE}`);
        assert.equal(jose.decodeJwt(token).scope, READ);
        const sid = await sessionFor(token);
        for (const msg of [
            callMessage('halopsa_call', { tool: 'halopsa_statuses_delete', arguments: { id: 1, confirm: true } }),
            callMessage('halopsa_statuses_create', { name: 'nope' }),
        ]) {
            const r = await post(srv.url, msg, { token, sid });
            assert.equal(r.status, 403, r.text);
            const c = challenge(r);
            assert.match(c, /error="insufficient_scope"/);
            assert.match(c, new RegExp(`scope="${READ} ${WRITE}"`));
            assert.match(c, /resource_metadata="/);
        }
        const ok = await post(srv.url, callMessage('halopsa_call', { tool: 'halopsa_statuses_get', arguments: { id: 1 } }),
            { token, sid });
        assert.equal(ok.status, 200);
    });
});

describe('token attacks', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const good = () => ({ iss: idp.issuer, aud: srv.url, sub: 'mallory', scope: `${READ} ${WRITE}`, iat: now(), exp: now() + 600 });
    const rsaKey = () => keys.rsa.privateKey;

    // [name, () => Authorization token or null, expected status, text in the challenge]
    const cases = [
        ['missing token', async () => undefined, 401, null],
        ['not a JWT', async () => 'abc.def', 401, 'invalid_token'],
        ['expired', async () => sign({ ...good(), iat: now() - 7200, exp: now() - 3600 }, rsaKey(), { alg: 'RS256', kid: 'rsa-1', typ: 'at+jwt' }), 401, 'expired'],
        ['not valid yet (nbf)', async () => sign({ ...good(), nbf: now() + 3600 }, rsaKey(), { alg: 'RS256', kid: 'rsa-1' }), 401, 'not valid yet'],
        ['no expiry', async () => { const c = good(); delete c.exp; return sign(c, rsaKey(), { alg: 'RS256', kid: 'rsa-1' }); }, 401, 'no expiry'],
        ['wrong audience (a real token for another resource)', async () => clientToken(idp.issuer, 'machine', 'http://127.0.0.1:1/elsewhere', READ), 401, 'another resource'],
        ['wrong issuer (iss forged, right key)', async () => sign({ ...good(), iss: 'http://127.0.0.1:1' }, rsaKey(), { alg: 'RS256', kid: 'rsa-1' }), 401, 'another authorization server'],
        ['a real token from another authorization server', async () => clientToken(other.issuer, 'machine', srv.url, READ), 401, 'invalid_token'],
        ['unsigned (alg none)', async () => `${b64url({ alg: 'none', typ: 'at+jwt' })}.${b64url(good())}.`, 401, 'algorithm'],
        ['HS256 keyed with the public RSA key', async () => {
            const pub = JSON.stringify(keys.jwks.keys[0]);
            return sign(good(), new TextEncoder().encode(pub), { alg: 'HS256', kid: 'rsa-1' });
        }, 401, 'algorithm'],
        ['tampered payload (scope raised on a reader token)', async () => {
            const t = await clientToken(idp.issuer, 'reader', srv.url, READ);
            const [h, p, s] = t.split('.');
            const claims = JSON.parse(Buffer.from(p, 'base64url'));
            claims.scope = `${READ} ${WRITE}`;
            return `${h}.${b64url(claims)}.${s}`;
        }, 401, 'signature'],
        ['tampered signature', async () => {
            const t = await clientToken(idp.issuer, 'machine', srv.url, READ);
            const [h, p, s] = t.split('.');
            const sig = Buffer.from(s, 'base64url');
            sig[10] ^= 1;
            return `${h}.${p}.${sig.toString('base64url')}`;
        }, 401, 'signature'],
        ['unknown kid (a key the issuer does not publish)', async () => {
            const { privateKey } = await jose.generateKeyPair('RS256');
            return sign(good(), privateKey, { alg: 'RS256', kid: 'rsa-unpublished' });
        }, 401, 'signing key'],
        ['kid of the EC key with an RS256 signature', async () => sign(good(), rsaKey(), { alg: 'RS256', kid: 'ec-1' }), 401, 'signature'],
        ['critical header parameter', async () => sign(good(), rsaKey(), { alg: 'RS256', kid: 'rsa-1', crit: ['exp'] }).catch(() => `${b64url({ alg: 'RS256', kid: 'rsa-1', crit: ['x'] })}.${b64url(good())}.AAAA`), 401, 'critical'],
        ['an ID token (typ JWT, audience the client)', async () => sign({ ...good(), aud: 'machine' }, rsaKey(), { alg: 'RS256', kid: 'rsa-1', typ: 'JWT' }), 401, 'another resource'],
        ['a token of none of our scopes', async () => sign({ ...good(), scope: 'openid' }, rsaKey(), { alg: 'RS256', kid: 'rsa-1' }), 403, 'insufficient_scope'],
        ['a token too large to look at', async () => 'a'.repeat(20000), 400, 'invalid_request'],
    ];

    for (const [name, make, status, text] of cases) {
        test(`${name}: ${status}`, async () => {
            const token = await make();
            const r = await post(srv.url, INITIALIZE, { token });
            assert.equal(r.status, status, `${name}: ${r.status} ${r.text} ${challenge(r)}`);
            assert.equal(r.headers.get('mcp-session-id'), null);
            const c = challenge(r);
            assert.match(c, /resource_metadata="/);
            if (text) assert.ok(c.includes(text) || r.text.includes(text), `${name}: "${text}" not in ${c} / ${r.text}`);
            if (status === 401 && token) assert.match(c, /error="invalid_token"/);
        });
    }

    test('a token in the query string is not looked at', async () => {
        const token = await clientToken(idp.issuer, 'machine', srv.url, READ);
        const r = await post(`${srv.url}?access_token=${token}`, INITIALIZE);
        assert.notEqual(r.status, 200);
    });
});
