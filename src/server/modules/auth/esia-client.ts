import * as oidc from 'openid-client';
import type { Config } from '../../platform/config.ts';

export type EsiaSettings = { issuer: string; clientId: string; clientSecret: string; snilsClaim: string };

/** The demo identity provider's coordinates when DEMO_IDP is on; ЕСИА's from configuration otherwise. */
export function esiaSettings(config: Config): EsiaSettings | null {
  if (config.esia) return config.esia;
  if (config.demoIdp) {
    return {
      issuer: `${config.publicUrl}/dev-esia`,
      clientId: 'kontingent-demo',
      clientSecret: DEMO_CLIENT_SECRET,
      snilsClaim: 'snils',
    };
  }
  return null;
}

export const DEMO_CLIENT_SECRET = 'demo-esia-client-secret-not-for-production';
export const esiaCallbackPath = '/api/v1/auth/esia/callback';

/** OpenID Connect authorization code flow with PKCE through openid-client; discovery is lazy. */
export class EsiaClient {
  #settings: EsiaSettings;
  #redirectUri: string;
  #config: Promise<oidc.Configuration> | null = null;
  #insecure: boolean;

  constructor(settings: EsiaSettings, publicUrl: string) {
    this.#settings = settings;
    this.#redirectUri = `${publicUrl}${esiaCallbackPath}`;
    this.#insecure = settings.issuer.startsWith('http://');
  }

  #configuration(): Promise<oidc.Configuration> {
    this.#config ??= oidc
      .discovery(
        new URL(this.#settings.issuer),
        this.#settings.clientId,
        this.#settings.clientSecret,
        undefined,
        this.#insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err) => {
        this.#config = null;
        throw err;
      });
    return this.#config;
  }

  async start() {
    const config = await this.#configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.#redirectUri,
      scope: 'openid snils profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  async finish(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }) {
    const config = await this.#configuration();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims: Record<string, unknown> = tokens.claims() ?? {};
    const snils = String(claims[this.#settings.snilsClaim] ?? '').replace(/\D/g, '');
    const fullName = [claims.family_name, claims.given_name, claims.middle_name].filter(Boolean).join(' ');
    return { subject: String(claims.sub), snils, fullName: fullName || String(claims.name ?? '') };
  }
}
