/**
 * Talking to the service. Where the API lives comes from config.json beside index.html (the
 * deployment writes it; the local server serves one saying "same origin"). Failures become an
 * ApiError carrying the problem+json `detail`, worded for people.
 */

export class ApiError extends Error {
  constructor(status, detail, code, errors = []) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    /** The fields the problem names: [{ path, message }]. */
    this.errors = errors;
  }

  /** The first field the problem names, e.g. `body/agreements/1/agreement/partners/0/share`. */
  get path() {
    return this.errors[0]?.path;
  }
}

/** Reads config.json; without one the API is on the page's own origin. */
export async function loadConfig() {
  try {
    const res = await fetch('config.json', { cache: 'no-store', credentials: 'omit' });
    if (!res.ok) return { apiUrl: '' };
    const json = await res.json();
    const apiUrl = typeof json.apiUrl === 'string' ? json.apiUrl.replace(/\/+$/, '') : '';
    return { apiUrl };
  } catch {
    return { apiUrl: '' };
  }
}

const FALLBACK_DETAIL = {
  401: 'Your sign-in was not accepted or has expired.',
  403: 'Your sign-in does not give access to this.',
  404: 'The service has no such record.',
  409: 'The service cannot report on this in its current state.',
  429: 'The service is busy. Please try again in a moment.',
  503: 'The service is busy. Please try again in a moment.',
};

async function toError(res) {
  let detail;
  let code;
  let errors = [];
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = await res.json();
      if (typeof body.detail === 'string') detail = body.detail;
      if (typeof body.code === 'string') code = body.code;
      if (Array.isArray(body.errors)) errors = body.errors.filter((e) => e && typeof e.path === 'string');
    } catch {
      // A body that is not JSON after all: fall back to the generic wording below.
    }
  }
  return new ApiError(
    res.status,
    detail ?? FALLBACK_DETAIL[res.status] ?? `The service answered with an error (${res.status}).`,
    code,
    errors,
  );
}

export function createApi(apiUrl) {
  let token;
  const base = apiUrl ?? '';

  async function request(method, path, { body, auth = true } = {}) {
    const headers = { accept: 'application/json' };
    if (auth && token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        credentials: 'omit',
        cache: 'no-store',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, 'The service could not be reached. Check your connection and try again.', 'NETWORK');
    }
    if (!res.ok) throw await toError(res);
    return res.json();
  }

  return {
    get sameOrigin() {
      return base === '';
    },
    setToken(value) {
      token = value;
    },
    get: (path) => request('GET', path),
    post: (path, body, opts = {}) => request('POST', path, { body, ...opts }),

    /**
     * True when this server issues local tokens (`POST /dev/tokens`, the local stand-in only):
     * asked with an empty body, it answers 400 with a problem saying what to send. AWS has no such route.
     */
    async hasDevTokens() {
      if (base !== '') return false;
      try {
        const res = await fetch('/dev/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: '{}',
          credentials: 'omit',
          cache: 'no-store',
        });
        if (res.status !== 400) return false;
        const problem = await res.json();
        return problem.code === 'REQUEST.INVALID';
      } catch {
        return false;
      }
    },
  };
}
