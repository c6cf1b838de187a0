declare module '@npmcli/agent' {
  import { Agent as HttpAgent } from 'node:http';
  /** npm's agent: keep-alive, npm's timeouts and socket limits; other options reach tls.connect */
  export class Agent extends HttpAgent {
    constructor(options: Record<string, unknown>);
  }
}
