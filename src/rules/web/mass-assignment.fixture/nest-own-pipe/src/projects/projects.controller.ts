import { Body, Controller, Post } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CreateProjectDto } from './project.dto';
import { ProjectEntity } from './project.entity';

@Controller('projects')
export class ProjectsController {
  constructor(@InjectRepository(ProjectEntity) private readonly projects: Repository<ProjectEntity>) {}

  @Post()
  create(@Body() input: CreateProjectDto) {
    // The APP_PIPE StrictBodyPipe strips what CreateProjectDto does not declare.
    // ok: mass-assignment
    return this.projects.insert(input);
  }
}
