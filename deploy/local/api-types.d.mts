// Types of api-types.mjs for the TypeScript specs that call it (test/e2e/api-documents.e2e-spec.ts).

/** The generated file, relative to the repository root. */
export declare const API_TYPES_FILE: string;
export declare const DEFAULT_DOCUMENT_URL: string;
/** The TypeScript source of the API types for an OpenAPI document (the parsed JSON). */
export declare function apiTypes(document: object): Promise<string>;
