import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

@Module({
  imports: [
    // Every token the JwtService signs lives half a year.
    // ruleid: jwt-without-expiry
    JwtModule.register({
      secret: process.env.JWT_SECRET_KEY,
      signOptions: { expiresIn: '180 days' },
    }),
  ],
})
export class AuthModule {}

@Module({
  imports: [
    // ok: jwt-without-expiry
    JwtModule.register({ secret: process.env.JWT_SECRET_KEY, signOptions: { expiresIn: '15m' } }),
  ],
})
export class ApiModule {}
