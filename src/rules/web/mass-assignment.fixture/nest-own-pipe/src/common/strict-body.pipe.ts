import { ArgumentMetadata, Injectable, PipeTransform, UnprocessableEntityException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

// Builds the DTO instance, drops every property without a validation decorator and returns the
// instance: handlers receive only declared fields.
@Injectable()
export class StrictBodyPipe implements PipeTransform<unknown> {
  async transform(input: unknown, { metatype }: ArgumentMetadata) {
    if (!metatype || [String, Number, Boolean, Array, Object].includes(metatype as never)) return input;
    const instance = plainToInstance(metatype, input);
    const problems = await validate(instance as object, { whitelist: true, forbidNonWhitelisted: true });
    if (problems.length) throw new UnprocessableEntityException(problems);
    return instance;
  }
}
