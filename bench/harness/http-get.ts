import http from 'node:http';

export type GetResponse = { status: number; body: string };

/**
 * A keep-alive HTTP GET for timed loads, where each request's own latency is kept (autocannon reports no
 * p95). One agent per load, with as many sockets as the load has loops, so connections are reused.
 */
export function keepAliveGetter(concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const get = (url: string, headers: Record<string, string> = {}) =>
    new Promise<GetResponse>((resolve, reject) => {
      const req = http.get(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}

/**
 * A POST with a JSON body and no client-side time limit: a region-wide promotion runs for minutes, past
 * the five minutes fetch waits for response headers.
 */
export function postJson(url: string, headers: Record<string, string>, body: unknown) {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise<GetResponse>((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(data.length) }, timeout: 0 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
