import type { GatewayConfig } from '../gateway.config.js';

export interface ServiceRoute {
  readonly name: string;
  /** Path prefixes this service answers, as the public sees them. */
  readonly paths: readonly string[];
  /** The service's instances (base URLs); requests are spread over them. */
  readonly targets: readonly string[];
  /** Whether the service publishes an OpenAPI document to merge into the public one. */
  readonly hasApi: boolean;
}

/** Which internal service answers which public path: the gateway's whole routing table. */
export function serviceRoutes(config: GatewayConfig): ServiceRoute[] {
  // Order matters: the first route whose prefix matches wins, so the referral service's FHIR
  // resources come before the registry's catch-all FHIR base (directory, metadata, Bundle import).
  return [
    {
      name: 'referral-service',
      paths: ['/api/referrals', '/api/placements', '/api/inbox', '/api/audit', '/api/fhir/ServiceRequest', '/api/fhir/Task'],
      targets: config.referralUrls,
      hasApi: true,
    },
    { name: 'facility-registry', paths: ['/api/facilities', '/api/fhir'], targets: config.registryUrls, hasApi: true },
    { name: 'identity', paths: ['/api/auth', '/api/accounts'], targets: config.identityUrls, hasApi: true },
    { name: 'matcher', paths: [], targets: config.matcherUrls, hasApi: false },
  ];
}
