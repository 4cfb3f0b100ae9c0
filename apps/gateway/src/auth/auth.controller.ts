import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { RpcClient } from '@sigma/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { Public } from './auth.decorators';
import { JWT_ALGORITHM } from './jwt.strategy';
import { TokenRequestDto, TokenResponseDto } from './token.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly jwt: JwtService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange username and password for an access token' })
  @ApiOkResponse({ type: TokenResponseDto, description: 'An access token' })
  @ApiUnauthorizedResponse({ description: 'Unknown user or wrong password (one message for both)' })
  async token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    const actor = await this.rpc.request('records.user.authenticate', { username: body.username, password: body.password });
    const accessToken = await this.jwt.signAsync(
      { roles: actor.roles, username: actor.username },
      {
        subject: actor.userId,
        algorithm: JWT_ALGORITHM,
        secret: this.config.jwtSecret,
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        expiresIn: this.config.JWT_EXPIRES_IN_SECONDS,
      },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_EXPIRES_IN_SECONDS };
  }
}
