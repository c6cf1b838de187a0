declare module '@npmcli/arborist' {
  export interface Node {
    name: string;
    packageName: string;
    version: string;
    location: string;
    isLink: boolean;
    isRoot: boolean;
    isWorkspace: boolean;
    isProjectRoot: boolean;
    /** installed from its dependent's tarball (bundleDependencies), not from the registry */
    inBundle: boolean;
    target: Node;
    edgesOut: Map<string, Edge>;
  }
  export interface Edge {
    name: string;
    spec: string;
    type: string;
    to: Node | null;
  }
  export interface Tree extends Node {
    inventory: Map<string, Node>;
  }
  class Arborist {
    constructor(options: { path: string; [key: string]: unknown });
    loadVirtual(options?: Record<string, unknown>): Promise<Tree>;
    loadActual(options?: Record<string, unknown>): Promise<Tree>;
  }
  export default Arborist;
}
