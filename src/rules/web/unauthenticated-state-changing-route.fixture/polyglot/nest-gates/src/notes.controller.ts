import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

@UseGuards(AuthGuard('jwt'))
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: { create(text: string): Promise<unknown> }) {}

  @Post()
  create(@Body() body: { text: string }) {
    return this.notes.create(body.text);
  }
}
