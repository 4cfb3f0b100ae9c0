import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { RpcClient } from '@sigma/messaging';
import { AccessTokens } from './access-tokens';
import { Public } from './auth.decorators';
import { TokenRequestDto, TokenResponseDto } from './token.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly accessTokens: AccessTokens,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange username and password for an access token',
    description:
      'The token stops working when it expires, or as soon as the user is deleted or has its roles or password changed ' +
      '(on every gateway within AUTH_USER_CACHE_MS, 5 s by default). Rights are those of the user at the time of each request.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Unknown user or wrong password (one message for both)' })
  async token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    const user = await this.rpc.request('records.user.authenticate', { username: body.username, password: body.password });
    return this.accessTokens.sign(user);
  }
}
