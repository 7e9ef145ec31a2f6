import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, generateApiTypes } from './lib/api-types.ts';
import { buildOpenApiDocument } from './lib/openapi-document.ts';

/** `npm run api:types`: writes the web's typed-client types from the OpenAPI document the routes describe. */
writeFileSync(API_TYPES_FILE, await generateApiTypes(await buildOpenApiDocument()));
console.warn(`Записано: ${API_TYPES_FILE}`);
