import { Body, Controller, Headers, Post } from '@nestjs/common';

@Controller('agent')
export class AgentController {
  @Post()
  create(@Body() body: { text: string; apiKey: string }) {
    // ruleid: timing-unsafe-secret-comparison
    if (!body.apiKey || body.apiKey !== process.env.AGENT_API_KEY) return;
    return body.text;
  }

  @Post('ping')
  ping(@Headers('x-client') client: string) {
    // ok: timing-unsafe-secret-comparison
    if (client === process.env.CLIENT_NAME) return 'pong';
    return 'who?';
  }
}
