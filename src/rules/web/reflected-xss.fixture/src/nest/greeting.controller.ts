import { Body, Controller, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { GreetingService } from './greeting.service';

function card(title: string): string {
  return `<section><h2>${title}</h2></section>`;
}

@Controller('greetings')
export class GreetingController {
  constructor(private readonly greetings: GreetingService) {}

  @Get('hello/:who')
  hello(@Param('who') who: string) {
    // ruleid: reflected-xss
    return `<h1>Hello ${who}</h1>`;
  }

  @Get('card')
  cardFor(@Query('title') title: string) {
    // ruleid: reflected-xss
    return card(title);
  }

  @Get('banner')
  banner(@Query('who') who: string) {
    // ruleid: reflected-xss
    return this.greetings.banner(who);
  }

  @Get('echo/:who')
  echo(@Param('who') who: string) {
    // Objects are serialised as JSON.
    // ok: reflected-xss
    return { who, greeting: `Hello ${who}` };
  }

  @Get('plain')
  @Header('Content-Type', 'text/plain')
  plain(@Query('who') who: string) {
    // ok: reflected-xss
    return 'Hello ' + who;
  }

  @Post()
  async create(@Body() body: { who: string }) {
    // ok: reflected-xss
    return this.greetings.save(body);
  }

  @Get('manual')
  manual(@Query('who') who: string, @Res() res: Response) {
    res.type('text/plain');
    res.send('Hello ' + who);
    // ok: reflected-xss
    return 'Hello ' + who;
  }
}
