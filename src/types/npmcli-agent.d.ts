// the agent class npm's fetcher (make-fetch-happen) makes its connections with; see src/registry/agent-names.ts
declare module '@npmcli/agent' {
  export class Agent {
    getName(options?: Record<string, unknown>): string;
  }
}
