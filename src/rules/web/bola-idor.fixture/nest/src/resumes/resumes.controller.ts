import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ResumeGuard } from './resume.guard';
import { ResumesService } from './resumes.service';

@Controller('resumes')
export class ResumesController {
  constructor(private readonly resumesService: ResumesService) {}

  @Get()
  @UseGuards(AuthGuard('jwt'))
  findAll() {
    return [];
  }

  // ok: bola-idor
  @Get(':id')
  @UseGuards(AuthGuard('jwt'), ResumeGuard)
  findOne(@Param('id') id: string) {
    return this.resumesService.findOneTemplate(id);
  }

  // Its sibling on the same id runs ResumeGuard; this one reads the statistics of any resume.
  // ruleid: bola-idor
  @Get(':id/statistics')
  @UseGuards(AuthGuard('jwt'))
  findOneStatistics(@Param('id') id: string) {
    return this.resumesService.findOneStatistics(id);
  }
}
