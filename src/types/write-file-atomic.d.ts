declare module 'write-file-atomic' {
  interface Options {
    fsync?: boolean;
    mode?: number;
    encoding?: BufferEncoding;
    chown?: { uid: number; gid: number } | false;
  }
  function writeFileAtomic(filename: string, data: string | Uint8Array, options?: Options): Promise<void>;
  export default writeFileAtomic;
}
