import { Body, Controller, Param, Patch, Post, Put } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { UserEntity } from './user.entity';

@Controller('users')
export class UsersController {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  @Post()
  create(@Body() dto: CreateUserDto) {
    // The global ValidationPipe (whitelist) drops what CreateUserDto does not declare.
    // ok: mass-assignment
    return this.users.save(dto);
  }

  @Put(':id')
  async update(@Param('id') id: string, @Body('user') changes: UpdateUserDto) {
    const user = await this.users.findOneBy({ id });
    // ok: mass-assignment
    Object.assign(user, changes);
    return this.users.save(user);
  }

  @Patch(':id')
  patch(@Param('id') id: string, @Body() body: Record<string, unknown>) {
    // No DTO class: the pipe has nothing to whitelist against and passes the body through.
    // ruleid: mass-assignment
    return this.users.update(id, body);
  }
}
