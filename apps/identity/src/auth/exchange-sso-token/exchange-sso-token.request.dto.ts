import { ApiProperty } from '@nestjs/swagger';
import { IsJWT } from 'class-validator';

export class ExchangeSsoTokenRequestDto {
  @ApiProperty({ description: 'The ID token the organisation’s OpenID Connect provider issued at sign-in' })
  @IsJWT()
  idToken!: string;
}
