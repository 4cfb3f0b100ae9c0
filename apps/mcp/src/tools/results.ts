/**
 * Tool results. Success is JSON text; failure is a tool error (`isError: true`) the model can act
 * on: what was refused, each offending field with its rule, and what to do next.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ApiError, ApiUnreachable } from '../api/sigma-api';

export function ok(data: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(data) }] };
}

export function failure(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/** What to do about a refusal, by HTTP status. */
const HINTS: Record<number, string> = {
  400: 'Fix the fields listed and call the tool again.',
  401: 'The credential was refused (missing, expired or revoked): the MCP server needs a valid API key or token for the agent.',
  403: 'Your role does not allow this action. An agent may read and propose change sets (and follow up its own); it never writes records.',
  404: 'Check the id: search_records lists records, get_schema lists schemas, get_review_feedback without changeSetId lists change sets.',
  409: 'The change set\'s current status does not allow this; get_review_feedback shows its status and what comes next.',
  422: 'Fix the fields listed and call the tool again.',
  429: 'Too many requests: wait a little, then try again.',
};

/** One line per broken rule: `- operations[0].changes[1].scope [scope] (price, {"dim-language":"seg-da"}): 'price' is not scoped by 'dim-language'`. */
export function describeIssues(error: ApiError): string[] {
  return error.issues.map((issue) => {
    const about = [issue.attributeAlias, issue.scope && JSON.stringify(issue.scope)].filter(Boolean).join(', ');
    return `- ${issue.field} [${issue.rule}]${about ? ` (${about})` : ''}: ${issue.message}`;
  });
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const lines = [`The Sigma PIM API refused ${error.request}: ${error.status}${error.code ? ` ${error.code}` : ''}: ${error.message}`];
    const issues = describeIssues(error);
    if (issues.length > 0) lines.push('Problems (field [rule] (attribute, scope): message):', ...issues);
    const hint = HINTS[error.status];
    if (hint) lines.push(hint);
    return lines.join('\n');
  }
  if (error instanceof ApiUnreachable) return `The Sigma PIM API did not answer (${error.message}). Nothing was changed by this call as far as the server knows; try again later.`;
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

export function errorResult(error: unknown, lead?: string): CallToolResult {
  return failure(lead ? `${lead}\n${describeError(error)}` : describeError(error));
}

/** Runs a tool body; any refusal becomes a tool error instead of a protocol error. */
export async function guarded(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    return errorResult(error);
  }
}
