import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { type Actor, DomainError, ErrorCodes } from '@sigma/contracts';
import { MeResponseDto } from './api-keys.dto';
import { Authenticated, type Credential, CurrentActor, CurrentCredential } from './auth.decorators';
import { Principals } from './principals';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly principals: Principals) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Who is calling',
    description: 'The user or service account behind the access token or API key, and the roles this request has. Any authenticated caller.',
  })
  @ApiOkResponse({ type: MeResponseDto })
  @ApiUnauthorizedResponse({ description: 'No, or an invalid, access token or API key' })
  async me(@CurrentActor() actor: Actor, @CurrentCredential() credential: Credential): Promise<MeResponseDto> {
    const principal = await this.principals.get(actor.userId);
    if (!principal) throw new DomainError(ErrorCodes.unauthorized, 'Missing or invalid access token');
    return {
      id: principal.id,
      username: principal.username,
      displayName: principal.displayName,
      roles: actor.roles,
      authType: credential.type,
      serviceAccount: principal.serviceAccount,
      ...(credential.type === 'api-key' && { apiKeyId: credential.keyId }),
    };
  }
}
