import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import Provider from 'oidc-provider';
import { DEMO_CLIENT_SECRET, esiaCallbackPath } from '../esia-client.ts';
import { DEMO_CITIZENS } from './demo-citizens.ts';

export const DEV_ESIA_PREFIX = '/dev-esia';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function createProvider(publicUrl: string) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'dev-esia' };
  return new Provider(`${publicUrl}${DEV_ESIA_PREFIX}`, {
    clients: [
      {
        client_id: 'kontingent-demo',
        client_secret: DEMO_CLIENT_SECRET,
        redirect_uris: [`${publicUrl}${esiaCallbackPath}`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    scopes: ['openid', 'snils', 'profile'],
    claims: {
      openid: ['sub'],
      snils: ['snils'],
      profile: ['family_name', 'given_name', 'middle_name', 'name'],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `${DEV_ESIA_PREFIX}/interaction/${interaction.uid}` },
    findAccount: async (_ctx, id) => {
      const c = DEMO_CITIZENS.find((x) => x.id === id);
      if (!c) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          snils: c.snils,
          family_name: c.familyName,
          given_name: c.givenName,
          middle_name: c.middleName,
          name: `${c.familyName} ${c.givenName} ${c.middleName}`,
        }),
      };
    },
  });
}

function loginPage(uid: string) {
  const buttons = DEMO_CITIZENS.map(
    (c) =>
      `<button name="account" value="${escapeHtml(c.id)}">${escapeHtml(`${c.familyName} ${c.givenName} ${c.middleName}`)}</button>`,
  ).join('\n');
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Госуслуги (демо)</title>
<style>body{font-family:sans-serif;max-width:480px;margin:40px auto;color:#0d4cd3}button{display:block;width:100%;margin:8px 0;padding:12px;font-size:16px;cursor:pointer}</style>
</head><body><h1>Госуслуги — демонстрационный вход</h1>
<p>Демо-стенд вместо ЕСИА. Выберите гражданина:</p>
<form method="post" action="${DEV_ESIA_PREFIX}/interaction/${escapeHtml(uid)}/login">${buttons}</form></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

/**
 * A development stand-in for ЕСИА built on oidc-provider, served by the same process. It is
 * registered only in demo mode; production refuses to start with it enabled.
 */
export const devEsiaPlugin =
  (publicUrl: string): FastifyPluginAsync =>
  async (app) => {
    const provider = createProvider(publicUrl);
    const callback = provider.callback();

    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '').slice(DEV_ESIA_PREFIX.length).split('?')[0] ?? '';
      const page = /^\/interaction\/([\w-]+)$/.exec(path);
      const submit = /^\/interaction\/([\w-]+)\/login$/.exec(path);
      if (page && req.method === 'GET') {
        const details = await provider.interactionDetails(req, res);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid));
        return;
      }
      if (submit && req.method === 'POST') {
        const details = await provider.interactionDetails(req, res);
        const accountId = (await readForm(req)).get('account') ?? '';
        if (!DEMO_CITIZENS.some((c) => c.id === accountId)) {
          res.writeHead(400).end('unknown account');
          return;
        }
        const clientId = String(details.params.client_id);
        const grant = new provider.Grant({ accountId, clientId });
        grant.addOIDCScope(String(details.params.scope ?? 'openid'));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } });
        return;
      }
      // Mounted like an Express sub-app: originalUrl tells oidc-provider its mount path.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = (req.url ?? '').slice(DEV_ESIA_PREFIX.length) || '/';
      callback(req, res);
    };

    // oidc-provider reads request bodies itself, so they are handed over unparsed.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    app.all(
      `${DEV_ESIA_PREFIX}/*`,
      { config: { policy: 'public' }, schema: { hide: true } },
      (req, reply) => {
        reply.hijack();
        handle(req.raw, reply.raw).catch(() => {
          if (!reply.raw.headersSent) reply.raw.writeHead(500).end('dev-esia error');
        });
      },
    );
  };
