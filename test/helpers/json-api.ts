import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JsonRequest {
  method: string;
  /** the parsed URL (query in searchParams) */
  url: URL;
  /** the path as sent, still URL-encoded */
  rawPath: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export type Send = (status: number, data: unknown, headers?: Record<string, string>) => void;

/** A JSON REST API on 127.0.0.1 and a free port, for the loopback forges the end-to-end tests talk to. */
export async function startJsonApi(handle: (req: JsonRequest, send: Send) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => {
      const send: Send = (status, data, headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(data));
      };
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      handle({ method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://x'), rawPath: (req.url ?? '/').split('?')[0]!, headers: req.headers, body }, send);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

export function stopServer(server: Server | undefined): Promise<void> {
  return new Promise((r) => {
    if (!server) return r();
    server.closeAllConnections();
    server.close(() => r());
  });
}
