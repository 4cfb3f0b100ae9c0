import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class TokenRequestDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  username: string;

  @ApiProperty({ example: 'admin-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshTokenRequestDto {
  @ApiProperty({ example: 'rt_4fQk2mP9qXb7LwZ0cVt8RyN3sHa6JdE1uGo5KiM2pTl', description: 'A refresh token from POST /auth/token or /auth/refresh' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}

export class TokenResponseDto {
  @ApiProperty({
    description:
      "JWT (HS256) with sub, roles, username, tokenVersion, iss, aud, iat, exp. roles is for the client's information: each request " +
      "gets the rights of the user's current roles",
  })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ example: 900, description: 'Access token lifetime in seconds (JWT_EXPIRES_IN_SECONDS)' })
  expiresIn: number;

  @ApiProperty({
    example: 'rt_4fQk2mP9qXb7LwZ0cVt8RyN3sHa6JdE1uGo5KiM2pTl',
    description: 'Opaque, single use: POST /auth/refresh exchanges it for a new pair; presenting it again revokes the whole session',
  })
  refreshToken: string;

  @ApiProperty({ example: 1209600, description: 'Refresh token lifetime in seconds (REFRESH_TOKEN_EXPIRES_IN_SECONDS), renewed by each refresh' })
  refreshExpiresIn: number;
}
