import { Injectable } from '@nestjs/common';
import type { RpcRequest as Req, RpcResponse as Res } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { CompletenessPreviewService } from './completeness-preview.service';

/** NATS face of the completeness preview of a set's operations. */
@Injectable()
export class CompletenessPreviewHandler {
  constructor(private readonly previews: CompletenessPreviewService) {}

  @RpcHandler('change-sets.operation.preview-completeness')
  preview(request: Req<'change-sets.operation.preview-completeness'>): Promise<Res<'change-sets.operation.preview-completeness'>> {
    return this.previews.page(request);
  }
}
