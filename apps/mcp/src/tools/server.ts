import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SigmaApi } from '../api/sigma-api';
import { registerChangeSetTools } from './change-set-tools';
import { registerReadTools } from './read-tools';

/** Every tool the server offers. None writes a record: an agent reads and proposes; people review and apply. */
export const TOOL_NAMES = [
  'search_records',
  'get_record',
  'get_schema',
  'propose_change_set',
  'get_review_feedback',
  'revise_change_set',
  'resubmit_change_set',
] as const;

export const SERVER_INSTRUCTIONS =
  'Sigma PIM holds product records whose attribute values are scoped ({dimensionId: segmentId}, e.g. per language or market; ' +
  '{} = global). You cannot write records. You propose change sets that people review change by change: read with get_schema, ' +
  'search_records and get_record; propose with propose_change_set; follow the review with get_review_feedback; when a reviewer ' +
  'requests a revision, revise_change_set and resubmit_change_set. Every call runs with your own credential and role.';

/** One MCP server bound to one API client (and so to one caller's credential). */
export function createSigmaMcpServer(api: SigmaApi, version: string): McpServer {
  const server = new McpServer({ name: 'sigma-pim', title: 'Sigma PIM', version }, { instructions: SERVER_INSTRUCTIONS });
  registerReadTools(server, api);
  registerChangeSetTools(server, api);
  return server;
}
