import { Body, Controller, Param, Put, UsePipes } from '@nestjs/common';
import { ValidationPipe } from '../shared/validation.pipe';
import { UpdateUserDto } from './user.dto';
import { UserService } from './user.service';

@Controller()
export class UserController {
  constructor(private readonly userService: UserService) {}

  @UsePipes(new ValidationPipe())
  @Put('user/:id')
  async update(@Param('id') id: number, @Body('user') userData: UpdateUserDto) {
    return this.userService.update(id, userData);
  }

  @Put('user/:id/email')
  async email(@Param('id') id: number, @Body('email') email: string) {
    return this.userService.rename(id, email);
  }
}
