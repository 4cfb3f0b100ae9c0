/** Every route of the gateway lives under this prefix (the document's `servers` URL). */
export const API_PREFIX = 'api/v1';
