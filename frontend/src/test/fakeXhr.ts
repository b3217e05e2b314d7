import { vi } from 'vitest';

export interface XhrRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  /** The multipart field "file", if the body is FormData with one. */
  file: File | undefined;
}

export interface XhrReply {
  status: number;
  body?: unknown;
  /** Defaults to application/json (application/problem+json for 4xx and 5xx). */
  contentType?: string;
}

export interface XhrControls {
  /** Reports upload progress to the page (bytes sent of total). */
  progress: (loaded: number, total: number) => void;
}

export type XhrHandler = (req: XhrRequest, controls: XhrControls) => XhrReply | Promise<XhrReply>;

/**
 * Replaces XMLHttpRequest with a fake that hands each request to `handler` and answers with
 * its reply (a body is sent as JSON). Returns the recorded requests.
 */
export function mockXhr(handler: XhrHandler) {
  const requests: XhrRequest[] = [];

  class FakeXMLHttpRequest {
    upload: { onprogress: ((e: ProgressEventInit) => void) | null; onload: (() => void) | null } = {
      onprogress: null,
      onload: null,
    };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    status = 0;
    responseText = '';
    private method = 'GET';
    private url = '';
    private headers: Record<string, string> = {};
    private responseHeaders: Record<string, string> = {};
    private aborted = false;

    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }

    setRequestHeader(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
    }

    getResponseHeader(name: string): string | null {
      return this.responseHeaders[name.toLowerCase()] ?? null;
    }

    abort() {
      if (this.aborted) return;
      this.aborted = true;
      this.onabort?.();
    }

    send(body: unknown) {
      const file = body instanceof FormData ? (body.get('file') as File | null) ?? undefined : undefined;
      const req: XhrRequest = {
        method: this.method,
        url: new URL(this.url, globalThis.location?.origin ?? 'http://localhost'),
        headers: { ...this.headers },
        body,
        file,
      };
      requests.push(req);
      const controls: XhrControls = {
        progress: (loaded, total) => {
          if (!this.aborted) this.upload.onprogress?.({ lengthComputable: true, loaded, total });
        },
      };
      setTimeout(async () => {
        let reply: XhrReply;
        try {
          reply = await handler(req, controls);
        } catch {
          if (!this.aborted) this.onerror?.();
          return;
        }
        if (this.aborted) return;
        this.upload.onload?.();
        this.status = reply.status;
        const contentType =
          reply.contentType ?? (reply.status >= 400 ? 'application/problem+json' : 'application/json');
        this.responseHeaders = { 'content-type': contentType };
        this.responseText =
          reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        this.onload?.();
      }, 0);
    }
  }

  vi.stubGlobal('XMLHttpRequest', FakeXMLHttpRequest);
  return { requests };
}
