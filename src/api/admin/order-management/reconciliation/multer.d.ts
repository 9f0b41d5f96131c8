// multer (Medusa's own upload routes use it) ships no types; the part this plugin uses
declare module "multer" {
  type Options = { storage?: unknown; limits?: { fileSize?: number; files?: number; fields?: number } }
  type Middleware = (req: any, res: any, next: (err?: unknown) => void) => void
  interface Multer {
    single(field: string): Middleware
  }
  interface MulterStatic {
    (opts?: Options): Multer
    memoryStorage(): unknown
  }
  const multer: MulterStatic
  export default multer
}
