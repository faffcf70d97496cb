// The parts of FHIR R4 this service reads and writes, typed just enough to keep the mapping honest.
// The resources themselves are checked against the official R4 definitions by the test suite.

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface Extension {
  url: string;
  extension?: Extension[];
  valueCoding?: Coding;
  valueCode?: string;
  valueString?: string;
  valueUnsignedInt?: number;
  valueBoolean?: boolean;
  valueDateTime?: string;
  valueDate?: string;
}

export interface Address {
  use?: string;
  line?: string[];
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface ContactPoint {
  system?: string;
  value?: string;
  use?: string;
}

export interface Resource {
  resourceType: string;
  id?: string;
  meta?: { lastUpdated?: string };
  [key: string]: unknown;
}

export interface BundleEntry {
  fullUrl?: string;
  resource?: Resource;
  search?: { mode: 'match' | 'include' };
  request?: { method?: string; url?: string };
  response?: { status: string; location?: string };
}

export interface Bundle extends Resource {
  resourceType: 'Bundle';
  type: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: BundleEntry[];
}

export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  diagnostics?: string;
  expression?: string[];
}

export function operationOutcome(issues: OperationOutcomeIssue[]): Resource {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** A searchset Bundle with paging links built from the request's own query. */
export function searchset(
  baseUrl: string,
  resources: Resource[],
  total: number,
  page: { count: number; offset: number },
  query: URLSearchParams,
): Bundle {
  const link = (offset: number) => {
    const params = new URLSearchParams(query);
    params.set('_count', String(page.count));
    params.set('_offset', String(offset));
    return `${baseUrl}?${params.toString()}`;
  };
  const links = [{ relation: 'self', url: link(page.offset) }];
  if (page.offset + page.count < total) links.push({ relation: 'next', url: link(page.offset + page.count) });
  if (page.offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, page.offset - page.count)) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: links,
    entry: resources.map((resource) => ({ fullUrl: `${baseUrl}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}

/** FHIR forbids empty arrays (and empty objects): an element with no values is left out instead. */
export function withoutEmpty<T extends Resource>(resource: T): T {
  const prune = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = value.map(prune).filter((item) => item !== undefined);
      return items.length > 0 ? items : undefined;
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value)
        .map(([key, item]) => [key, prune(item)] as const)
        .filter(([, item]) => item !== undefined);
      return entries.length > 0 ? Object.fromEntries(entries) : undefined;
    }
    return value;
  };
  return prune(resource) as T;
}
