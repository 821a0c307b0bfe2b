import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
import { CreateUserDto } from './create-user.dto';

const prisma = new PrismaClient();

@Controller('users')
export class UsersController {
  @Post()
  create(@Body() dto: CreateUserDto) {
    // No ValidationPipe anywhere in this service: the DTO type is a compile-time hint only.
    // ruleid: mass-assignment
    return prisma.user.create({ data: dto });
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() body) {
    // ruleid: mass-assignment
    return prisma.user.update({ where: { id }, data: body });
  }
}
