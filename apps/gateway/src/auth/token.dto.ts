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

export class TokenResponseDto {
  @ApiProperty({ description: 'JWT (HS256) with sub, roles, iss, aud, iat, exp' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Lifetime in seconds' })
  expiresIn: number;
}
