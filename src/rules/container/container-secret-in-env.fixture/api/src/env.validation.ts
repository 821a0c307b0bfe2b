import { IsNotEmpty, IsNotIn, MinLength } from 'class-validator';

// The environment schema checked at start: the sample secret of docker-compose.yml is refused.
export class EnvironmentVariables {
  @IsNotEmpty()
  @MinLength(32)
  @IsNotIn(['REPLACE_WITH_LONG_SECRET'])
  APP_SECRET: string;
}
