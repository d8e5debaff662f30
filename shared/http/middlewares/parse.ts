/**
 * Validates everything a request carries before any route code sees it: path parameters by
 * their schemas, the query string by the route's, and the body (JSON by the route's schema, or
 * a file of one of the route's media types), within the route's size limit. Every mistake is a
 * 4xx naming the field; nothing has been written yet.
 */
import type { RouteSpec } from '../../contract/route-spec.ts';
import { pathParams } from '../../contract/schemas/params.ts';
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../domain/errors.ts';
import { type Middleware, type PipelineRequest, stateOf } from '../pipeline.ts';
import type { HttpEvent } from '../reply.ts';
import { parseOr400 } from '../validation.ts';

const DEFAULT_MAX_BODY = 64 * 1024;

/** The body of a route that takes a file: its bytes and media type (parameters apart). */
export interface FileBody {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

export function bodyBytes(event: HttpEvent): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

function parseFile(spec: RouteSpec, bytes: Buffer, headers: Readonly<Record<string, string | undefined>>): FileBody {
  const max = spec.maxBody ?? DEFAULT_MAX_BODY;
  if (bytes.length > max) {
    throw new PayloadTooLargeError(
      'REQUEST.TOO_LARGE',
      `the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the largest accepted is ${(max / 1024 / 1024).toFixed(0)} MB: split it into several files`,
    );
  }
  const mediaType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const accepts = spec.file?.accepts ?? [];
  if (!accepts.includes(mediaType))
    throw new UnsupportedMediaTypeError('REQUEST.MEDIA_TYPE', `send the file as one of: ${accepts.join(', ')}`);
  if (bytes.length === 0) throw new ValidationError('REQUEST.EMPTY_BODY', 'the body is empty; send the file');
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), mediaType };
}

export function parseBody(spec: RouteSpec, event: HttpEvent, headers: Readonly<Record<string, string | undefined>>): unknown {
  const bytes = bodyBytes(event);
  if (spec.file) return parseFile(spec, bytes, headers);
  const max = spec.maxBody ?? DEFAULT_MAX_BODY;
  if (bytes.length > max) throw new PayloadTooLargeError('REQUEST.TOO_LARGE', `the body is larger than ${max} bytes`);
  const text = bytes.toString('utf8').trim();
  if (!spec.body) {
    if (text.length === 0 || text === '{}') return undefined;
    throw new ValidationError('REQUEST.UNEXPECTED_BODY', 'this request takes no body');
  }
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new UnsupportedMediaTypeError('REQUEST.MEDIA_TYPE', 'send the body as application/json');
  if (text.length === 0) throw new ValidationError('REQUEST.EMPTY_BODY', 'the body is empty; send a JSON object');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ValidationError('REQUEST.MALFORMED_JSON', 'the body is not valid UTF-8 JSON');
  }
  return parseOr400(spec.body, json, 'body');
}

export function parseParams(event: HttpEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    const schema = pathParams[name as keyof typeof pathParams];
    if (!schema || value === undefined) throw new NotFoundError('ROUTE.NOT_FOUND', 'no such resource');
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      throw new ValidationError('REQUEST.INVALID_PATH', `path.${name} is not valid percent-encoding`, [
        { path: `path.${name}`, message: 'is not valid percent-encoding' },
      ]);
    }
    out[name] = parseOr400(schema, decoded, `path.${name}`, 'REQUEST.INVALID_PATH');
  }
  return out;
}

export function parseQuery(spec: RouteSpec, event: HttpEvent): unknown {
  const raw = event.queryStringParameters ?? {};
  if (!spec.query) {
    const names = Object.keys(raw);
    if (names.length > 0) {
      throw new ValidationError(
        'REQUEST.INVALID_QUERY',
        'this request takes no query parameters',
        names.map((n) => ({ path: `query.${n}`, message: 'is not a parameter this request accepts' })),
      );
    }
    return {};
  }
  return parseOr400(spec.query, raw, 'query', 'REQUEST.INVALID_QUERY');
}

export function parse(): Middleware {
  return {
    before: (request: PipelineRequest) => {
      const state = stateOf(request);
      state.params = parseParams(request.event);
      state.query = parseQuery(state.spec, request.event);
      state.body = parseBody(state.spec, request.event, state.headers);
    },
  };
}
