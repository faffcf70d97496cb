import { Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ServiceRoute } from '../proxy/service-routes.js';
import { mergeOpenApi } from './openapi-merge.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Fetches every service's OpenAPI document from any of its instances, waiting with backoff for services still starting. */
export async function loadPublicApiDocument(routes: readonly ServiceRoute[], timeoutMs = 180_000): Promise<OpenAPIObject> {
  const logger = new Logger('ApiDocs');
  const deadline = Date.now() + timeoutMs;
  const documents: OpenAPIObject[] = [];
  for (const route of routes.filter((candidate) => candidate.hasApi)) {
    const where = route.targets.join(', ');
    for (let attempt = 1; ; attempt += 1) {
      try {
        documents.push(await documentOfAnyInstance(route.targets));
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`${route.name} at ${where} did not answer: ${(error as Error).message}. Is it running?`, { cause: error });
        }
        if (attempt % 5 === 1) logger.log(`waiting for ${route.name} at ${where} (${(error as Error).message})`);
        await sleep(Math.min(2_000, 200 * attempt));
      }
    }
  }
  return mergeOpenApi(
    {
      title: 'SUD treatment referral and bed availability API',
      description:
        'Find facilities with a free bed in the right level of care, refer patients, and keep bed counts current. ' +
        'Facility directory data: SAMHSA N-SUMHSS locator listing.',
      version: '1',
    },
    documents,
  );
}

/** The document of the first instance that gives one (every instance of a service serves the same). */
async function documentOfAnyInstance(targets: readonly string[]): Promise<OpenAPIObject> {
  const problems: string[] = [];
  for (const target of targets) {
    try {
      const response = await fetch(`${target}/openapi.json`, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as OpenAPIObject;
    } catch (error) {
      problems.push(targets.length > 1 ? `${target}: ${(error as Error).message}` : (error as Error).message);
    }
  }
  throw new Error(problems.join('; '));
}
