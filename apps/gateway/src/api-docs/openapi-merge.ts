import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Joins the services' OpenAPI documents into the one public document. Paths never overlap (the
 * routing table gives each prefix to one service); a schema name used twice must mean the same.
 */
export function mergeOpenApi(info: OpenAPIObject['info'], documents: readonly OpenAPIObject[]): OpenAPIObject {
  const merged: OpenAPIObject = { openapi: '3.0.0', info, paths: {}, components: { schemas: {}, securitySchemes: {} }, tags: [] };
  for (const document of documents) {
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (merged.paths[path]) throw new Error(`two services claim the path ${path}`);
      merged.paths[path] = item;
    }
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      const existing = merged.components!.schemas![name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) {
        throw new Error(`two services define the schema ${name} differently`);
      }
      merged.components!.schemas![name] = schema;
    }
    Object.assign(merged.components!.securitySchemes!, document.components?.securitySchemes ?? {});
    for (const tag of document.tags ?? []) {
      if (!merged.tags!.some((known) => known.name === tag.name)) merged.tags!.push(tag);
    }
  }
  // Every tag an operation uses is declared once at the top, as OpenAPI tools expect.
  const used = Object.values(merged.paths).flatMap((item) =>
    Object.values(item as Record<string, { tags?: string[] }>).flatMap((operation) => operation.tags ?? []),
  );
  for (const name of [...new Set(used)].sort()) {
    if (!merged.tags!.some((known) => known.name === name)) merged.tags!.push({ name });
  }
  return merged;
}
