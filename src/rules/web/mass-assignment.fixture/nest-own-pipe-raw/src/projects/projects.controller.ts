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
    // The global CheckedBodyPipe returns the raw body: undeclared properties reach the insert.
    // ruleid: mass-assignment
    return this.projects.insert(input);
  }
}
