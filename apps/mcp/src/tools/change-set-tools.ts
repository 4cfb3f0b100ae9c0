import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Roles } from '@sigma/contracts';
import { ApiError, type ChangeSetDto, type ChangeSetStatus, type SigmaApi } from '../api/sigma-api';
import { feedbackInput, proposeInput, resubmitInput, reviseInput, toOperationInput, toProposedChange } from './inputs';
import { errorResult, failure, guarded, ok } from './results';
import { changeSetSummary, feedbackView, NEXT_STEP } from './views';

/** Proposals change nothing in the catalog until people approve and apply them. */
const PROPOSES = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;

function proposalView(changeSet: ChangeSetDto) {
  return {
    changeSetId: changeSet.id,
    status: changeSet.status,
    revisionCount: changeSet.revisionCount,
    nextStep: NEXT_STEP[changeSet.status],
    operations: changeSet.operations.map(({ id, type, entityId, entityName, status, changes }) => ({ id, type, entityId, entityName, status, changes: changes.length })),
  };
}

/**
 * A 409 to an edit: the set is not open to the source's edits now (only in revision_requested, or
 * as a draft). Says so with the status it is in and what to do instead.
 */
function notRevisable(error: unknown, changeSetId: string): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const status = (error.details as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'string' || !(status in NEXT_STEP)) return undefined;
  return (
    `Cannot revise change set ${changeSetId}: it is in status ${status}. Its operations can be edited only after a reviewer ` +
    `requests a revision (status revision_requested). ${NEXT_STEP[status as ChangeSetStatus]}`
  );
}

export function registerChangeSetTools(server: McpServer, api: SigmaApi): void {
  server.registerTool(
    'propose_change_set',
    {
      title: 'Propose changes for review',
      description:
        'Propose changes to records. You never write records: this creates a change set of operations and submits it for review, ' +
        'and people review each operation (approve, reject, rate, annotate, or ask you for a revision) before anything is applied. ' +
        'Answers { changeSetId, status: "pending_approval", operations }; follow up with get_review_feedback. If the API refuses the ' +
        'proposal (unknown record or attribute, a scope the attribute does not have, a value of the wrong type…), the tool error ' +
        'lists each problem as `field [rule]: message` with the field as a path into your input (operations[0].changes[1].scope); ' +
        'nothing is kept, so fix those and call again. Before proposing: get_schema for valid attributes, scopes and values; ' +
        'get_record for current values (pass them as oldValue) and pending changes. One operation per record, one change per ' +
        'attribute and scope.',
      inputSchema: proposeInput,
      annotations: PROPOSES,
    },
    ({ title, description, source, operations }) =>
      guarded(async () => {
        let created: ChangeSetDto;
        try {
          created = await api.createChangeSet({
            title,
            ...(description !== undefined && { description }),
            source,
            operations: operations.map(toOperationInput),
          });
        } catch (error) {
          return errorResult(error, 'The change set was not created.');
        }
        try {
          return ok(proposalView(await api.submitChangeSet(created.id)));
        } catch (error) {
          // A proposal that cannot go to review is withdrawn, so a corrected retry starts clean.
          const withdrawn = await api.deleteChangeSet(created.id).then(
            () => `it was withdrawn (draft ${created.id} deleted) and nothing is under review`,
            () => `its draft ${created.id} is left unsubmitted`,
          );
          return errorResult(error, `The change set was created but refused at submit, so ${withdrawn}.`);
        }
      }),
  );

  server.registerTool(
    'get_review_feedback',
    {
      title: 'Read review feedback',
      description:
        'Read what reviewers said about a change set. Read only. Answers its status with the nextStep to take, revisionCount (how ' +
        'many revisions were requested), per operation its status (pending, approved, rejected, applied, failed) and reviewNote, ' +
        'per change its rating (good or bad) and annotations (a text span of your newValue: text, startOffset, endOffset, ' +
        'sentiment, note), the message thread, and feedbackSummary of the last revision request { good, bad, unrated, snippets, ' +
        'message }. Without changeSetId: lists change sets newest first (e.g. status "revision_requested" for those waiting for you).',
      inputSchema: feedbackInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ changeSetId, status, sourceType, schemaId, offset, limit }) =>
      guarded(async () => {
        if (!changeSetId) {
          const page = await api.listChangeSets({ status, sourceType, schemaId, offset, limit });
          return ok({ total: page.total, offset, limit, items: page.items.map(changeSetSummary) });
        }
        const [changeSet, messages] = await Promise.all([api.getChangeSet(changeSetId), api.messages(changeSetId)]);
        return ok(feedbackView(changeSet, messages));
      }),
  );

  server.registerTool(
    'revise_change_set',
    {
      title: 'Revise a change set',
      description:
        'Rework a proposal a reviewer sent back (status revision_requested), before resubmit_change_set: remove operations, ' +
        'replace an operation\'s changes (e.g. values rated bad or annotated), add operations. Runs those steps in that order, one ' +
        'API call each; on a refusal it stops and says which steps were done. A replaced change keeps its rating and annotations ' +
        'when its newValue stays the same; a changed value loses them (the reviewer judges it anew). Values are checked against ' +
        'the schema when you resubmit. Reviewers see what changed since the revision they reviewed.',
      inputSchema: reviseInput,
      annotations: PROPOSES,
    },
    ({ changeSetId, removeOperationIds = [], replaceOperations = [], addOperations = [] }) =>
      guarded(async () => {
        const steps = [
          ...removeOperationIds.map((operationId) => ({
            label: `remove operation ${operationId}`,
            run: () => api.removeOperation(changeSetId, operationId),
          })),
          ...replaceOperations.map(({ operationId, changes }) => ({
            label: `replace the changes of operation ${operationId}`,
            run: () => api.replaceOperationChanges(changeSetId, operationId, changes.map(toProposedChange)),
          })),
          ...(addOperations.length > 0
            ? [{ label: `add ${addOperations.length} operation(s)`, run: () => api.addOperations(changeSetId, addOperations.map(toOperationInput)) }]
            : []),
        ];
        if (steps.length === 0) return failure('Nothing to revise: give removeOperationIds, replaceOperations or addOperations.');
        const done: string[] = [];
        for (const step of steps) {
          try {
            await step.run();
            done.push(step.label);
          } catch (error) {
            const progress = done.length > 0 ? `Done before that: ${done.join('; ')}.` : 'Nothing was changed.';
            const refusal = notRevisable(error, changeSetId);
            if (refusal) return failure(`${refusal}\n${progress}`);
            return errorResult(error, `Revising change set ${changeSetId} stopped at: ${step.label}. ${progress}`);
          }
        }
        const changeSet = await api.getChangeSet(changeSetId);
        return ok({ ...proposalView(changeSet), done, nextStep: 'Call resubmit_change_set to send it back to review.' });
      }),
  );

  server.registerTool(
    'resubmit_change_set',
    {
      title: 'Resubmit after revision',
      description:
        'Send a change set in status revision_requested back to review: it returns to pending_approval with every operation ' +
        'pending again (revisionCount stays as the revision request counted it). Optionally posts a message to the reviewers ' +
        'first, e.g. what you changed and why. Answers { changeSetId, status, revisionCount, operations }.',
      inputSchema: resubmitInput,
      annotations: PROPOSES,
    },
    ({ changeSetId, message }) =>
      guarded(async () => {
        if (message !== undefined) {
          const caller = await api.caller();
          await api.postMessage(changeSetId, {
            authorId: caller.userId,
            authorName: caller.username,
            authorType: caller.roles.includes(Roles.agent) ? 'agent' : 'user',
            body: message,
          });
        }
        return ok(proposalView(await api.resubmit(changeSetId)));
      }),
  );
}
