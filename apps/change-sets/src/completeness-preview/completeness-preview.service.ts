import { Injectable } from '@nestjs/common';
import {
  COMPLETENESS_PREVIEW_MAX_ITEMS,
  type CompletenessPreviewItem,
  type CompletenessPreviewPage,
  type CompletenessPreviewPageRequest,
  type CompletenessPreviewResult,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { readOperationPage } from '../change-sets/bounded-pages';
import { ChangeSetStore } from '../change-sets/change-set.store';
import { operationPreview, previewRequestOf, summarize } from '../domain/completeness-preview';

/**
 * A page of a set's operations (the operations list's cursor and order) with each one's
 * completeness before and after its changes, scored by the workflow service; the summary counts
 * the records of this page that the set would make complete.
 */
@Injectable()
export class CompletenessPreviewService {
  constructor(
    private readonly store: ChangeSetStore,
    private readonly rpc: RpcClient,
  ) {}

  async page(request: CompletenessPreviewPageRequest): Promise<CompletenessPreviewPage> {
    const page = await readOperationPage(this.store.manager, request);
    const asks = page.items.map(previewRequestOf);
    const items = asks.filter((ask): ask is CompletenessPreviewItem => !('reason' in ask));
    const answers = await this.score(items);
    const answerOf = new Map(items.map((item, index) => [item, answers[index]]));
    const previews = page.items.map((operation, index) => {
      const ask = asks[index];
      return operationPreview(operation, 'reason' in ask ? ask : (answerOf.get(ask) as CompletenessPreviewResult));
    });
    return { items: previews, summary: summarize(previews), total: page.total, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  }

  /** The workflow's answers in request order, asked COMPLETENESS_PREVIEW_MAX_ITEMS at a time. */
  private async score(items: CompletenessPreviewItem[]): Promise<CompletenessPreviewResult[]> {
    const answers: CompletenessPreviewResult[] = [];
    for (let start = 0; start < items.length; start += COMPLETENESS_PREVIEW_MAX_ITEMS) {
      const reply = await this.rpc.request('workflow.completeness.preview', { items: items.slice(start, start + COMPLETENESS_PREVIEW_MAX_ITEMS) });
      answers.push(...reply.items);
    }
    return answers;
  }
}
