import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

// Validates with whitelist on a copy but hands the raw input on: undeclared properties survive.
@Injectable()
export class CheckedBodyPipe implements PipeTransform<unknown> {
  async transform(input: unknown, { metatype }: ArgumentMetadata) {
    if (!metatype) return input;
    const copy = plainToInstance(metatype, input);
    const problems = await validate(copy as object, { whitelist: true });
    if (problems.length) throw new BadRequestException(problems);
    return input;
  }
}
