import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { MessagingModule } from '@sigma/messaging';
import { AuditController } from './audit/audit.controller';
import { ChangeSetAuditController } from './audit/change-set-audit.controller';
import { AuthController } from './auth/auth.controller';
import { ChangeSetsController } from './change-sets/change-sets.controller';
import { ImportsController } from './imports/imports.controller';
import { ChangeDecisionsController } from './change-sets/change-decisions.controller';
import { CompletenessPreviewController } from './change-sets/completeness-preview.controller';
import { InsightsController } from './change-sets/insights.controller';
import { LargeSetsController } from './change-sets/large-sets.controller';
import { FeedbackController } from './change-sets/feedback.controller';
import { ReviewController } from './change-sets/review.controller';
import { RevisionsController } from './change-sets/revisions.controller';
import { CATALOG_CONTROLLERS } from './catalogs/catalog.controllers';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { ApiKeysController } from './auth/api-keys.controller';
import { AuthenticationGuard, PermissionGuard } from './auth/auth.guards';
import { MeController } from './auth/me.controller';
import { JwtStrategy } from './auth/jwt.strategy';
import { Principals } from './auth/principals';
import { VerifiedTokens } from './auth/verified-tokens';
import { Sessions } from './auth/sessions';
import { RateLimitGuard } from './limits/rate-limit.guard';
import { ErrorFilter } from './errors/error.filter';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { RecordsBulkController } from './records/bulk/records-bulk.controller';
import { RecordsExportController } from './records/export/records-export.controller';
import { ProbesController } from './health/probes.controller';
import { MetricsController } from './observability/metrics.controller';
import { RecordReads } from './records/read-cache/record-reads';
import { RecordsController } from './records/records.controller';
import { DimensionsController } from './workspace/dimensions.controller';
import { SchemasController } from './workspace/schemas.controller';
import { UsersController } from './workspace/users.controller';
import { LifecycleController } from './workflow/lifecycle.controller';
import { SchemaCompletenessController } from './workflow/schema-completeness.controller';
import { WorkflowsController } from './workflow/workflows.controller';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PassportModule,
        JwtModule.register({}),
        MessagingModule.forService('gateway', config, false),
      ],
      controllers: [
        AuthController,
        MeController,
        ApiKeysController,
        WebhooksController,
        HealthController,
        ProbesController,
        MetricsController,
        RecordsBulkController,
        RecordsExportController,
        RecordsController,
        LifecycleController,
        SchemaCompletenessController,
        AuditController,
        ChangeSetAuditController,
        EventsController,
        DimensionsController,
        SchemasController,
        UsersController,
        WorkflowsController,
        ...CATALOG_CONTROLLERS,
        ChangeSetsController,
        ImportsController,
        ReviewController,
        RevisionsController,
        FeedbackController,
        ChangeDecisionsController,
        CompletenessPreviewController,
        LargeSetsController,
        InsightsController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        Principals,
        VerifiedTokens,
        RecordReads,
        Sessions,
        ApiKeyAuthenticator,
        JwtStrategy,
        // Order matters: authenticate, count against the token's budget, then authorise.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: PermissionGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
