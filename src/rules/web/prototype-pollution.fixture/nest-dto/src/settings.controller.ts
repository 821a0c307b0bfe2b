import { Body, Controller, Put } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { merge } from 'lodash';

export class UpdateSettingsDto {
  @IsOptional() @IsString() theme?: string;
  @IsOptional() @IsString() language?: string;
}

const defaults = { theme: 'light', language: 'en' };

@Controller('settings')
export class SettingsController {
  @Put()
  update(@Body() data: UpdateSettingsDto) {
    // The global whitelisting pipe drops keys the DTO does not declare (`__proto__`, `constructor`):
    // still a merge of client data on a vulnerable lodash, rated with low confidence.
    // ruleid: prototype-pollution
    return merge({}, defaults, data);
  }

  @Put('raw')
  raw(@Body() data: Record<string, unknown>) {
    // ruleid: prototype-pollution
    return merge({}, defaults, data);
  }
}
