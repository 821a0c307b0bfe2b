export class UpdateUserDto {
  readonly username?: string;
  readonly bio?: string;
}
