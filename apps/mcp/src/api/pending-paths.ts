import type { paths, Schemas } from '@sigma/sdk';

/**
 * Editing the operations of a set under revision (PATCH and DELETE /change-sets/{id}/operations/{opId})
 * comes with the revisions work on change sets. Until the API document has these paths, they are
 * declared here in the document's own terms, so the revise tool still calls them through the typed
 * SDK client (an API without them answers 404, which the tool reports as not available yet).
 */
interface Answer<T> {
  headers: Record<string, unknown>;
  content: { 'application/json': T };
}
type Refusal = Answer<Schemas['ErrorBody']>;
type OperationPath = { query?: never; header?: never; path: { id: string; opId: string }; cookie?: never };

interface PendingPaths {
  '/change-sets/{id}/operations/{opId}': {
    parameters: OperationPath;
    patch: {
      parameters: OperationPath;
      requestBody: { content: { 'application/json': { changes: Schemas['ChangeDto'][] } } };
      responses: { 200: Answer<Schemas['ChangeSet']>; 400: Refusal; 401: Refusal; 403: Refusal; 404: Refusal; 409: Refusal };
    };
    delete: {
      parameters: OperationPath;
      requestBody?: never;
      responses: { 200: Answer<{ deleted: true; operationId: string }>; 401: Refusal; 403: Refusal; 404: Refusal; 409: Refusal };
    };
  };
}

/**
 * The declared paths the generated document does not have yet: once `npm run sdk:generate` brings
 * them in, the generated types take over (this is then `{}`) and this file can go.
 */
export type StillPending = Omit<PendingPaths, keyof paths>;
