import { IsEmail, IsString, MinLength, Length } from 'class-validator';

export class CreateUserDto {
  @IsEmail()
  email: string;

  @IsString()
  // ruleid: weak-password-policy
  @MinLength(6)
  password: string;
}

export class LoginDto {
  @IsEmail()
  email: string;

  // ok: weak-password-policy
  @Length(4, 64)
  password: string;
}

export class ChangePasswordDto {
  // ok: weak-password-policy
  @MinLength(10)
  newPassword: string;
}
