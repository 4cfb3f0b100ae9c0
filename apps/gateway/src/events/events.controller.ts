import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FEED_SCAN_LIMIT, type FeedPage, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiOk } from '../openapi/responses';
import { FeedQueryDto } from './events.dto';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'Read the change feed',
    description:
      'Every committed record event (created, updated, deleted, transitioned; each with its changes, author and the change set ' +
      'and operation it came from), in publication order: a record\'s events in commit order. Start without `after`, then pass ' +
      'each page\'s `nextCursor` as `after`; a reader that stops (or crashes) resumes from the last cursor it kept and misses ' +
      'nothing, whatever restarted in between. An empty page keeps the cursor: poll again later. `types` narrows the events; ' +
      `such a page reads at most ${FEED_SCAN_LIMIT} events, so it may come back with fewer items (even none) and a cursor that ` +
      'moved on. The feed reaches back as far as the event stream retains events (EVENT_RETENTION_DAYS, 30 by default); a ' +
      'cursor older than that answers the events still kept with `skipped` > 0.',
  })
  @ApiOk('FeedPage')
  read(@Query() query: FeedQueryDto): Promise<FeedPage> {
    return this.rpc.request('audit.feed.read', { after: query.after, types: query.types, limit: query.limit });
  }
}
