import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCodes } from '@sigma/contracts';
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
    description:
      `${REVOCATION} The refresh token (single use, rotating) gets the next pair from POST /auth/refresh. ` +
      'Sign-ins are throttled per username, known or not: after 5 consecutive failures each further one locks the username ' +
      'for 1 s, then 2 s, 4 s … up to 15 minutes (shared by all gateways); while locked every attempt, right password included, ' +
      'answers 429 with Retry-After. A successful sign-in, or an hour without failures, resets the count.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ description: 'Missing or extra fields (details name them)' })
  @ApiUnauthorizedResponse({ description: 'Unknown user or wrong password (one message for both)' })
  @ApiTooManyRequestsResponse({ description: 'The username is locked after repeated failures; Retry-After and details.retryAfterSeconds say for how long' })
  async token(@Body() body: TokenRequestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponseDto> {
    try {
      return await this.sessions.login(body.username, body.password);
    } catch (error) {
      const retryAfter = error instanceof DomainError && error.code === ErrorCodes.rateLimited && retryAfterOf(error.details);
      if (retryAfter) void reply.header('retry-after', String(retryAfter));
      throw error;
    }
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

function retryAfterOf(details: unknown): number | undefined {
  const seconds = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 ? seconds : undefined;
}
