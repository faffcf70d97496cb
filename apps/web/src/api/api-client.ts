// One fetch wrapper for the whole app: the bearer token goes on every call, and a failed call becomes
// an ApiError that keeps the server's per-field reasons, so forms can show them beside the field.

export interface FieldProblem {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
}

let accessToken: string | null = null;
let onUnauthorized: () => void = () => undefined;

export function setAccessToken(token: string | null, unauthorized: () => void): void {
  accessToken = token;
  onUnauthorized = unauthorized;
}

export function currentAccessToken(): string | null {
  return accessToken;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { accept: 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}), ...extra };
}

async function failure(response: Response): Promise<ApiError> {
  let body: { message?: unknown; errors?: FieldProblem[] } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not JSON: keep the status text
  }
  const message = Array.isArray(body.message)
    ? body.message.join('; ')
    : typeof body.message === 'string'
      ? body.message
      : response.statusText;
  if (response.status === 401) onUnauthorized();
  if (response.status === 429) {
    return new ApiError(429, `Too many changes at once; wait ${response.headers.get('retry-after') ?? 'a few'} seconds and try again.`);
  }
  if (response.status >= 500) return new ApiError(response.status, `${message || 'The service is not answering'} (try again shortly)`);
  return new ApiError(response.status, message, body.errors ?? []);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'No connection to the service; check the network and try again.');
  }
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Downloads a file the API makes (the CSV export needs the token, so a plain link would not do). */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await fetch(path, { headers: headers({ accept: 'text/csv' }) });
  if (!response.ok) throw await failure(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
