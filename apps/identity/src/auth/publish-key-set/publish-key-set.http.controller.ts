import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '#auth';
import { TokenSigningKeys, type PublishedKey, type PublishedKeySet } from '../token-signing-keys.js';

export class PublicKeyResponseDto implements PublishedKey {
  @ApiProperty({ enum: ['EC'] }) kty!: 'EC';
  @ApiProperty({ enum: ['P-256'] }) crv!: 'P-256';
  @ApiProperty({ description: 'The x coordinate of the public point (base64url)' }) x!: string;
  @ApiProperty({ description: 'The y coordinate of the public point (base64url)' }) y!: string;
  @ApiProperty({ description: 'Key id, the JWK thumbprint (RFC 7638); access tokens name it in their `kid` header' }) kid!: string;
  @ApiProperty({ enum: ['ES256'] }) alg!: 'ES256';
  @ApiProperty({ enum: ['sig'] }) use!: 'sig';
}

export class KeySetResponseDto implements PublishedKeySet {
  @ApiProperty({ type: [PublicKeyResponseDto], description: 'The current key first; during a rotation also the previous one' })
  keys!: PublicKeyResponseDto[];
}

@ApiTags('auth')
@Controller('auth')
export class PublishKeySetHttpController {
  constructor(private readonly keys: TokenSigningKeys) {}

  /**
   * Public: what the other services (and anyone) verify access tokens with. Cached briefly, so a rotated key
   * reaches every verifier within a minute; services fetch again at once for a key id they do not know.
   */
  @Get('jwks')
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: 'The public keys access tokens are signed with (JWK Set, ES256)',
    description: 'Only identity signs access tokens; every service verifies them against this set. It never holds a private key.',
  })
  @ApiOkResponse({ type: KeySetResponseDto })
  keySet(): KeySetResponseDto {
    return this.keys.publicKeySet();
  }
}
