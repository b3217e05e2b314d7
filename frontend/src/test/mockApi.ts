import { vi } from 'vitest';
import { jsonResponse } from './renderApp';

export interface MockRequest {
  method: string;
  path: string;
  url: URL;
  request: Request;
  /** Path parameters, from ":name" segments of the route. */
  params: Record<string, string>;
  /** The JSON body, if any. */
  body: unknown;
}

export type MockHandler = (req: MockRequest) => Response | Promise<Response>;

/** A problem+json response as the API sends it. */
export function problemResponse(
  status: number,
  title: string,
  extra: Record<string, unknown> = {},
): Response {
  const code = { 400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict' }[status];
  return jsonResponse(
    { type: 'about:blank', title, status, code: code ?? 'internal', requestId: 'req-test', ...extra },
    status,
    'application/problem+json',
  );
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return undefined;
  }
  return params;
}

/**
 * Replaces fetch with a small router: keys are "METHOD /path/:param". Unless given, GET
 * /api/v1/me answers 401 (signed out) and the demo identity provider is absent. Anything
 * else unmatched answers 404. Returns the recorded requests.
 */
export function mockApi(routes: Record<string, MockHandler>) {
  const all: Record<string, MockHandler> = {
    'GET /api/v1/me': () => problemResponse(401, 'Niet aangemeld'),
    'GET /dev-idp/.well-known/openid-configuration': () =>
      new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    ...routes,
  };
  const calls: MockRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.body ? await request.clone().text() : '';
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    for (const [key, handler] of Object.entries(all)) {
      const [method, pattern] = key.split(' ') as [string, string];
      const params = method === request.method ? match(pattern, url.pathname) : undefined;
      if (params) {
        const req: MockRequest = { method, path: url.pathname, url, request, params, body };
        calls.push(req);
        return handler(req);
      }
    }
    calls.push({ method: request.method, path: url.pathname, url, request, params: {}, body });
    return problemResponse(404, 'Niet gevonden');
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetchMock,
    calls,
    /** Recorded requests for "METHOD /exact/path". */
    callsTo: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key),
  };
}
