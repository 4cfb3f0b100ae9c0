import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from './auth.decorators';
import { Sessions } from './sessions';
import { RefreshTokenRequestDto, TokenRequestDto, TokenResponseDto } from './token.dto';

const REVOCATION =
  'Access tokens stop working when they expire, or as soon as the user is deleted or has its roles or password changed ' +
  '(on every gateway within AUTH_USER_CACHE_MS, 5 s by default); rights are those of the user at the time of each request.';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: Sessions) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange username and password for an access token and a refresh token',
    description: `${REVOCATION} The refresh token (single use, rotating) gets the next pair from POST /auth/refresh.`,
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ description: 'Missing or extra fields (details name them)' })
  @ApiUnauthorizedResponse({ description: 'Unknown user or wrong password (one message for both)' })
  token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    return this.sessions.login(body.username, body.password);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new access token and refresh token',
    description:
      'Rotating: the refresh token presented is retired and a new one returned. Presenting a retired one again (a copy is ' +
      'in someone else\'s hands) revokes the whole session, the newest token included. A new password or new roles, ' +
      `like a deletion of the user, revoke every refresh token issued before. ${REVOCATION}`,
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ description: 'refreshToken missing or not a string' })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or reused refresh token (one message for all)' })
  refresh(@Body() body: RefreshTokenRequestDto): Promise<TokenResponseDto> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke a refresh token and its whole session',
    description:
      'Always 204, also for an unknown or already revoked token. Access tokens already issued run out at their (short) expiry.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'refreshToken missing or not a string' })
  async logout(@Body() body: RefreshTokenRequestDto): Promise<void> {
    await this.sessions.logout(body.refreshToken);
  }
}
