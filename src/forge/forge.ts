/**
 * What constrain asks of a forge (GitHub, GitLab): change requests (pull or merge requests) and issues. The flows in
 * this folder (rolling proposal, dashboard) talk to this interface only; an implementation knows nothing about
 * proposals.
 */
export interface Forge {
  /** "GitHub", "GitLab": for messages */
  readonly name: string;
  /** what users call a change request there: "pull request", "merge request" */
  readonly changeNoun: string;
  defaultBranch(): Promise<string>;
  /** open change requests from `branch` */
  openChanges(branch: string): Promise<ForgeItem[]>;
  createChange(input: { branch: string; base: string; title: string; body: string; labels: string[] }): Promise<ForgeItem>;
  updateChange(number: number, input: { title: string; body: string }): Promise<ForgeItem>;
  closeChange(number: number, comment: string): Promise<void>;
  /** open issues whose body contains `text` */
  openIssues(text: string): Promise<ForgeItem[]>;
  createIssue(input: { title: string; body: string; labels: string[] }): Promise<ForgeItem>;
  updateIssue(number: number, input: { title: string; body: string }): Promise<ForgeItem>;
  closeIssue(number: number, comment: string): Promise<void>;
}

/** A change request or an issue, as the flows read it. */
export interface ForgeItem {
  number: number;
  url: string;
  title: string;
  body: string;
}
