import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

// Checks the DTO's constraints but hands the raw value on: undeclared properties survive.
@Injectable()
export class ValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata) {
    if (!metadata.metatype) return value;
    const errors = await validate(plainToInstance(metadata.metatype, value) as object);
    if (errors.length > 0) throw new BadRequestException('Input data validation failed');
    return value;
  }
}
