import { Controller, Post } from '@nestjs/common';

// Listed in no module: Nest never routes it.
@Controller('debug')
export class ProfilingController {
  constructor(private readonly profiler: { reset(): Promise<void> }) {}

  // ok: unauthenticated-state-changing-route
  @Post('reset')
  reset() {
    return this.profiler.reset();
  }
}
