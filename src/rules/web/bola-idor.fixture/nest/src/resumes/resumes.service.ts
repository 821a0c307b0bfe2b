import { Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';
import { Resume, Statistics } from './resume.entity';

@Injectable()
export class ResumesService {
  constructor(private readonly resumes: Repository<Resume>, private readonly statistics: Repository<Statistics>) {}

  findOne(id: string, userId: number) {
    return this.resumes.findOne({ where: { id, userId } });
  }

  findOneStatistics(id: string) {
    return this.statistics.findOne({ where: { resumeId: id } });
  }

  findOneTemplate(id: string) {
    return this.resumes.findOne({ where: { id }, select: { template: true } });
  }
}
