// lib.mjs - what the OAuth tests share: a real authorization server (the
// certified npm package oidc-provider, run here on loopback) issuing JWT
// access tokens with resource indicators, our binary serving --auth oauth
// against it, a scripted browser for the login and consent pages, and an
// OAuthClientProvider for the official TypeScript SDK client.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as jose from 'jose';
import Provider from 'oidc-provider';

// node-suite.sh sets NODE_SUITE_BIN_DIR to BUILD_DIR/bin (read when used).
const binDir = () => path.resolve(process.env.NODE_SUITE_BIN_DIR || 'build/asan/bin');
export const WAIT_MS = 20000;
export const READ = 'halopsa:read';
export const WRITE = 'halopsa:write';

// Resolves with the port once server listens on loopback (port 0: any).
function listen(server, port = 0) {
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve(server.address().port));
    });
}

// Signing keys generated per run: RS256 and ES256, private parts kept so
// tests can sign tokens with the issuer's own key (forged claims) and with
// keys it does not publish.
export async function makeKeys() {
    const rsa = await jose.generateKeyPair('RS256', { extractable: true });
    const ec = await jose.generateKeyPair('ES256', { extractable: true });
    const rsaJwk = { ...(await jose.exportJWK(rsa.privateKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
    const ecJwk = { ...(await jose.exportJWK(ec.privateKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' };
    return { rsa, ec, jwks: { keys: [rsaJwk, ecJwk] } };
}

// Starts oidc-provider on loopback. resource(): the MCP server's resource
// URI (known only once it runs). Clients: "machine" (client_credentials,
// RS256 tokens), "machine-es" (ES256 tokens), "reader" (only the read
// scope); dynamically registered clients get both scopes. jwksFetches()
// counts the requests for its key set.
export async function startProvider(keys, { resourceScope, port: wanted = 0 } = {}) {
    const server = http.createServer();
    const port = await listen(server, wanted);
    const issuer = `http://127.0.0.1:${port}`;
    const provider = new Provider(issuer, {
        jwks: keys.jwks,
        clients: [
            { client_id: 'machine', client_secret: 'machine-secret-0123456789', grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
            { client_id: 'machine-es', client_secret: 'machine-secret-0123456789', grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
            { client_id: 'reader', client_secret: 'machine-secret-0123456789', grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
        ],
        scopes: ['openid', 'offline_access', READ, WRITE],
        features: {
            devInteractions: { enabled: true },
            registration: { enabled: true },
            clientCredentials: { enabled: true },
            resourceIndicators: {
                enabled: true,
                defaultResource: () => undefined,
                useGrantedResource: () => true,
                getResourceServerInfo: (ctx, indicator, client) => {
                    const onlyRead = client.clientId === 'reader' || (client.clientName || '').includes('reader');
                    return {
                        scope: onlyRead ? READ : (resourceScope ?? `${READ} ${WRITE}`),
                        audience: indicator,
                        accessTokenTTL: 600,
                        accessTokenFormat: 'jwt',
                        jwt: { sign: { alg: client.clientId === 'machine-es' ? 'ES256' : 'RS256' } },
                    };
                },
            },
        },
        pkce: { required: () => true },
        // no cookies' Secure flag over plain http on loopback
        cookies: { keys: ['test-cookie-key-0123456789'] },
    });
    provider.proxy = false;
    const handle = provider.callback();
    let jwksFetches = 0;
    server.on('request', (req, res) => {
        if (req.url === '/jwks') jwksFetches += 1;
        handle(req, res);
    });
    return {
        issuer,
        port,
        provider,
        jwksFetches: () => jwksFetches,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

// A token from the client_credentials grant for resource.
export async function clientToken(issuer, clientId, resource, scope) {
    const body = new URLSearchParams({ grant_type: 'client_credentials', resource, scope });
    const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: 'Basic ' + Buffer.from(`${clientId}:machine-secret-0123456789`).toString('base64'),
        },
        body,
    });
    const json = await res.json();
    assert.equal(res.status, 200, `token endpoint: ${JSON.stringify(json)}`);
    assert.equal(json.token_type, 'Bearer');
    return json.access_token;
}

// Starts bin/halopsa-mcp --demo --http 127.0.0.1:0 with args; resolves
// with { url, base, stderr(), stop() } once it prints its URL.
export async function startServer(args, env = {}) {
    const bin = path.join(binDir(), 'halopsa-mcp');
    assert.ok(fs.existsSync(bin), `${bin} does not exist (not built yet?)`);
    const child = spawn(bin, ['--demo', '--http', '127.0.0.1:0', ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => {
        err += c.toString('utf8');
    });
    const url = await new Promise((resolve, reject) => {
        const timer = setInterval(() => {
            const m = /on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(err);
            if (m) {
                clearInterval(timer);
                resolve(m[1]);
            }
        }, 50);
        child.once('exit', (code) => {
            clearInterval(timer);
            reject(new Error(`halopsa-mcp exited ${code}:\n${err}`));
        });
        setTimeout(() => {
            clearInterval(timer);
            reject(new Error(`halopsa-mcp did not start:\n${err}`));
        }, WAIT_MS);
    });
    return {
        url,
        base: url.replace(/\/mcp$/, ''),
        stderr: () => err,
        stop: () =>
            new Promise((resolve) => {
                child.once('exit', (code, signal) => resolve({ code, signal, stderr: err }));
                child.kill('SIGTERM');
            }),
    };
}

// POSTs one JSON-RPC message to the MCP endpoint with an optional bearer
// token and session; resolves with { status, headers, text }.
export async function post(url, message, { token, sid } = {}) {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (sid) headers['mcp-session-id'] = sid;
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(message) });
    return { status: res.status, headers: res.headers, text: await res.text() };
}

export const INITIALIZE = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'auth-test', version: '1' } },
};

// The browser part of the authorization code flow, scripted: follows the
// authorization URL through oidc-provider's login and consent pages with a
// cookie jar, logs in as account, and resolves with the code sent to the
// redirect URI (never fetched: nothing listens there).
export async function browserLogin(authorizationUrl, redirectUri, account) {
    const jar = new Map();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const keep = (res) => {
        for (const c of res.headers.getSetCookie()) {
            const [pair] = c.split(';');
            const i = pair.indexOf('=');
            jar.set(pair.slice(0, i), pair.slice(i + 1));
        }
    };
    let url = String(authorizationUrl);
    let form = null;
    for (let hop = 0; hop < 20; hop++) {
        if (url.startsWith(redirectUri)) {
            const u = new URL(url);
            assert.equal(u.searchParams.get('error'), null, `authorization failed: ${url}`);
            return { code: u.searchParams.get('code'), state: u.searchParams.get('state') };
        }
        const res = await fetch(url, {
            method: form ? 'POST' : 'GET',
            headers: { cookie: cookieHeader(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
            body: form ? new URLSearchParams(form) : undefined,
            redirect: 'manual',
        });
        keep(res);
        form = null;
        if (res.status >= 300 && res.status < 400) {
            url = new URL(res.headers.get('location'), url).href;
            continue;
        }
        const page = await res.text();
        assert.equal(res.status, 200, `unexpected ${res.status} at ${url}: ${page.slice(0, 400)}`);
        // the dev login page posts prompt=login, the consent page prompt=consent
        const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
        const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
        assert.ok(prompt && action, `no interaction form at ${url}: ${page.slice(0, 400)}`);
        form = prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt };
        url = new URL(action, url).href;
    }
    throw new Error('too many redirects in the authorization flow');
}

// An OAuthClientProvider kept in memory; login(url) completes the
// authorization in the scripted browser and remembers the code.
export class TestAuth {
    constructor(account, name = 'halopsa-mcp auth test') {
        this.account = account;
        this.name = name;
        this.redirect = 'http://127.0.0.1:9/callback';
        this.authorizations = [];
        this.pendingCode = null;
    }
    get redirectUrl() {
        return this.redirect;
    }
    get clientMetadata() {
        return {
            client_name: this.name,
            redirect_uris: [this.redirect],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: 'none',
            application_type: 'native',
        };
    }
    state() {
        this.lastState = `st-${Math.random().toString(36).slice(2)}`;
        return this.lastState;
    }
    clientInformation() {
        return this.client;
    }
    saveClientInformation(info) {
        this.client = info;
    }
    tokens() {
        return this.saved;
    }
    saveTokens(tokens) {
        this.saved = tokens;
    }
    saveCodeVerifier(v) {
        this.verifier = v;
    }
    codeVerifier() {
        return this.verifier;
    }
    async redirectToAuthorization(url) {
        this.authorizations.push(new URL(url));
        const { code, state } = await browserLogin(url, this.redirect, this.account);
        assert.equal(state, this.lastState, 'the state came back unchanged');
        this.pendingCode = code;
    }
}

// Signs claims with key (a private KeyLike) as a JWS with header.
export async function sign(claims, key, header) {
    return new jose.SignJWT(claims).setProtectedHeader(header).sign(key);
}

export function b64url(obj) {
    return Buffer.from(typeof obj === 'string' ? obj : JSON.stringify(obj)).toString('base64url');
}

export function tmpFile(name) {
    return path.join(os.tmpdir(), `halopsa-auth-${process.pid}-${name}`);
}
